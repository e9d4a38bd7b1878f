/**
 * The real gateway (src/cli/gateway.ts, the composition root `gatea serve`
 * uses) in front of a simulator, in direct mode: callers send their own Gitea
 * tokens, which the real auth pipeline verifies and probes. SQLite store in a
 * temp dir. Its log lines are kept, and `close()` fails if any of them holds
 * one of the simulator's passwords or tokens (a log sink shared by every test
 * that uses this gateway).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { RunningSimulator } from '../../sim/index.js';
import { startGateway } from '../../src/cli/gateway.js';
import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/observability/index.js';

export interface TestGateway {
  readonly mcpUrl: string;
  close(): Promise<void>;
}

export async function startTestGateway(
  sim: RunningSimulator,
  opts: { readOnly: boolean; toolsets?: string; legacySse?: boolean },
): Promise<TestGateway> {
  const dir = await mkdtemp(join(tmpdir(), 'gatea-test-gw-'));
  const env = {
    GITEA_URL: sim.url,
    GATEA_PORT: '0',
    GATEA_DATABASE_URL: `sqlite:${join(dir, 'gatea.db')}`,
    GATEA_DIRECT_TOKENS: 'true',
    GATEA_READ_ONLY: String(opts.readOnly),
    GATEA_TOOLSETS: opts.toolsets ?? 'all',
    GATEA_LEGACY_SSE: String(opts.legacySse ?? false),
  };
  let logs = '';
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs += String(chunk);
      done();
    },
  });
  const gateway = await startGateway(loadConfig(env), env, createLogger({ level: 'debug', destination: sink }));
  return {
    mcpUrl: gateway.mcpUrl,
    async close() {
      await gateway.close();
      await rm(dir, { recursive: true, force: true });
      // Read the secrets at close: tests add tokens to the simulator as they go.
      const leaked = simulatorSecrets(sim).filter((secret) => logs.includes(secret));
      if (leaked.length > 0) throw new Error(`gateway logs contain ${leaked.length} simulator secret(s)`);
      if (!logs.includes('oauth_auth_summary')) throw new Error('the gateway logged no oauth_auth_summary line');
    },
  };
}

/**
 * The plaintext secrets the simulator handed out at start (seeded passwords and
 * tokens, the OAuth app secret). Tokens a test mints later are stored hashed in
 * the simulator, so the tests that mint them grep their own logs.
 */
function simulatorSecrets(sim: RunningSimulator): string[] {
  const out: string[] = [];
  for (const u of sim.seed.users) out.push(u.password, u.token);
  if (sim.seed.oauthApp) out.push(sim.seed.oauthApp.clientSecret);
  return out.filter((s) => s.length >= 8);
}
