/**
 * `gatea sim`: the Gitea simulator alone (DESIGN §5). With `--json` it prints
 * exactly one JSON line on stdout once it accepts connections, so scripts and
 * tests can wait for it; human text always goes to stderr. It runs until
 * `stop` resolves (SIGINT/SIGTERM) and then closes cleanly. Only src/cli
 * imports sim/ (STYLE §2.1).
 */
import { z } from 'zod';
import { type Flavor, type RunningSimulator, startSimulator } from '../../sim/index.js';
import { ConfigError, type ConfigProblem } from '../config/index.js';

/** Parsed `gatea sim` flags. */
export interface SimFlags {
  readonly json: boolean;
  readonly port: number;
  readonly host: string;
  readonly flavor: Flavor;
  readonly version: string | undefined;
}

/** The `gatea sim --json` line (a contract: scripts and the demo rely on it). */
export interface SimReadyLine {
  url: string;
  flavor: Flavor;
  version: string;
  users: { login: string; password: string; token: string; admin: boolean }[];
  oauthApp?: { clientId: string; clientSecret: string; redirectUris: string[] };
}

/** Usage of `gatea sim`. */
export const SIM_USAGE = `Usage: gatea sim [--json] [--port N] [--host H] [--flavor gitea|forgejo] [--version X.Y.Z]

Starts the Gitea simulator with seeded users, repositories and an OAuth app.
  --json          print one JSON line on stdout once it listens (url, users, tokens, oauthApp)
  --port N        port to listen on; 0 (default) picks a free one
  --host H        address to listen on (default 127.0.0.1)
  --flavor F      gitea (default) or forgejo
  --version V     the version to imitate, e.g. 1.25.0 (Gitea) or 11.0.1 (Forgejo)
`;

const VALUE_FLAGS = new Set(['--port', '--host', '--flavor', '--version']);

/** Parses `gatea sim` flags; throws ConfigError naming every bad flag. */
export function parseSimFlags(argv: readonly string[]): SimFlags {
  const flags = {
    json: false,
    port: 0,
    host: '127.0.0.1',
    flavor: 'gitea' as Flavor,
    version: undefined as string | undefined,
  };
  const problems: ConfigProblem[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--json') {
      flags.json = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    if (!VALUE_FLAGS.has(name)) {
      problems.push({ setting: name, problem: 'is not a flag of gatea sim (see gatea sim --help)' });
      continue;
    }
    let value: string | undefined = eq < 0 ? undefined : arg.slice(eq + 1);
    if (value === undefined && argv[i + 1] !== undefined && !argv[i + 1]?.startsWith('--')) value = argv[++i];
    if (value === undefined || value === '') {
      problems.push({ setting: name, problem: 'needs a value' });
      continue;
    }
    const problem = applySimFlag(flags, name, value);
    if (problem) problems.push({ setting: name, problem });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return flags;
}

function applySimFlag(flags: { -readonly [K in keyof SimFlags]: SimFlags[K] }, name: string, value: string) {
  switch (name) {
    case '--port': {
      const port = /^\d+$/.test(value) ? Number(value) : Number.NaN;
      if (!(port >= 0 && port <= 65535)) return `must be a whole number from 0 to 65535, not "${value}"`;
      flags.port = port;
      return null;
    }
    case '--host':
      flags.host = value;
      return null;
    case '--flavor':
      if (value !== 'gitea' && value !== 'forgejo') return `must be gitea or forgejo, not "${value}"`;
      flags.flavor = value;
      return null;
    default:
      if (!/^\d+\.\d+\.\d+$/.test(value)) return `must look like X.Y.Z, not "${value}"`;
      flags.version = value;
      return null;
  }
}

/** Starts the simulator; a version it cannot imitate is a flag problem (exit 2), not a crash. */
export async function launchSimulator(flags: SimFlags): Promise<RunningSimulator> {
  try {
    return await startSimulator({ port: flags.port, host: flags.host, flavor: flags.flavor, version: flags.version });
  } catch (err) {
    if (err instanceof TypeError) throw new ConfigError([{ setting: '--version', problem: err.message }]);
    if (err instanceof Error && 'code' in err && (err.code === 'EADDRINUSE' || err.code === 'EACCES'))
      throw new ConfigError([
        { setting: '--port', problem: `cannot listen on ${flags.host}:${flags.port} (${err.code})` },
      ]);
    throw err;
  }
}

const OAuthAppShape = z.object({
  clientId: z.string(),
  clientSecret: z.string(),
  redirectUris: z.array(z.string()),
});

/** The ready line, with the contract's fields only (a seed that grows does not change it). */
export function simReadyLine(sim: RunningSimulator): SimReadyLine {
  const line: SimReadyLine = {
    url: sim.url,
    flavor: sim.sim.profile.flavor,
    version: sim.sim.profile.version,
    users: sim.seed.users.map(({ login, password, token, admin }) => ({ login, password, token, admin })),
  };
  // The OAuth app joins the seed separately; include it once the seed provides one.
  const app = OAuthAppShape.safeParse('oauthApp' in sim.seed ? sim.seed.oauthApp : undefined);
  if (app.success) line.oauthApp = app.data;
  return line;
}

/** Output streams of a command (injected so tests need no real process). */
export interface CommandIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** `gatea sim`: starts, announces, runs until `stop` resolves, closes; resolves with the exit code. */
export async function runSim(
  argv: readonly string[],
  stop: () => Promise<void>,
  io: CommandIo = process,
): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(SIM_USAGE);
    return 0;
  }
  const flags = parseSimFlags(argv);
  const sim = await launchSimulator(flags);
  try {
    const line = simReadyLine(sim);
    if (flags.json) io.stdout.write(`${JSON.stringify(line)}\n`);
    io.stderr.write(
      [
        `Gitea simulator (${line.flavor} ${line.version}) at ${line.url}`,
        ...line.users.map((u) => `  ${u.login}${u.admin ? ' (admin)' : ''}: password ${u.password}, token ${u.token}`),
        ...(line.oauthApp ? [`  OAuth app: client id ${line.oauthApp.clientId}`] : []),
        'Press Ctrl+C to stop.',
        '',
      ].join('\n'),
    );
    await stop();
  } finally {
    await sim.close();
  }
  return 0;
}
