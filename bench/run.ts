/**
 * `npm run bench`: Gatea side by side with direct Gitea (simulator) calls and a
 * zero-logic Node hop, all as separate processes over loopback, load from
 * autocannon (bench/load.ts). Writes bench/RESULTS.md. Bounded: a few minutes.
 * GATEA_BENCH_BASELINE=<path to another checkout's bin/gatea.js> adds rows for
 * that build, measured in the same run (before/after comparisons).
 */
import { type ChildProcess, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { brokerAccessToken, registerGatewayCallback } from './broker.js';
import { type LoadResult, type LoadSpec, loadGeneratorName, runLoad } from './load.js';
import {
  cpuMs,
  createServiceKey,
  freePort,
  rssMb,
  sampleRss,
  startGateway,
  startHop,
  startSim,
  stopAll,
} from './procs.js';

const BIN = 'bin/gatea.js';
const RESULTS = 'bench/RESULTS.md';
/** RESULTS.md from this line on is written by hand (before/after notes) and kept by every run. */
const HAND_WRITTEN_MARK = '<!-- Below: written by hand; `npm run bench` keeps it. -->';

function handWritten(): string {
  const old = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '';
  const at = old.indexOf(HAND_WRITTEN_MARK);
  return at >= 0 ? old.slice(at) : `${HAND_WRITTEN_MARK}\n`;
}
const BASELINE = process.env.GATEA_BENCH_BASELINE;
/** Seconds per measured row. Time-bound, not count-bound: autocannon checks a request count only once a second, so a count-bound run ends on a whole second and its throughput is quantised. */
const DURATION_S = { 1: 3, 32: 4 } as const;
/** Seconds of warm-up before each measurement: a few hundred requests left the first gateway row still compiling (JIT) and made it look slower than the same code in the next row. */
const WARMUP_S = 1;
/** Seconds of load each gateway gets before the first measured row. */
const STEADY_S = 3;
/** How long after start the gateway counts as at rest. */
const REST_MS = 12_000;
const SOAK_S = Number(process.env.GATEA_BENCH_SOAK_S ?? 60);
/** What the container image (deploy/Dockerfile) sets glibc's MALLOC_MMAP_THRESHOLD_ to. */
const IMAGE_MMAP_THRESHOLD = /ENV MALLOC_MMAP_THRESHOLD_=(\d+)/.exec(readFileSync('deploy/Dockerfile', 'utf8'))?.[1];
if (!IMAGE_MMAP_THRESHOLD) throw new Error('deploy/Dockerfile sets no MALLOC_MMAP_THRESHOLD_');
const MCP_ACCEPT = 'application/json, text/event-stream';

const f = (n: number, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : '–');
const lines: string[] = [];
const say = (s: string) => {
  lines.push(s);
  process.stderr.write(`${s}\n`);
};

function rpc(method: string, params?: unknown): string {
  return JSON.stringify({ jsonrpc: '2.0', id: 1, method, ...(params === undefined ? {} : { params }) });
}

function mcpSpec(url: string, auth: string, body: string): Omit<LoadSpec, 'connections'> {
  return {
    url: `${url}/mcp`,
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json', accept: MCP_ACCEPT },
    body,
  };
}

/** A load result with the CPU the serving process and the simulator spent per request, in µs. */
type Measured = LoadResult & { cpuUs: number; simCpuUs: number };

async function measure(
  spec: Omit<LoadSpec, 'connections'>,
  c: 1 | 32,
  server: ChildProcess,
  sim: ChildProcess,
): Promise<Measured> {
  await runLoad({ ...spec, connections: c, durationS: WARMUP_S });
  const [server0, sim0] = [cpuMs(server), cpuMs(sim)];
  const r = await runLoad({ ...spec, connections: c, durationS: DURATION_S[c] });
  const perRequest = (ms: number) => (ms * 1000) / Math.max(1, r.requests);
  return { ...r, cpuUs: perRequest(cpuMs(server) - server0), simCpuUs: perRequest(cpuMs(sim) - sim0) };
}

async function post(url: string, auth: string, body: string, path = '/mcp'): Promise<{ status: number; text: string }> {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json', accept: MCP_ACCEPT },
    body,
  });
  return { status: res.status, text: await res.text() };
}

interface SimRecord {
  method: string;
  path: string;
  query: string;
}
async function simRequests(simUrl: string, since: number): Promise<{ latest: number; requests: SimRecord[] }> {
  return (await (await fetch(`${simUrl}/-/sim/requests?since=${since}`)).json()) as {
    latest: number;
    requests: SimRecord[];
  };
}

