/**
 * `gatea demo`: the simulator plus a gateway wired to it with a fresh service
 * key. With `--json` it prints exactly one JSON line on stdout once it
 * accepts connections (DESIGN §5); human text goes to stderr.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appByClientId } from '../../sim/oauth/apps.js';
import { ConfigError, loadConfig } from '../config/index.js';
import { createLogger } from '../observability/index.js';
import { startGateway } from './gateway.js';
import { runKeys } from './keys.js';
import { launchSimulator } from './sim.js';

/**
 * The demo gateway's port unless `--port` says otherwise: fixed, so an MCP client configured
 * once (Claude Code, MCP Inspector, mcp-remote) finds the demo again on the next run.
 */
export const DEMO_PORT = 8787;

/** `gatea demo` takes `--json` and `--port N` (the gateway's port, default 8787, 0 for a free one; the simulator always picks a free one). */
export function parseDemoFlags(argv: readonly string[]): { json: boolean; port: number } {
  const json = argv.includes('--json');
  const rest = argv.filter((a) => a !== '--json');
  if (rest.length === 0) return { json, port: DEMO_PORT };
  const port =
    rest[0] === '--port' ? Number(rest[1]) : rest[0]?.startsWith('--port=') ? Number(rest[0].slice(7)) : Number.NaN;
  const used = rest[0] === '--port' ? 2 : 1;
  if (rest.length !== used || !Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError([
      { setting: rest[0] ?? '', problem: 'is not understood: gatea demo takes --json and --port N (0–65535)' },
    ]);
  return { json, port };
}

const DEMO_TOKEN_ENV = 'GATEA_DEMO_GITEA_TOKEN';

/** `gatea demo`: the simulator plus a gateway in front of it, with a service key acting as alice. */
export async function runDemo(argv: readonly string[], stop: () => Promise<void>): Promise<number> {
  const flags = parseDemoFlags(argv);
  const sim = await launchSimulator({ json: false, port: 0, host: '127.0.0.1', flavor: 'gitea', version: undefined });
  const dir = await mkdtemp(join(tmpdir(), 'gatea-demo-'));
  try {
    const alice = sim.seed.users.find((u) => u.login === 'alice');
    const app = sim.seed.oauthApp;
    if (!alice || !app) throw new Error('the simulator seed has no user alice or no OAuth app');
    const env: Record<string, string | undefined> = {
      GITEA_URL: sim.url,
      GATEA_PORT: String(flags.port),
      GATEA_DATABASE_URL: `sqlite:${join(dir, 'gatea.db')}`,
      GATEA_DIRECT_TOKENS: process.env.GATEA_DIRECT_TOKENS ?? 'true',
      GATEA_READ_ONLY: process.env.GATEA_READ_ONLY ?? 'true',
      GATEA_TOOLSETS: process.env.GATEA_TOOLSETS,
      GATEA_LOG_LEVEL: process.env.GATEA_LOG_LEVEL ?? 'info',
      // Broker mode with the simulator's OAuth app: clients sign in through the browser.
      GITEA_OAUTH_CLIENT_ID: app.clientId,
      GITEA_OAUTH_CLIENT_SECRET: app.clientSecret,
      GATEA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      [DEMO_TOKEN_ENV]: alice.token,
    };
    const config = loadConfig(env);
    const log = createLogger({ level: config.log.level, stderr: true });
    let serviceKey = '';
    {
      const { openStore } = await import('../store/index.js');
      const store = await openStore(config.store.databaseUrl);
      await runKeys(
        ['create', '--name', 'demo-alice', '--scopes', 'write', '--gitea-token-env', DEMO_TOKEN_ENV],
        store,
        {
          out: (k) => {
            serviceKey = k;
          },
        },
        Date.now,
      );
      await store.close();
    }
    const gateway = await startGateway(config, env, log).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EADDRINUSE') throw err;
      throw new ConfigError([
        {
          setting: '--port',
          problem: `${flags.port} is in use (is another demo running?): pass --port N for another port, or --port 0 for a free one`,
        },
      ]);
    });
    // Gatea's callback is the one redirect URI of its app in Gitea; with --port 0 it is known only now.
    appByClientId(sim.sim.state, app.clientId)?.redirectUris.push(`${gateway.url}/oauth/callback`);
    if (flags.json)
      process.stdout.write(
        `${JSON.stringify({ mcpUrl: gateway.mcpUrl, giteaUrl: sim.url, serviceKey, users: sim.seed.users })}\n`,
      );
    process.stderr.write(
      [
        `Gatea demo: MCP endpoint ${gateway.mcpUrl} (Gitea simulator at ${sim.url})`,
        '  Sign in with OAuth (your client opens a browser; sign in to the simulated Gitea as a user below):',
        `    Claude Code: claude mcp add --transport http gatea ${gateway.mcpUrl}`,
        `    MCP Inspector: npx @modelcontextprotocol/inspector  (Streamable HTTP, URL ${gateway.mcpUrl})`,
        `    mcp-remote: npx mcp-remote ${gateway.mcpUrl}`,
        `  Or with the service key acting as alice (new on every run): ${serviceKey}`,
        `    claude mcp add --transport http gatea ${gateway.mcpUrl} --header "Authorization: Bearer ${serviceKey}"`,
        '  Users (password / personal access token, also accepted as Bearer tokens):',
        ...sim.seed.users.map((u) => `    ${u.login}: ${u.password} / ${u.token}`),
        'Press Ctrl+C to stop.',
        '',
      ].join('\n'),
    );
    await stop();
    await gateway.close();
    return 0;
  } finally {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}
