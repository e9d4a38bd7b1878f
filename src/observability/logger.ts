/**
 * Structured JSON logs (pino) that cannot leak credentials: values under any
 * key that names a secret are replaced at every depth, and URLs lose their
 * query strings (tokens travel there in broken clients). DESIGN §9.
 */
import { type DestinationStream, type Logger as PinoLogger, pino } from 'pino';

export type Logger = PinoLogger;

const SECRET_KEY =
  /^(authorization|cookie|set-cookie|password|passwd|secret|client_secret|token|access_token|refresh_token|id_token|code|code_verifier|key|api_key|service_key|gitea_token)$/i;
const URL_KEY = /(^|_)(url|uri|href)$/i;
const MAX_DEPTH = 6;

function stripQuery(value: string): string {
  const i = value.search(/[?#]/);
  return i < 0 ? value : value.slice(0, i);
}

/** Returns a copy of `value` with secret-named fields replaced and URLs cut before `?`. */
export function scrub(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { type: value.name, message: value.message };
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (SECRET_KEY.test(k)) out[k] = v === null || v === undefined ? v : '[redacted]';
    else if (URL_KEY.test(k) && typeof v === 'string') out[k] = stripQuery(v);
    else out[k] = scrub(v, depth + 1);
  }
  return out;
}

/** Creates the process logger; `destination` defaults to stdout (stderr for stdio mode). */
export function createLogger(opts: {
  level: string;
  destination?: DestinationStream;
  /** Write to stderr instead of stdout (when stdout carries data, e.g. `--json` or stdio MCP). */
  stderr?: boolean;
  base?: Record<string, unknown>;
}): Logger {
  return pino(
    {
      level: opts.level,
      base: opts.base ?? { service: 'gatea' },
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (obj) => scrub(obj) as Record<string, unknown>,
      },
    },
    opts.destination ?? pino.destination(opts.stderr ? 2 : 1),
  );
}