async function main(): Promise<void> {
  if (!process.argv.includes('--no-build'))
    // The same build as the package and the image (type check, then the esbuild bundle bin/gatea.js loads).
    execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'gatea-bench-'));
  const started = Date.now();
  try {
    await bench(dir);
  } finally {
    stopAll();
    rmSync(dir, { recursive: true, force: true });
  }
  say(`\nWhole run: ${f((Date.now() - started) / 1000, 0)} s.`);
  writeFileSync(RESULTS, `${lines.join('\n')}\n\n${handWritten()}`);
}

async function bench(dir: string): Promise<void> {
  const sim = await startSim(BIN);
  const alice = sim.users.find((u) => u.login === 'alice' && u.token);
  if (!alice) throw new Error('the simulator seeded no alice with a token');
  const others = sim.users.filter((u) => u.token && u !== alice);
  const repoPath = '/api/v1/repos/alice/hello-world';
  const dbUrl = `sqlite:${join(dir, 'gatea.db')}`;
  const key = createServiceKey(BIN, dbUrl, 'BENCH_GITEA_TOKEN');
  const env = {
    GITEA_URL: sim.url,
    GATEA_DATABASE_URL: dbUrl,
    GATEA_DIRECT_TOKENS: 'true',
    GATEA_LOG_LEVEL: 'info',
    BENCH_GITEA_TOKEN: alice.token,
  };
  const gw = await startGateway(BIN, env);
  const idleRss = rssMb(gw.child);
  const gwReadyAt = performance.now();
  // The same gateway in the container image's environment (deploy/Dockerfile: glibc's mmap threshold).
  const gwImage = await startGateway(BIN, {
    ...env,
    GATEA_DATABASE_URL: `sqlite:${join(dir, 'image.db')}`,
    MALLOC_MMAP_THRESHOLD_: IMAGE_MMAP_THRESHOLD,
  });
  const imageIdleRss = rssMb(gwImage.child);
  const imageReadyAt = performance.now();
  const gwAll = await startGateway(BIN, {
    ...env,
    GATEA_TOOLSETS: 'all',
    GATEA_DATABASE_URL: `sqlite:${join(dir, 'all.db')}`,
  });
  // The broker's callback URL must be registered with Gitea before it starts, so its port is chosen first.
  const brokerPort = await freePort();
  const app = await registerGatewayCallback(sim, `http://127.0.0.1:${brokerPort}`);
  const gwBroker = await startGateway(BIN, {
    ...env,
    GATEA_PORT: String(brokerPort),
    GATEA_DATABASE_URL: `sqlite:${join(dir, 'broker.db')}`,
    GITEA_OAUTH_CLIENT_ID: app.clientId,
    GITEA_OAUTH_CLIENT_SECRET: app.clientSecret,
    GATEA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  });
  const brokerToken = await brokerAccessToken(sim, gwBroker.url, 'alice');
  const hop = await startHop(`${sim.url}${repoPath}`, alice.token);
  // V8's memory reducer gives back what start-up used 8 s into a quiet period: measure at rest after that.
  await new Promise((r) => setTimeout(r, Math.max(0, REST_MS - (performance.now() - gwReadyAt))));
  const restRss = rssMb(gw.child);
  await new Promise((r) => setTimeout(r, Math.max(0, REST_MS - (performance.now() - imageReadyAt))));
  const imageRestRss = rssMb(gwImage.child);
  gwImage.child.kill('SIGTERM');
  let baseline: Awaited<ReturnType<typeof startGateway>> | undefined;
  if (BASELINE) {
    const baseDb = `sqlite:${join(dir, 'base.db')}`;
    const baseKey = createServiceKey(BASELINE, baseDb, 'BENCH_GITEA_TOKEN');
    baseline = await startGateway(BASELINE, { ...env, GATEA_DATABASE_URL: baseDb });
    (baseline as { key?: string }).key = baseKey;
  }

  const cpu = cpus();
  say('# Benchmarks');
  say('');
  say(
    `Generated by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${cpu.length} × ${cpu[0]?.model ?? '?'}, Node ${process.version}. Load: ${loadGeneratorName()}.`,
  );
  say('');
  say(
    'Every process is separate (`gatea sim`, `gatea serve` via bin/gatea.js, the hop of bench/hop.ts) over loopback; all rows come from the same run. The machine is shared, so absolute numbers are noisy: compare rows of one run, and read targets as multiples of the hop measured beside them.',
  );
  say(
    `Every gateway first serves ${STEADY_S} s of c=32 tools/call (a fresh process is slower for thousands of requests); each row then gets ${WARMUP_S} s of warm-up, then ${DURATION_S[1]} s at c=1 and ${DURATION_S[32]} s at c=32. Gateway log level info (the tool_call and oauth_auth_summary lines are written).`,
  );

  const bearerKey = `Bearer ${key}`;
  const bearerDirect = `Bearer ${alice.token}`;
  const callRepo = rpc('tools/call', { name: 'get_repository', arguments: { owner: 'alice', repo: 'hello-world' } });
  // Check each route answers, then bring every gateway to a steady state: a fresh process stays slower for
  // thousands of requests (compilation, heap growth), which made whichever row came first look worse.
  const gateways: [string, string][] = [
    [gw.url, bearerKey],
    [gw.url, bearerDirect],
    [gwBroker.url, `Bearer ${brokerToken}`],
    [gwAll.url, bearerDirect],
  ];
  if (baseline) gateways.push([baseline.url, bearerDirect]);
  for (const [url, auth] of gateways) {
    const r = await post(url, auth, callRepo);
    if (r.status !== 200 || r.text.includes('isError'))
      throw new Error(`gateway answered ${r.status}: ${r.text.slice(0, 300)}`);
  }
  for (const [url, auth] of gateways)
    await runLoad({ ...mcpSpec(url, auth, callRepo), connections: 32, durationS: STEADY_S });
  const rows: [string, Omit<LoadSpec, 'connections'>, ChildProcess][] = [
    [
      'direct simulator GET',
      { url: `${sim.url}${repoPath}`, method: 'GET', headers: { authorization: `token ${alice.token}` } },
      sim.child,
    ],
    [
      'zero-logic hop',
      { url: `${hop.url}/`, method: 'POST', headers: { 'content-type': 'application/json' }, body: callRepo },
      hop.child,
    ],
    ['Gatea tools/call, service key', mcpSpec(gw.url, bearerKey, callRepo), gw.child],
    ['Gatea tools/call, direct token', mcpSpec(gw.url, bearerDirect, callRepo), gw.child],
    ['Gatea tools/call, broker token (gat_)', mcpSpec(gwBroker.url, `Bearer ${brokerToken}`, callRepo), gwBroker.child],
    [
      'Gatea REST POST /api/tools/get_repository',
      {
        url: `${gw.url}/api/tools/get_repository`,
        method: 'POST',
        headers: { authorization: bearerKey, 'content-type': 'application/json' },
        body: JSON.stringify({ owner: 'alice', repo: 'hello-world' }),
      },
      gw.child,
    ],
    ['Gatea tools/list (default toolsets)', mcpSpec(gw.url, bearerKey, rpc('tools/list')), gw.child],
    // The all-toolsets gateway has its own database, without the service key: the direct token is used.
    ['Gatea tools/list (all toolsets)', mcpSpec(gwAll.url, bearerDirect, rpc('tools/list')), gwAll.child],
  ];
  if (baseline) {
    const baseKey = (baseline as { key?: string }).key as string;
    rows.push([
      'BASELINE build: tools/call, service key',
      mcpSpec(baseline.url, `Bearer ${baseKey}`, callRepo),
      baseline.child,
    ]);
    rows.push([
      'BASELINE build: tools/call, direct token',
      mcpSpec(baseline.url, bearerDirect, callRepo),
      baseline.child,
    ]);
  }

  const results = new Map<string, Record<1 | 32, Measured>>();
  let loadRss = 0;
  for (const [name, spec, server] of rows) {
    const c1 = await measure(spec, 1, server, sim.child);
    const stop = sampleRss(gw.child);
    const c32 = await measure(spec, 32, server, sim.child);
    loadRss = Math.max(loadRss, stop());
    results.set(name, { 1: c1, 32: c32 });
  }
  const direct = results.get('direct simulator GET') as Record<1 | 32, Measured>;
  const hopR = results.get('zero-logic hop') as Record<1 | 32, Measured>;
  say('');
  say('## Latency and throughput');
  say('');
  say(
    "Added ms = mean latency minus the direct GET's at c=1. Ratio = throughput / the hop's (and / direct) at c=32. Throughput is requests over the run's wall-clock time, and the mean latency follows from it (connections × time / requests); autocannon's percentiles are whole milliseconds. CPU µs = CPU time (user + system, from /proc) per request at c=32 of the process that answers the row (the simulator, the hop or a gateway) and of the simulator: far less noisy than times on a shared machine.",
  );
  say('');
  say(
    '| row | c=1 p50 ms | c=1 p99 ms | c=1 mean ms | added ms | c=32 p50 | c=32 p99 | c=32 req/s | ÷ hop | ÷ direct | CPU µs | sim CPU µs | errors |',
  );
  say('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const [name, r] of results) {
    const added = r[1].mean - direct[1].mean;
    say(
      `| ${name} | ${f(r[1].p50)} | ${f(r[1].p99)} | ${f(r[1].mean)} | ${f(added)} | ${f(r[32].p50)} | ${f(r[32].p99)} | ${f(r[32].rps, 0)} | ${f(r[32].rps / hopR[32].rps)} | ${f(r[32].rps / direct[32].rps)} | ${f(r[32].cpuUs, 0)} | ${f(r[32].simCpuUs, 0)} | ${r[1].errors + r[1].non2xx + r[32].errors + r[32].non2xx} |`,
    );
  }
  const hopAdded = hopR[1].mean - direct[1].mean;
  const gk = results.get('Gatea tools/call, service key') as Record<1 | 32, Measured>;
  say('');
  say(
    `Targets (tools/call, service key): added latency ${f(gk[1].mean - direct[1].mean)} ms vs hop ${f(hopAdded)} ms = ${f((gk[1].mean - direct[1].mean) / hopAdded, 1)}× (target ≤ 2×); c=1 p99 ${f(gk[1].p99)} ms (target ≤ 3); c=32 throughput ${f(gk[32].rps / hopR[32].rps)}× the hop's (target ≥ 0.9).`,
  );

  await authRows(sim.url, gw.url, others);
  say('');
  say('## Start-up and memory (default toolsets, SQLite)');
  say('');
  say(
    `- start to ready (spawn → "MCP endpoint" line): ${f(gw.readyMs, 0)} ms default toolsets, ${f(gwAll.readyMs, 0)} ms all toolsets${baseline ? `, baseline build ${f(baseline.readyMs, 0)} ms` : ''} (target ≤ 500)`,
  );
  say(
    `- RSS idle: ${f(idleRss, 0)} MB right after start, ${f(restRss, 0)} MB at rest ${REST_MS / 1000} s after start (target ≤ 80); in the image's environment (MALLOC_MMAP_THRESHOLD_=${IMAGE_MMAP_THRESHOLD}): ${f(imageIdleRss, 0)} MB right after start, ${f(imageRestRss, 0)} MB at rest${baseline ? `; baseline build ${f(rssMb(baseline.child), 0)} MB after its load` : ''}`,
  );
  say(`- RSS peak under the c=32 rows: ${f(loadRss, 0)} MB`);
  const soakSamples: number[] = [];
  const soakStop = sampleRss(gw.child, soakSamples);
  const soak = await runLoad({ ...mcpSpec(gw.url, bearerKey, callRepo), connections: 32, durationS: SOAK_S });
  const soakPeak = soakStop();
  await new Promise((r) => setTimeout(r, 2000));
  // Drift: the peak of the soak's last third over the peak of its first third (garbage grows and is collected; a leak keeps growing).
  const third = Math.max(1, Math.floor(soakSamples.length / 3));
  const early = Math.max(...soakSamples.slice(0, third));
  const late = Math.max(...soakSamples.slice(-third));
  say(
    `- soak: ${SOAK_S} s of c=32 tools/call (${soak.requests} requests, ${f(soak.rps, 0)} req/s, p99 ${f(soak.p99)} ms, ${soak.errors + soak.non2xx} errors): peak ${f(soakPeak, 0)} MB (target ≤ 200), ${f(rssMb(gw.child), 0)} MB 2 s after; drift ${f(((late - early) / early) * 100, 1)} % (peak of the last third ${f(late, 0)} MB vs the first third's ${f(early, 0)} MB; target ≤ 10 %)`,
  );
  await contextRows(sim.url, gw.url, gwAll.url, bearerKey, bearerDirect, alice.token);
}

