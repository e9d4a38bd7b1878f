/**
 * `gatea sim` (the simulator alone) and `gatea demo` (the simulator plus a
 * gateway wired to it with a fresh service key). With `--json` each prints
 * exactly one JSON line on stdout once it accepts connections (DESIGN §5);
 * human text goes to stderr. Only src/cli imports sim/.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Flavor, type RunningSimulator, startSimulator } from '../../sim/index.js';
import { ConfigError, loadConfig } from '../config/index.js';
import { createLogger } from '../observability/index.js';
import { startGateway } from './gateway.js';
import { runKeys } from './keys.js';

interface SimFlags {
  json: boolean;
  port: number;
  host: string;
  flavor: Flavor;
  version: string | undefined;
}

const SIM_FLAGS = new Set(['--port', '--host', '--flavor', '--version']);

function parseSimFlags(argv: readonly string[], allowed: ReadonlySet<string>): SimFlags {
  const flags: SimFlags = { json: false, port: 0, host: '127.0.0.1', flavor: 'gitea', version: undefined };
  const problems: { setting: string; problem: string }[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--json') {
      flags.json = true;
      continue;
    }
    const [name, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    if (!allowed.has(name)) {
      problems.push({ setting: name, problem: 'is not a known flag here' });
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) problems.push({ setting: name, problem: 'needs a value' });
    else if (name === '--port') {
      const port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        problems.push({ setting: '--port', problem: `must be 0–65535, not "${value}"` });
      else flags.port = port;
    } else if (name === '--host') flags.host = value;
    else if (name === '--flavor') {
      if (value !== 'gitea' && value !== 'forgejo')
        problems.push({ setting: '--flavor', problem: 'must be gitea or forgejo' });
      else flags.flavor = value;
    } else flags.version = value;
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return flags;
}

async function launchSim(flags: SimFlags): Promise<RunningSimulator> {
  try {
    return await startSimulator({ port: flags.port, host: flags.host, flavor: flags.flavor, version: flags.version });
  } catch (err) {
    if (err instanceof TypeError) throw new ConfigError([{ setting: '--version', problem: err.message }]);
    throw err;
  }
}

function simLine(sim: RunningSimulator): Record<string, unknown> {
  return {
    url: sim.url,
    flavor: sim.sim.profile.flavor,
    version: sim.sim.profile.version,
    users: sim.seed.users,
    ...('oauthApp' in sim.seed ? { oauthApp: sim.seed.oauthApp } : {}),
  };
}

/** `gatea sim`: runs until `stop` resolves. */
export async function runSim(argv: readonly string[], stop: () => Promise<void>): Promise<number> {
  const flags = parseSimFlags(argv, SIM_FLAGS);
  const sim = await launchSim(flags);
  if (flags.json) process.stdout.write(`${JSON.stringify(simLine(sim))}\n`);
  process.stderr.write(`Gitea simulator (${sim.sim.profile.flavor} ${sim.sim.profile.version}) at ${sim.url}\n`);
  await stop();
  await sim.close();
  return 0;
}

const DEMO_TOKEN_ENV = 'GATEA_DEMO_GITEA_TOKEN';

/** `gatea demo`: the simulator plus a gateway in front of it, with a service key acting as alice. */
export async function runDemo(argv: readonly string[], stop: () => Promise<void>): Promise<number> {
  const flags = parseSimFlags(argv, new Set(['--port']));
  const sim = await launchSim({ ...flags, port: 0 });
  const dir = await mkdtemp(join(tmpdir(), 'gatea-demo-'));
  try {
    const alice = sim.seed.users.find((u) => u.login === 'alice');
    if (!alice) throw new Error('the simulator seed has no user alice');
    const env: Record<string, string | undefined> = {
      GITEA_URL: sim.url,
      GATEA_PORT: String(flags.port),
      GATEA_DATABASE_URL: `sqlite:${join(dir, 'gatea.db')}`,
      GATEA_DIRECT_TOKENS: process.env.GATEA_DIRECT_TOKENS ?? 'false',
      GATEA_READ_ONLY: process.env.GATEA_READ_ONLY ?? 'true',
      GATEA_TOOLSETS: process.env.GATEA_TOOLSETS,
      GATEA_LOG_LEVEL: process.env.GATEA_LOG_LEVEL ?? 'info',
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
    const gateway = await startGateway(config, env, log);
    if (flags.json)
      process.stdout.write(
        `${JSON.stringify({ mcpUrl: gateway.mcpUrl, giteaUrl: sim.url, serviceKey, users: sim.seed.users })}\n`,
      );
    process.stderr.write(
      [
        `Gatea demo: MCP endpoint ${gateway.mcpUrl} (Gitea simulator at ${sim.url})`,
        `  Service key acting as alice: ${serviceKey}`,
        `  Connect Claude Code: claude mcp add --transport http gatea ${gateway.mcpUrl} --header "Authorization: Bearer ${serviceKey}"`,
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
