/**
 * The real gateway (src/cli/gateway.ts, the composition root `gatea serve`
 * uses) in front of a simulator, in direct mode: callers send their own Gitea
 * tokens, which the real auth pipeline verifies and probes. SQLite store in a
 * temp dir; logs discarded.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  const gateway = await startGateway(loadConfig(env), env, createLogger({ level: 'silent' }));
  return {
    mcpUrl: gateway.mcpUrl,
    async close() {
      await gateway.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