/** The API scope probes among `requests` (the probe is `GET /api/v1/repos/search`). */
const probes = (requests: SimRecord[]) => requests.filter((x) => x.path === '/api/v1/repos/search').length;

async function authRows(simUrl: string, gwUrl: string, users: { login: string; token: string }[]): Promise<void> {
  say('');
  say('## Authentication: cache hit vs a new token (direct tokens)');
  say('');
  say("| token | first request ms | API scope probes | upstream calls besides the tool's | which |");
  say('|---|---|---|---|---|');
  const body = rpc('tools/call', { name: 'get_repository', arguments: { owner: 'alice', repo: 'hello-world' } });
  for (const u of users) {
    const { latest } = await simRequests(simUrl, 0);
    const t0 = performance.now();
    const r = await post(gwUrl, `Bearer ${u.token}`, body);
    const ms = performance.now() - t0;
    const seen = (await simRequests(simUrl, latest)).requests.filter(
      (x) => x.path !== '/api/v1/repos/alice/hello-world',
    );
    say(
      `| new token of ${u.login} (HTTP ${r.status}) | ${f(ms)} | ${probes(seen)} | ${seen.length} | ${seen.map((x) => `${x.method} ${x.path}`).join(', ')} |`,
    );
  }
  const hits: number[] = [];
  const u = users[0];
  if (u) {
    const { latest } = await simRequests(simUrl, 0);
    for (let i = 0; i < 50; i++) {
      const t0 = performance.now();
      await post(gwUrl, `Bearer ${u.token}`, body);
      hits.push(performance.now() - t0);
    }
    const extra = (await simRequests(simUrl, latest)).requests.filter(
      (x) => x.path !== '/api/v1/repos/alice/hello-world',
    );
    hits.sort((a, b) => a - b);
    say(
      `| cache hit, ${u.login} (median of 50, fetch client) | ${f(hits[25] ?? Number.NaN)} | ${probes(extra)} in 50 | ${extra.length} in 50 | |`,
    );
  }
}

