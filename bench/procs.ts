/** Child processes of the benchmark: the simulator, gateways and the hop, each started as a user would. */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { createInterface } from 'node:readline';

/** A started child and how long it took to accept connections. */
export interface Started {
  child: ChildProcess;
  readyMs: number;
}

const children: ChildProcess[] = [];

/** Stops every child started here. */
export function stopAll(): void {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
}

function start(cmd: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return child;
}

/** Resolves with the first line of `stream` matching `re` (its match), or rejects after `timeoutMs`. */
function waitLine(child: ChildProcess, which: 'stdout' | 'stderr', re: RegExp, timeoutMs = 30_000) {
  return new Promise<RegExpMatchArray>((resolve, reject) => {
    const stream = child[which];
    if (!stream) return reject(new Error('no stream'));
    const rl = createInterface({ input: stream });
    const timer = setTimeout(() => reject(new Error(`no line matching ${re} within ${timeoutMs} ms`)), timeoutMs);
    rl.on('line', (line) => {
      const m = line.match(re);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before ${re}`)));
  });
}

/** Drains a stream nobody reads, so a chatty child never blocks on a full pipe. */
function drain(child: ChildProcess): void {
  child.stdout?.resume();
  child.stderr?.resume();
}

/** The `gatea sim --json` line's fields the benchmark uses. */
export interface SimInfo {
  url: string;
  users: { login: string; password: string; token: string; admin: boolean }[];
  oauthApp?: { clientId: string; clientSecret: string };
}

/** A TCP port on 127.0.0.1 nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** `gatea sim --json --port 0` through `bin`. */
export async function startSim(bin: string): Promise<SimInfo & { child: ChildProcess }> {
  const child = start(process.execPath, [bin, 'sim', '--json', '--port', '0'], { GATEA_LOG_LEVEL: 'warn' });
  const [line] = await waitLine(child, 'stdout', /^\{.*\}$/);
  drain(child);
  return { ...(JSON.parse(line) as SimInfo), child };
}

/** `gatea keys create` (read scope) in the database at `databaseUrl`; returns the key. */
export function createServiceKey(bin: string, databaseUrl: string, tokenEnv: string): string {
  return execFileSync(
    process.execPath,
    [bin, 'keys', 'create', '--name', 'bench', '--scopes', 'read', '--gitea-token-env', tokenEnv],
    { env: { ...process.env, GATEA_DATABASE_URL: databaseUrl }, encoding: 'utf8' },
  ).trim();
}

/** `gatea serve` on a free port; ready when it prints its MCP endpoint. */
export async function startGateway(
  bin: string,
  env: NodeJS.ProcessEnv,
  nodeArgs: string[] = [],
): Promise<Started & { url: string }> {
  const t0 = performance.now();
  const child = start(process.execPath, [...nodeArgs, bin, 'serve'], { GATEA_PORT: '0', ...env });
  const [, url] = await waitLine(child, 'stderr', /MCP endpoint (http:\/\/\S+)\/mcp/);
  const readyMs = performance.now() - t0;
  drain(child);
  return { child, readyMs, url: url as string };
}

/** The zero-logic hop (bench/hop.ts) in front of `upstream`. */
export async function startHop(upstream: string, token: string): Promise<Started & { url: string }> {
  const t0 = performance.now();
  const child = start(process.execPath, ['--import', 'tsx', 'bench/hop.ts', upstream, token], {});
  const [port] = await waitLine(child, 'stdout', /^\d+$/);
  drain(child);
  return { child, readyMs: performance.now() - t0, url: `http://127.0.0.1:${port}` };
}

/** Resident set size of a process in MB (Linux /proc). */
export function rssMb(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

/** CPU time a process has used so far, user and system, in ms (Linux /proc; clock ticks of 10 ms). */
export function cpuMs(child: ChildProcess): number {
  const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Samples the RSS of `child` every 100 ms until stopped (into `samples` too, when given); returns the peak. */
export function sampleRss(child: ChildProcess, samples: number[] = []): () => number {
  let peak = rssMb(child);
  const timer = setInterval(() => {
    const rss = rssMb(child);
    samples.push(rss);
    peak = Math.max(peak, rss);
  }, 100);
  return () => {
    clearInterval(timer);
    return Math.max(peak, rssMb(child));
  };
}
