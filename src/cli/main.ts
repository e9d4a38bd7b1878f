/**
 * The `gatea` command line (DESIGN §5, a contract). Exit codes: 0 success,
 * 2 bad configuration (the message names the setting), 1 anything else.
 */
// Subcommands are imported when run: `serve` must not load the simulator (≈70 modules) or the
// stdio and demo wiring, which cost start-up time and resident memory (bench/RESULTS.md).
import { ConfigError, ENV_SCHEMA, withSettingFiles } from '../config/index.js';
import { GATEA_VERSION } from '../mcp/index.js';

export const HELP = `gatea ${GATEA_VERSION}: a security-first MCP gateway for Gitea and Forgejo

Usage:
  gatea serve [--port N] [--host H] [--public-url URL] [--database-url URL] ...
                         run the gateway (settings from env; see docs/configuration.md)
  gatea demo [--json] [--port N]
                         start the Gitea simulator plus a gateway wired to it
                         (gateway on port 8787 unless --port N; --port 0 picks a free one)
  gatea sim [--json] [--port N] [--host H] [--flavor gitea|forgejo] [--version X.Y.Z]
                         start the Gitea simulator alone
  gatea stdio            MCP over stdin/stdout with GITEA_URL and GITEA_TOKEN
  gatea doctor <gateway-url> [--token T] [--json]
                         check a deployment end to end and print each finding with
                         its fix (token also from GATEA_DOCTOR_TOKEN; see docs/doctor.md)
  gatea keys create --name N --scopes read|write --gitea-token-env VAR
  gatea keys list
  gatea keys revoke ID   manage service keys (GATEA_DATABASE_URL)
  gatea --help | --version

Exit codes: 0 success, 2 bad configuration or usage, 1 other failure
(doctor: 1 when a check fails).
`;

type Env = Readonly<Record<string, string | undefined>>;

/** The environment with each setting given as `NAME_FILE` read from that file (docs/configuration.md). */
function settingsEnv(extra: readonly string[] = []): Env {
  return withSettingFiles(process.env, [...Object.keys(ENV_SCHEMA.shape), ...extra]);
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

function reportConfig(command: string, err: ConfigError): number {
  process.stderr.write(
    `gatea ${command}: bad configuration\n${err.problems.map((p) => `  - ${p.setting} ${p.problem}`).join('\n')}\n`,
  );
  return 2;
}

async function serveCommand(argv: string[]): Promise<number> {
  const [{ loadConfig }, { createLogger }, { SHUTDOWN_GRACE_MS, startGateway }] = await Promise.all([
    import('../config/index.js'),
    import('../observability/index.js'),
    import('./gateway.js'),
  ]);
  const env = settingsEnv();
  const config = loadConfig(env, argv);
  const log = createLogger({ level: config.log.level, async: true });
  const gateway = await startGateway(config, env, log);
  process.stderr.write(`gatea: MCP endpoint ${gateway.mcpUrl}\n`);
  await waitForSignal();
  // Draining: the listener is closed, calls in flight get SHUTDOWN_GRACE_MS to finish.
  log.info({ grace_ms: SHUTDOWN_GRACE_MS }, 'gatea_stopping');
  await gateway.close();
  log.info({}, 'gatea_stopped');
  return 0;
}

async function keysCommand(argv: string[]): Promise<number> {
  const url = settingsEnv().GATEA_DATABASE_URL?.trim() || 'sqlite:./gatea.db';
  const [{ openStore }, { runKeys }] = await Promise.all([import('../store/index.js'), import('./keys.js')]);
  const store = await openStore(url);
  try {
    await runKeys(argv, store, { out: (line) => process.stdout.write(`${line}\n`) }, Date.now);
  } finally {
    await store.close();
  }
  return 0;
}

/** Runs `gatea <argv>` and resolves with the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(HELP);
        return command === undefined ? 2 : 0;
      case '--version':
        process.stdout.write(`${GATEA_VERSION}\n`);
        return 0;
      case 'serve':
        return await serveCommand(rest);
      case 'demo':
        return await (await import('./demo.js')).runDemo(rest, waitForSignal);
      case 'sim':
        return await (await import('./sim.js')).runSim(rest, waitForSignal);
      case 'stdio':
        return await (await import('./stdio.js')).runStdio(settingsEnv());
      case 'keys':
        return await keysCommand(rest);
      case 'doctor': {
        const { DOCTOR_TOKEN_ENV, runDoctorCommand } = await import('./doctor.js');
        return await runDoctorCommand(rest, settingsEnv([DOCTOR_TOKEN_ENV]), {
          out: (text) => process.stdout.write(text),
          err: (text) => process.stderr.write(text),
        });
      }
      default:
        process.stderr.write(`gatea: unknown command "${command}"\n\n${HELP}`);
        return 2;
    }
  } catch (err) {
    if (err instanceof ConfigError) return reportConfig(command ?? '', err);
    process.stderr.write(`gatea ${command}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
