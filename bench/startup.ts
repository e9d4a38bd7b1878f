/**
 * `npm run bench:startup [-- <launcher.js> …]`: start-up and memory of `gatea serve`,
 * which bench/run.ts measures once per run; here each launcher (default bin/gatea.js,
 * after `npm run build`) is started GATEA_BENCH_STARTS times (default 7) against one
 * simulator, interleaved so a busy moment of a shared machine hits every launcher.
 * Prints, per launcher, the median and range of spawn → "MCP endpoint" line, the
 * idle RSS 1 s after ready, and the RSS peak during and 2 s after a short c=32
 * tools/call load. Writes nothing; numbers go to bench/RESULTS.md by hand.
 * A launcher argument may carry Node flags before the path, as one argument:
 * `"--max-semi-space-size=2 bin/gatea.js"`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runLoad } from './load.js';
import { createServiceKey, rssMb, sampleRss, startGateway, startSim, stopAll } from './procs.js';

const STARTS = Number(process.env.GATEA_BENCH_STARTS ?? 7);
const LOAD_S = Number(process.env.GATEA_BENCH_LOAD_S ?? 5);
const specs = process.argv.slice(2);
if (specs.length === 0) specs.push('bin/gatea.js');
const launchers = specs.map((spec) => {
  const words = spec.split(' ').filter(Boolean);
  return { spec, bin: words.at(-1) as string, nodeArgs: words.slice(0, -1) };
});

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const summary = (xs: number[]) =>
  `median ${median(xs).toFixed(0)} (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`;

async function stop(child: { kill: (s: NodeJS.Signals) => boolean; once: (e: 'exit', f: () => void) => unknown }) {
  const exited = new Promise<void>((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gatea-startup-'));
  try {
    const sim = await startSim(launchers[0]?.bin as string);
    const alice = sim.users.find((u) => u.login === 'alice' && u.token);
    if (!alice) throw new Error('the simulator seeded no alice with a token');
    const env = (i: number) => ({
      GITEA_URL: sim.url,
      GATEA_DATABASE_URL: `sqlite:${join(dir, `gatea-${i}.db`)}`,
      GATEA_LOG_LEVEL: 'info',
      BENCH_GITEA_TOKEN: alice.token,
    });
    const keys = launchers.map(({ bin }, i) => createServiceKey(bin, env(i).GATEA_DATABASE_URL, 'BENCH_GITEA_TOKEN'));
    const ready = launchers.map(() => [] as number[]);
    const idle = launchers.map(() => [] as number[]);
    for (let n = 0; n < STARTS; n++) {
      for (const [i, { bin, nodeArgs }] of launchers.entries()) {
        const gw = await startGateway(bin, env(i), nodeArgs);
        ready[i]?.push(gw.readyMs);
        await sleep(1000);
        idle[i]?.push(rssMb(gw.child));
        await stop(gw.child);
      }
    }
    const callRepo = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'get_repository', arguments: { owner: 'alice', repo: 'hello-world' } },
    });
    process.stdout.write(`${STARTS} starts each, Node ${process.version}\n`);
    for (const [i, { spec, bin, nodeArgs }] of launchers.entries()) {
      const gw = await startGateway(bin, env(i), nodeArgs);
      const peak = sampleRss(gw.child);
      const r = await runLoad({
        url: `${gw.url}/mcp`,
        method: 'POST',
        headers: {
          authorization: `Bearer ${keys[i]}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body: callRepo,
        connections: 32,
        durationS: LOAD_S,
      });
      const loadPeak = peak();
      await sleep(2000);
      const after = rssMb(gw.child);
      await stop(gw.child);
      process.stdout.write(
        `${spec}: ready ms ${summary(ready[i] as number[])}; idle RSS MB ${summary(idle[i] as number[])}; ` +
          `c=32 ${LOAD_S} s (${r.requests} requests, ${r.errors + r.non2xx} errors, ${r.rps.toFixed(0)} req/s): ` +
          `RSS peak ${loadPeak.toFixed(0)} MB, ${after.toFixed(0)} MB 2 s after\n`,
      );
    }
  } finally {
    stopAll();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
