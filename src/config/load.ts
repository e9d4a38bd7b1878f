/**
 * One typed, frozen configuration built from the environment and flags
 * (DESIGN §5, STYLE §2.6). `loadConfig` is pure: it takes `env` and `argv` as
 * parameters and reports every problem at once in one ConfigError, each
 * naming the setting; the CLI prints them and exits 2.
 */
import { ENV_SCHEMA, isLoopbackUrl, type LogLevel, listSettings, type SettingName } from './settings.js';

/** One thing wrong with one setting (env name or flag). */
export interface ConfigProblem {
  readonly setting: string;
  readonly problem: string;
}

/** Bad configuration: every problem, each naming its setting. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(problems.map((p) => `${p.setting} ${p.problem}`).join('\n'));
    this.name = 'ConfigError';
  }
}

/** `broker`: Gatea is an OAuth server in front of Gitea's OAuth app; `none`: service keys (and direct tokens, if on) only. */
export type OAuthMode = 'broker' | 'none';

/** The validated configuration; each module receives only its slice. */
export interface Config {
  readonly gitea: {
    /** Gitea's ROOT_URL without trailing slash. */
    readonly url: string;
    readonly timeoutMs: number;
    /** GITEA_TOKEN, for `gatea stdio` only; the gateway never acts with a shared token. */
    readonly token: string | null;
  };
  readonly http: {
    readonly host: string;
    readonly port: number;
    /** The URL clients use, without trailing slash (defaults to http://host:port). */
    readonly publicUrl: string;
    /** False when publicUrl is the http://host:port default (with port 0 it is known only once listening). */
    readonly publicUrlExplicit: boolean;
    readonly allowedOrigins: readonly string[];
    readonly allowedHosts: readonly string[];
    /** Proxies whose X-Forwarded-For is believed (IP or CIDR); empty: the TCP peer is the client. */
    readonly trustedProxies: readonly string[];
    readonly legacySse: boolean;
  };
  readonly oauth: {
    /** Broker mode when Gatea's OAuth app in Gitea is configured (id and secret). */
    readonly mode: OAuthMode;
    /** Gatea's OAuth app in Gitea (broker mode; also used to introspect direct tokens). */
    readonly client: { readonly id: string; readonly secret: string } | null;
    /** Accept Gitea OAuth tokens and PATs sent straight to Gatea. */
    readonly directTokens: boolean;
    /** 32-byte key for encrypting Gitea tokens at rest; always set in broker mode. */
    readonly encryptionKey: Buffer | null;
    /** Earlier 32-byte keys that still decrypt during a key rotation (empty when none). */
    readonly previousEncryptionKeys: readonly Buffer[];
  };
  readonly store: {
    /** `sqlite:<path>` or `postgres://…`. */
    readonly databaseUrl: string;
    readonly backend: 'sqlite' | 'postgres';
  };
  readonly tools: {
    readonly toolsets: readonly string[] | undefined;
    readonly tools: readonly string[] | undefined;
    readonly exclude: readonly string[] | undefined;
    readonly readOnly: boolean;
  };
  readonly log: { readonly level: LogLevel };
  readonly metrics: {
    /** A separate, unauthenticated listener for /metrics (GATEA_METRICS_PORT). */
    readonly port: number | null;
    /** Bearer token that opens /metrics on the main port (GATEA_METRICS_TOKEN). */
    readonly token: string | null;
  };
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads `--name value` / `--name=value` flags into the env names they override. */
export function applyFlags(
  env: Env,
  argv: readonly string[],
): { env: Record<string, string | undefined>; problems: ConfigProblem[] } {
  const out: Record<string, string | undefined> = { ...env };
  const problems: ConfigProblem[] = [];
  const byFlag = new Map<string, string>();
  for (const s of listSettings()) if (s.flag) byFlag.set(s.flag, s.env);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) {
      problems.push({ setting: arg, problem: 'is not a flag (flags look like --name value or --name=value)' });
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq < 0 ? arg : arg.slice(0, eq);
    const name = byFlag.get(flag);
    if (!name) {
      problems.push({ setting: flag, problem: 'is not a known flag (see gatea --help)' });
      continue;
    }
    let value: string | undefined = eq < 0 ? undefined : arg.slice(eq + 1);
    if (value === undefined && argv[i + 1] !== undefined && !argv[i + 1]?.startsWith('--')) value = argv[++i];
    if (value === undefined) problems.push({ setting: flag, problem: 'needs a value' });
    else out[name] = value;
  }
  return { env: out, problems };
}

