/**
 * Structured JSON logs (pino) that cannot leak credentials (DESIGN §9):
 * values under any key that names a secret are replaced at every depth, in
 * log calls and in child-logger bindings; URLs lose their query strings
 * (broken clients put tokens there); bearer-looking tokens inside free text
 * are masked; and objects nested deeper than we scan are dropped rather than
 * written unchecked.
 */
import { type Bindings, type ChildLoggerOptions, type DestinationStream, type Logger as PinoLogger, pino } from 'pino';

/** The logger every module receives through its deps. */
export type Logger = PinoLogger;

/** Log levels accepted by createLogger. */
export type LogLevelName = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Keys (lower-case, without `-` and `_`) whose values are credentials. */
const SECRET_KEYS = new Set([
  'authorization',
  'proxyauthorization',
  'cookie',
  'setcookie',
  'password',
  'passwd',
  'secret',
  'clientsecret',
  'code',
  'codeverifier',
  'key',
  'apikey',
  'xapikey',
  'servicekey',
  'encryptionkey',
  'privatekey',
  'assertion',
  'clientassertion',
]);
// Anything ending in token/secret/password: access_token, refreshToken, gitea_token, csrf-token…
const SECRET_SUFFIX = /(token|secret|password)$/;
const URL_IN_TEXT = /\b(https?:\/\/[^\s?#"'<>]*)[?#][^\s"'<>]*/gi;
// `Bearer x`, `token x` and Gatea/Gitea prefixed tokens (gmk_ service keys, gto_/gta_/gtr_ OAuth values).
const TOKEN_IN_TEXT = /\b(bearer|token|basic)\s+[A-Za-z0-9._~+/=-]{8,}|\bg(?:mk|to|ta|tr)_[A-Za-z0-9_-]{8,}/gi;
const MAX_DEPTH = 8;
const REDACTED = '[redacted]';

/** Verdicts of isSecretKey by key: log keys come from a small set written in the code. */
const secretKeyVerdicts = new Map<string, boolean>();
const MAX_KEY_VERDICTS = 1000;

function isSecretKey(key: string): boolean {
  let secret = secretKeyVerdicts.get(key);
  if (secret === undefined) {
    const k = key.toLowerCase().replace(/[-_]/g, '');
    secret = SECRET_KEYS.has(k) || SECRET_SUFFIX.test(k);
    if (secretKeyVerdicts.size < MAX_KEY_VERDICTS) secretKeyVerdicts.set(key, secret);
  }
  return secret;
}

/** Characters a token pattern needs: whitespace (after a scheme) or `_` (of a prefixed token). */
const TOKEN_MARKS = /[\s_]/;

/** Removes query strings from URLs and masks bearer-looking tokens in free text. */
export function scrubText(text: string): string {
  // Most logged values (ids, logins, scopes) cannot match either pattern: a URL needs `://`.
  if (!text.includes('://') && !TOKEN_MARKS.test(text)) return text;
  return text
    .replace(URL_IN_TEXT, '$1')
    .replace(TOKEN_IN_TEXT, (_match, scheme?: string) => (scheme ? `${scheme} ${REDACTED}` : REDACTED));
}

function scrubError(err: Error, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = { type: err.name, message: scrubText(err.message) };
  // An error's `code` is a failure code (ECONNREFUSED, not_found), not an OAuth authorization code.
  for (const [k, v] of Object.entries(err)) out[k] = k !== 'code' && isSecretKey(k) ? REDACTED : scrub(v, depth + 1);
  if (err.stack) out.stack = scrubText(err.stack);
  return out;
}

/** Returns a copy of `value` with secret-named fields replaced, URLs cut before `?`, and tokens in text masked. */
export function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object') return value;
  // Deeper than we look means unchecked: drop it rather than risk writing a secret.
  if (depth > MAX_DEPTH) return '[too deep]';
  if (value instanceof Error) return scrubError(value, depth);
  if (value instanceof URL) return scrubText(`${value.origin}${value.pathname}`);
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  if (value instanceof Headers) return scrub(Object.fromEntries(value.entries()), depth);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = isSecretKey(k) && v !== null && v !== undefined && v !== '' ? REDACTED : scrub(v, depth + 1);
  }
  return out;
}

/**
 * Asynchronous logs are written in batches of this many bytes (each write
 * costs the event loop tens of µs whatever its size: 12 KiB batches saved
 * ~15 µs per tool call over 4 KiB; sonic-boom needs less than its 16 KiB
 * maxWrite) …
 */
const LOG_BATCH_BYTES = 12 * 1024;
/** … or at least this often. */
const LOG_FLUSH_MS = 200;

/** Options of createLogger. */
export interface LoggerOptions {
  level: LogLevelName | string;
  /** Where lines go; defaults to stdout, or stderr with `stderr: true`. */
  destination?: DestinationStream;
  /** Write to stderr instead of stdout (when stdout carries data, e.g. `--json` or stdio MCP). */
  stderr?: boolean;
  /** Fields on every line; defaults to `{ service: 'gatea' }`. */
  base?: Record<string, unknown>;
  /**
   * Write lines asynchronously and in batches (the gateway's hot path: a write
   * per line cost 0.1–0.3 ms of each tool call, two lines each): lines are
   * written once 12 KiB have gathered, or every 200 ms. pino flushes them when
   * the process exits; a hard crash may lose the last 200 ms of lines.
   */
  async?: boolean;
}

/** Creates the process logger; every object logged, and every child binding, passes through `scrub`. */
export function createLogger(opts: LoggerOptions): Logger {
  const logger = pino(
    {
      level: opts.level,
      base: (scrub(opts.base ?? { service: 'gatea' }) as Record<string, unknown>) ?? {},
      messageKey: 'msg',
      // scrub() already turned errors into plain objects; pino's own err serializer would rename their type to Object.
      serializers: { err: (e: unknown) => e },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        bindings: (bindings) => scrub(bindings) as Record<string, unknown>,
        log: (obj) => scrub(obj) as Record<string, unknown>,
      },
      hooks: {
        // Messages are free text too: `log.info(\`calling ${url}\`)` must not carry a query string.
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? scrubText(a) : a));
          return method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    opts.destination ??
      pino.destination({
        dest: opts.stderr ? 2 : 1,
        ...(opts.async ? { sync: false, minLength: LOG_BATCH_BYTES, periodicFlush: LOG_FLUSH_MS } : { sync: true }),
      }),
  );
  // pino resets formatters.bindings for children, so child bindings are scrubbed here; children inherit this method.
  const originalChild = logger.child;
  logger.child = function scrubbedChild<L extends string = never>(
    this: unknown,
    bindings: Bindings,
    options?: ChildLoggerOptions<L>,
  ): PinoLogger<L> {
    return Reflect.apply(originalChild, this, [scrub(bindings), options]);
  };
  return logger;
}
