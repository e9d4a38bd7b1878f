/**
 * One typed, frozen configuration built from the environment and flags
 * (DESIGN §5, STYLE §2.6). `loadConfig` is pure: it takes `env` and `argv` as
 * parameters and reports every problem at once in one ConfigError, each
 * naming the setting; the CLI prints them and exits 2.
 */
import { z } from 'zod';
import { secretProblem } from './secrets.js';

/** Bad configuration: every problem, each naming its setting. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly { setting: string; problem: string }[]) {
    super(problems.map((p) => `${p.setting} ${p.problem}`).join('\n'));
    this.name = 'ConfigError';
  }
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  readonly gitea: {
    /** Gitea's ROOT_URL without trailing slash. */
    readonly url: string;
    readonly timeoutMs: number;
    /** Gatea's OAuth app in Gitea (broker mode; also used to introspect direct tokens). */
    readonly oauthClient: { readonly id: string; readonly secret: string } | null;
  };
  readonly http: {
    readonly host: string;
    readonly port: number;
    /** The URL clients use, without trailing slash (defaults to http://host:port). */
    readonly publicUrl: string;
    readonly allowedOrigins: readonly string[];
    readonly allowedHosts: readonly string[];
    readonly legacySse: boolean;
  };
  readonly auth: {
    /** Accept Gitea OAuth tokens and PATs sent straight to Gatea. */
    readonly directTokens: boolean;
  };
  readonly store: { readonly databaseUrl: string };
  /** 32-byte key for encrypting Gitea tokens at rest, when set. */
  readonly encryptionKey: Buffer | null;
  readonly tools: {
    readonly toolsets: readonly string[] | undefined;
    readonly tools: readonly string[] | undefined;
    readonly exclude: readonly string[] | undefined;
    readonly readOnly: boolean;
  };
  readonly log: { readonly level: LogLevel };
}

/** Every setting, with its flag (if any), default and meaning: the source of docs/configuration.md. */
export const SETTINGS = [
  {
    env: 'GITEA_URL',
    flag: '--gitea-url',
    def: '(required)',
    about: "Gitea's ROOT_URL, e.g. https://git.example.com.",
  },
  {
    env: 'GATEA_PUBLIC_URL',
    flag: '--public-url',
    def: 'http://HOST:PORT',
    about: 'The URL MCP clients use to reach Gatea; its host and origin are allowed.',
  },
  { env: 'GATEA_HOST', flag: '--host', def: '127.0.0.1', about: 'Address to listen on (0.0.0.0 in a container).' },
  { env: 'GATEA_PORT', flag: '--port', def: '8080', about: 'Port to listen on (0 picks a free one).' },
  {
    env: 'GITEA_OAUTH_CLIENT_ID',
    flag: '',
    def: '(none)',
    about: "Client id of Gatea's OAuth app in Gitea; set together with the secret.",
  },
  {
    env: 'GITEA_OAUTH_CLIENT_SECRET',
    flag: '',
    def: '(none)',
    about: "Client secret of Gatea's OAuth app in Gitea (gto_…).",
  },
  {
    env: 'GATEA_DATABASE_URL',
    flag: '--database-url',
    def: 'sqlite:./gatea.db',
    about: 'sqlite:<path> (one process) or postgres://… (several replicas).',
  },
  {
    env: 'GATEA_ENCRYPTION_KEY',
    flag: '',
    def: '(none)',
    about: '32 bytes, base64 or hex, encrypting Gitea tokens at rest.',
  },
  { env: 'GATEA_TOOLSETS', flag: '--toolsets', def: '(default set)', about: 'Comma list of toolsets, or "all".' },
  { env: 'GATEA_TOOLS', flag: '--tools', def: '(none)', about: 'Comma list of extra tools to enable by name.' },
  { env: 'GATEA_EXCLUDE_TOOLS', flag: '--exclude-tools', def: '(none)', about: 'Comma list of tools to disable.' },
  {
    env: 'GATEA_READ_ONLY',
    flag: '--read-only',
    def: 'true',
    about: 'Offer read tools only; writes need false here and a write grant.',
  },
  {
    env: 'GATEA_DIRECT_TOKENS',
    flag: '',
    def: 'false',
    about: 'Accept Gitea OAuth tokens and personal access tokens sent straight to Gatea.',
  },
  {
    env: 'GATEA_LEGACY_SSE',
    flag: '',
    def: 'false',
    about: 'Serve the deprecated HTTP+SSE transport at /sse and /messages.',
  },
  {
    env: 'GATEA_ALLOWED_ORIGINS',
    flag: '',
    def: '(public URL only)',
    about: 'Comma list of extra browser origins allowed to call.',
  },
  {
    env: 'GATEA_ALLOWED_HOSTS',
    flag: '',
    def: '(public URL only)',
    about: 'Comma list of extra Host header values accepted.',
  },
  { env: 'GITEA_TIMEOUT_MS', flag: '', def: '15000', about: 'Timeout of one Gitea API call, in milliseconds.' },
  {
    env: 'GATEA_LOG_LEVEL',
    flag: '--log-level',
    def: 'info',
    about: 'fatal, error, warn, info, debug, trace or silent.',
  },
] as const;

type Env = Readonly<Record<string, string | undefined>>;