type Parsed = {
  [K in SettingName]: ReturnType<(typeof ENV_SCHEMA.shape)[K]['parse']>;
};

/** Builds the configuration; throws ConfigError listing every problem. */
export function loadConfig(rawEnv: Env, argv: readonly string[] = []): Config {
  const { env, problems } = applyFlags(rawEnv, argv);
  // Each setting is parsed on its own so one bad value does not hide the others' problems.
  const values: Record<string, unknown> = {};
  const failed = new Set<string>();
  for (const [name, schema] of Object.entries(ENV_SCHEMA.shape)) {
    const result = schema.safeParse(env[name]);
    if (result.success) values[name] = result.data;
    else {
      failed.add(name);
      for (const issue of result.error.issues) problems.push({ setting: name, problem: issue.message });
    }
  }
  const parsed = ENV_SCHEMA.safeParse(Object.fromEntries(Object.keys(ENV_SCHEMA.shape).map((n) => [n, env[n]])));
  problems.push(...crossChecks(parsed.success ? parsed.data : partial(values), failed));
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  return deepFreeze(assemble(parsed.data));
}

/** The parsed values of a failed load, good enough for the cross-checks (which skip failed settings). */
function partial(values: Record<string, unknown>): Parsed {
  const fallback = ENV_SCHEMA.safeParse({});
  const defaults: Record<string, unknown> = fallback.success ? fallback.data : {};
  // Sound: every value came out of its own schema; failed ones fall back to the default and are skipped.
  return Object.assign({}, defaults, values) as Parsed;
}

/** Rules that involve more than one setting; settings that failed on their own are left out. */
function crossChecks(s: Parsed, failed: ReadonlySet<string>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const known = (name: SettingName) => !failed.has(name);
  const id = s.GITEA_OAUTH_CLIENT_ID;
  const secret = s.GITEA_OAUTH_CLIENT_SECRET;
  // Old keys only decrypt; without a current key nothing can be re-encrypted (broker mode reports the missing key below).
  const broker = id !== undefined && secret !== undefined && s.GATEA_BROKER;
  if (
    !broker &&
    s.GATEA_ENCRYPTION_KEY_PREVIOUS !== undefined &&
    s.GATEA_ENCRYPTION_KEY === undefined &&
    known('GATEA_ENCRYPTION_KEY')
  )
    problems.push({
      setting: 'GATEA_ENCRYPTION_KEY',
      problem: 'is not set, but GATEA_ENCRYPTION_KEY_PREVIOUS is: put the new key here and only old keys there',
    });
  if (id !== undefined && secret === undefined && known('GITEA_OAUTH_CLIENT_SECRET'))
    problems.push({
      setting: 'GITEA_OAUTH_CLIENT_SECRET',
      problem: 'is not set, but GITEA_OAUTH_CLIENT_ID is: set both or neither',
    });
  if (secret !== undefined && id === undefined && known('GITEA_OAUTH_CLIENT_ID'))
    problems.push({
      setting: 'GITEA_OAUTH_CLIENT_ID',
      problem: 'is not set, but GITEA_OAUTH_CLIENT_SECRET is: set both or neither',
    });
  if (!broker) return problems;
  // Broker mode stores each user's Gitea tokens (DESIGN §6); they are only ever kept encrypted.
  if (s.GATEA_ENCRYPTION_KEY === undefined && known('GATEA_ENCRYPTION_KEY'))
    problems.push({
      setting: 'GATEA_ENCRYPTION_KEY',
      problem:
        'is not set, but broker mode (GITEA_OAUTH_CLIENT_ID/SECRET) needs it to encrypt Gitea tokens: generate one with `openssl rand -base64 32`',
    });
  // OAuth 2.1 §1.5: the authorization flow needs TLS except on loopback.
  const publicUrl = s.GATEA_PUBLIC_URL;
  if (!known('GATEA_PUBLIC_URL') || !known('GATEA_HOST')) return problems;
  if (publicUrl === undefined && !LOOPBACK_HOSTS.has(s.GATEA_HOST))
    problems.push({
      setting: 'GATEA_PUBLIC_URL',
      problem: 'is not set: in broker mode Gitea redirects browsers back to it, so set the https:// URL clients use',
    });
  else if (publicUrl?.startsWith('http:') && !isLoopbackUrl(publicUrl))
    problems.push({
      setting: 'GATEA_PUBLIC_URL',
      problem: 'must be https:// in broker mode (OAuth needs TLS except on loopback)',
    });
  return problems;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);

