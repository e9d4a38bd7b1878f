/**
 * `gatea doctor <gateway-url> [--token T] [--json]` (DESIGN §5): checks a
 * deployment end to end and prints each finding with its fix. Exit 0 when
 * nothing failed, 1 when something did, 2 for bad usage (ConfigError). The
 * token may come from GATEA_DOCTOR_TOKEN instead of the command line (where
 * shell history and `ps` would keep it); it is never printed, not even in part.
 */
import { ConfigError, type ConfigProblem, secretProblem } from '../config/index.js';
import { exitCodeOf, parseTarget, redactSecret, renderJson, renderText, runDoctor } from '../doctor/index.js';

/** The environment variable doctor reads a token from. */
export const DOCTOR_TOKEN_ENV = 'GATEA_DOCTOR_TOKEN';

const USAGE = 'gatea doctor <gateway-url> [--token T] [--json]';

/** Parsed arguments of `gatea doctor`. */
export interface DoctorFlags {
  readonly gatewayUrl: string;
  readonly token: string | undefined;
  /** Where the token came from (a command-line token earns a hint to use the variable). */
  readonly tokenFrom: '--token' | typeof DOCTOR_TOKEN_ENV | undefined;
  readonly json: boolean;
}

/** Why `value` cannot be a token, without repeating any of it; null when it may be one. */
function tokenProblem(value: string): string | null {
  const problem = secretProblem(value);
  if (problem === 'is empty') return 'is empty (did the variable it came from expand to nothing?)';
  if (problem) return 'looks like a placeholder, not a token';
  if (/\s/.test(value.trim())) return 'contains whitespace (give the token alone, without "Bearer ")';
  return null;
}

/** Parses doctor's arguments; throws ConfigError naming every problem. */
export function parseDoctorFlags(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): DoctorFlags {
  const problems: ConfigProblem[] = [];
  const positional: string[] = [];
  let json = false;
  let flagToken: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--json') json = true;
    else if (arg === '--token') {
      // A flag right after --token is not its value: the token is missing.
      const next = argv[i + 1];
      flagToken = next === undefined || next.startsWith('--') ? '' : next;
      if (next !== undefined && !next.startsWith('--')) i++;
    } else if (arg.startsWith('--token=')) flagToken = arg.slice('--token='.length);
    else if (arg.startsWith('-'))
      problems.push({ setting: arg.split('=')[0] ?? arg, problem: `is not a flag of ${USAGE}` });
    else positional.push(arg);
  }
  if (positional.length === 0) problems.push({ setting: '<gateway-url>', problem: `is required: ${USAGE}` });
  if (positional.length > 1)
    problems.push({
      setting: '<gateway-url>',
      problem: `is given ${positional.length} times; doctor checks one gateway`,
    });
  const target = positional[0] === undefined ? undefined : parseTarget(positional[0]);
  if (typeof target === 'string') problems.push({ setting: '<gateway-url>', problem: target });

  const envToken = env[DOCTOR_TOKEN_ENV];
  const tokenFrom = flagToken !== undefined ? '--token' : envToken !== undefined ? DOCTOR_TOKEN_ENV : undefined;
  const token = flagToken ?? envToken;
  const bad = token === undefined ? null : tokenProblem(token);
  if (bad && tokenFrom) problems.push({ setting: tokenFrom, problem: bad });
  if (problems.length > 0) throw new ConfigError(problems);
  return { gatewayUrl: positional[0] as string, token: token?.trim(), tokenFrom, json };
}

/** Where doctor writes. */
export interface DoctorIo {
  out(text: string): void;
  err(text: string): void;
}

/** Runs `gatea doctor`; resolves with the exit code (throws ConfigError for bad usage). */
export async function runDoctorCommand(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: DoctorIo,
): Promise<number> {
  const flags = parseDoctorFlags(argv, env);
  const clean = (text: string) => redactSecret(text, flags.token);
  if (flags.tokenFrom === '--token' && !flags.json)
    io.err(`note: prefer ${DOCTOR_TOKEN_ENV}=… over --token: command lines end up in shell history and ps.\n`);
  try {
    const report = await runDoctor({ gatewayUrl: flags.gatewayUrl, token: flags.token });
    io.out(clean(flags.json ? renderJson(report) : renderText(report)));
    return exitCodeOf(report);
  } catch (err) {
    // A fault of doctor itself: say so without the token (whatever the error carries).
    io.err(clean(`gatea doctor: could not finish: ${err instanceof Error ? err.message : String(err)}\n`));
    return 1;
  }
}