async function contextRows(
  simUrl: string,
  gwUrl: string,
  allUrl: string,
  bearerKey: string,
  bearerDirect: string,
  token: string,
): Promise<void> {
  say('');
  say('## Context: what a client reads');
  say('');
  say('| configuration | tools | tools/list bytes |');
  say('|---|---|---|');
  let allTools: { name: string; inputSchema: { required?: string[] } }[] = [];
  for (const [name, url, auth] of [
    ['default toolsets, read service key', gwUrl, bearerKey],
    ['default toolsets, direct token (PAT)', gwUrl, bearerDirect],
    ['all toolsets, direct token (PAT)', allUrl, bearerDirect],
  ] as const) {
    const r = await post(url, auth, rpc('tools/list'));
    const tools = (JSON.parse(r.text) as { result: { tools: typeof allTools } }).result.tools;
    if (url === allUrl) allTools = tools;
    say(`| ${name} | ${tools.length} | ${Buffer.byteLength(r.text)} |`);
  }
  say('');
  say(
    'List tools (owner alice, repo hello-world; tools needing other arguments are skipped): the tool result text vs the raw Gitea JSON of the calls it made.',
  );
  say('');
  say('| tool | output bytes | raw Gitea bytes | ratio |');
  say('|---|---|---|---|');
  const known: Record<string, string> = { owner: 'alice', repo: 'hello-world' };
  for (const t of allTools.filter((x) => x.name.startsWith('list_'))) {
    const required = t.inputSchema.required ?? [];
    if (!required.every((k) => k in known)) continue;
    const args = Object.fromEntries(required.map((k) => [k, known[k]]));
    const { latest } = await simRequests(simUrl, 0);
    const r = await post(allUrl, bearerDirect, rpc('tools/call', { name: t.name, arguments: args }));
    const res = JSON.parse(r.text) as { result?: { content: { text: string }[]; isError?: boolean } };
    if (!res.result || res.result.isError) continue;
    const out = Buffer.byteLength(res.result.content[0]?.text ?? '');
    let raw = 0;
    for (const x of (await simRequests(simUrl, latest)).requests) {
      if (x.method !== 'GET' || !x.path.startsWith('/api/v1/') || x.path === '/api/v1/user') continue;
      const g = await fetch(`${simUrl}${x.path}${x.query ? `?${x.query}` : ''}`, {
        headers: { authorization: `token ${token}` },
      });
      raw += Buffer.byteLength(await g.text());
    }
    say(`| ${t.name} | ${out} | ${raw} | ${raw ? f(out / raw) : '–'} |`);
  }
}

await main();