function assemble(s: Parsed): Config {
  const client =
    s.GITEA_OAUTH_CLIENT_ID !== undefined && s.GITEA_OAUTH_CLIENT_SECRET !== undefined
      ? { id: s.GITEA_OAUTH_CLIENT_ID, secret: s.GITEA_OAUTH_CLIENT_SECRET }
      : null;
  const host = s.GATEA_HOST;
  // A wildcard address is not a place to connect to; the default public URL names loopback instead.
  const hostInUrl =
    host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;
  const encryptionKey = s.GATEA_ENCRYPTION_KEY ?? null;
  return {
    gitea: { url: s.GITEA_URL ?? '', timeoutMs: s.GITEA_TIMEOUT_MS, token: s.GITEA_TOKEN ?? null },
    http: {
      host,
      port: s.GATEA_PORT,
      publicUrl: s.GATEA_PUBLIC_URL ?? `http://${hostInUrl}:${s.GATEA_PORT}`,
      publicUrlExplicit: s.GATEA_PUBLIC_URL !== undefined,
      allowedOrigins: (s.GATEA_ALLOWED_ORIGINS ?? []).map((o) => o.replace(/\/$/, '')),
      allowedHosts: s.GATEA_ALLOWED_HOSTS ?? [],
      trustedProxies: s.GATEA_TRUSTED_PROXIES ?? [],
      legacySse: s.GATEA_LEGACY_SSE,
    },
    oauth: {
      mode: client && s.GATEA_BROKER ? 'broker' : 'none',
      client,
      directTokens: s.GATEA_DIRECT_TOKENS,
      encryptionKey,
      previousEncryptionKeys: s.GATEA_ENCRYPTION_KEY_PREVIOUS ?? [],
    },
    store: {
      databaseUrl: s.GATEA_DATABASE_URL,
      backend: s.GATEA_DATABASE_URL.startsWith('sqlite:') ? 'sqlite' : 'postgres',
    },
    tools: {
      toolsets: s.GATEA_TOOLSETS,
      tools: s.GATEA_TOOLS,
      exclude: s.GATEA_EXCLUDE_TOOLS,
      readOnly: s.GATEA_READ_ONLY,
    },
    log: { level: s.GATEA_LOG_LEVEL },
    metrics: { port: s.GATEA_METRICS_PORT ?? null, token: s.GATEA_METRICS_TOKEN ?? null },
  };
}

/** Freezes plain objects and arrays at every depth (Buffers stay as they are: freezing typed arrays throws). */
function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Buffer.isBuffer(value) || Object.isFrozen(value)) return value;
  for (const v of Object.values(value)) deepFreeze(v);
  return Object.freeze(value);
}