/** Reads `--name value` / `--name=value` flags into the env names they override. */
export function applyFlags(
  env: Env,
  argv: readonly string[],
): { env: Record<string, string | undefined>; problems: { setting: string; problem: string }[] } {
  const out: Record<string, string | undefined> = { ...env };
  const problems: { setting: string; problem: string }[] = [];
  const byFlag = new Map<string, string>(SETTINGS.filter((s) => s.flag).map((s) => [s.flag, s.env]));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) continue;
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    const name = byFlag.get(flag);
    if (!name) {
      problems.push({ setting: flag, problem: 'is not a known flag (see gatea --help)' });
      continue;
    }
    const value = inline ?? argv[i + 1];
    if (inline === undefined) i++;
    if (value === undefined) problems.push({ setting: flag, problem: 'needs a value' });
    else out[name] = value;
  }
  return { env: out, problems };
}

const Bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const LogLevelSchema = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

function list(v: string | undefined): string[] | undefined {
  const items = (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length > 0 ? items : undefined;
}

/** Builds the configuration; throws ConfigError listing every problem. */
export function loadConfig(rawEnv: Env, argv: readonly string[] = []): Config {
  const { env, problems } = applyFlags(rawEnv, argv);
  const bad = (setting: string, problem: string) => problems.push({ setting, problem });
  const value = (name: string) => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };

  const httpUrl = (name: string, required: boolean): string | undefined => {
    const v = value(name);
    if (v === undefined) {
      if (required) bad(name, 'is not set');
      return undefined;
    }
    try {
      const u = new URL(v);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
      if (u.search || u.hash) bad(name, 'must not have a query or fragment');
      return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
    } catch {
      bad(name, `is not an http(s) URL: "${v}"`);
      return undefined;
    }
  };
  const bool = (name: string, def: boolean) => {
    const v = value(name);
    if (v === undefined) return def;
    const parsed = Bool.safeParse(v.toLowerCase());
    if (!parsed.success) bad(name, `must be true or false, not "${v}"`);
    return parsed.success ? parsed.data : def;
  };
  const int = (name: string, def: number, min: number, max: number) => {
    const v = value(name);
    if (v === undefined) return def;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max)
      bad(name, `must be a whole number from ${min} to ${max}, not "${v}"`);
    return Number.isInteger(n) ? n : def;
  };

  const giteaUrl = httpUrl('GITEA_URL', true);
  const host = value('GATEA_HOST') ?? '127.0.0.1';
  const port = int('GATEA_PORT', 8080, 0, 65535);
  const publicUrl = httpUrl('GATEA_PUBLIC_URL', false) ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const clientId = value('GITEA_OAUTH_CLIENT_ID');
  const clientSecret = env.GITEA_OAUTH_CLIENT_SECRET;
  let oauthClient: Config['gitea']['oauthClient'] = null;
  if (clientId !== undefined || clientSecret !== undefined) {
    if (clientId === undefined)
      bad('GITEA_OAUTH_CLIENT_ID', 'is not set, but GITEA_OAUTH_CLIENT_SECRET is: set both or neither');
    const problem = secretProblem(clientSecret ?? '');
    if (problem) bad('GITEA_OAUTH_CLIENT_SECRET', problem);
    if (clientId && !problem) oauthClient = { id: clientId, secret: (clientSecret ?? '').trim() };
  }

  let encryptionKey: Buffer | null = null;
  const rawKey = env.GATEA_ENCRYPTION_KEY;
  if (rawKey !== undefined) {
    const problem = secretProblem(rawKey);
    const key = /^[0-9a-f]{64}$/i.test(rawKey.trim())
      ? Buffer.from(rawKey.trim(), 'hex')
      : Buffer.from(rawKey.trim(), 'base64');
    if (problem) bad('GATEA_ENCRYPTION_KEY', problem);
    else if (key.length !== 32)
      bad(
        'GATEA_ENCRYPTION_KEY',
        `must be 32 bytes (64 hex characters or 44 base64 characters), got ${key.length} bytes`,
      );
    else encryptionKey = key;
  }

  const databaseUrl = value('GATEA_DATABASE_URL') ?? 'sqlite:./gatea.db';
  if (!/^(sqlite:|postgres(ql)?:\/\/)/.test(databaseUrl))
    bad('GATEA_DATABASE_URL', 'must start with sqlite: or postgres://');

  const level = LogLevelSchema.safeParse(value('GATEA_LOG_LEVEL') ?? 'info');
  if (!level.success) bad('GATEA_LOG_LEVEL', `must be one of ${LogLevelSchema.options.join(', ')}`);

  const config: Config = {
    gitea: { url: giteaUrl ?? '', timeoutMs: int('GITEA_TIMEOUT_MS', 15_000, 100, 600_000), oauthClient },
    http: {
      host,
      port,
      publicUrl,
      allowedOrigins: list(env.GATEA_ALLOWED_ORIGINS) ?? [],
      allowedHosts: list(env.GATEA_ALLOWED_HOSTS) ?? [],
      legacySse: bool('GATEA_LEGACY_SSE', false),
    },
    auth: { directTokens: bool('GATEA_DIRECT_TOKENS', false) },
    store: { databaseUrl },
    encryptionKey,
    tools: {
      toolsets: list(env.GATEA_TOOLSETS),
      tools: list(env.GATEA_TOOLS),
      exclude: list(env.GATEA_EXCLUDE_TOOLS),
      readOnly: bool('GATEA_READ_ONLY', true),
    },
    log: { level: level.success ? level.data : 'info' },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}
