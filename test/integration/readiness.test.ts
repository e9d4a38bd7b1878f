/**
 * `/readyz` of the real gateway: ready while the store and the simulated Gitea
 * answer; 503 naming Gitea once Gitea is gone, while `/healthz` stays 200.
 * Any Host is accepted (probes come with a pod IP).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startGateway } from '../../src/cli/gateway.js';
import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/observability/index.js';
import { captureLogs } from '../support/log-capture.js';
import { startTestSim } from '../support/sim.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe('/readyz', () => {
  it('is ready with store and Gitea up, and names Gitea when it goes away', async () => {
    const sim = await startTestSim();
    let simClosed = false;
    cleanups.push(async () => {
      if (!simClosed) await sim.close();
    });
    const dir = await mkdtemp(join(tmpdir(), 'gatea-readyz-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const env = { GITEA_URL: sim.url, GATEA_PORT: '0', GATEA_DATABASE_URL: `sqlite:${join(dir, 'gatea.db')}` };
    const gateway = await startGateway(
      loadConfig(env),
      env,
      createLogger({ level: 'warn', destination: captureLogs().sink }),
    );
    cleanups.push(() => gateway.close());
    const probe = (path: string) => fetch(`${gateway.url}${path}`, { headers: { host: '10.1.2.3:8080' } });

    const up = await probe('/readyz');
    expect(up.status).toBe(200);
    expect(await up.json()).toEqual({ status: 'ready', checks: { store: 'ok', gitea: 'ok' } });

    await sim.close();
    simClosed = true;
    // Past the short answer cache.
    await new Promise((r) => setTimeout(r, 2_100));
    const down = await probe('/readyz');
    expect(down.status).toBe(503);
    const body = (await down.json()) as { status: string; checks: Record<string, string> };
    expect(body.status).toBe('not_ready');
    expect(body.checks.store).toBe('ok');
    expect(body.checks.gitea).toMatch(/does not answer/);
    expect((await probe('/healthz')).status).toBe(200);
  });
});
