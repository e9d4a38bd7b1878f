/**
 * Every setting as one zod schema per environment variable (DESIGN §5). The
 * description, flag and shown default live in each schema's metadata, so
 * docs/configuration.md is generated from this file (STYLE §2.9) and cannot
 * drift from what loadConfig accepts. Each schema takes the raw string (or
 * undefined when unset) and reports problems as plain sentences that follow
 * the setting's name: "GATEA_PORT must be …".
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { secretProblem } from './secrets.js';

/** Metadata shown in docs/configuration.md. */
export interface SettingMeta {
  /** One sentence on what it does and when to set it. */
  description: string;
  /** Command-line flag overriding it, e.g. `--port`. */
  flag?: string;
  /** The default as shown to operators. */
  shownDefault: string;
  /** A credential: never echoed in messages, empty or placeholder values refused. */
  secret?: boolean;
}

/** Log levels, most to least severe. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
/** One of LOG_LEVELS. */
export type LogLevel = (typeof LOG_LEVELS)[number];

const TRUE = new Set(['true', '1', 'yes']);
const FALSE = new Set(['false', '0', 'no']);
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A value quoted for a message; values that may hold credentials are not repeated. */
function shown(v: string): string {
  return v.includes('@')
    ? '(value not shown: it may contain credentials)'
    : `"${v.length > 60 ? `${v.slice(0, 60)}…` : v}"`;
}

type Ctx = z.RefinementCtx;

function fail(ctx: Ctx, message: string): never {
  ctx.addIssue({ code: 'custom', message });
  return z.NEVER;
}

/** Trimmed; empty means unset, so defaults apply to `GATEA_PORT=` as to a missing variable. */
const raw = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined));
/** Trimmed but empty kept: a credential set to "" is a mistake to report, not a default. */
const rawKeepEmpty = z
  .string()
  .optional()
  .transform((v) => v?.trim());

function bool(def: boolean) {
  return raw.transform((v, ctx): boolean => {
    if (v === undefined) return def;
    const low = v.toLowerCase();
    if (TRUE.has(low)) return true;
    if (FALSE.has(low)) return false;
    return fail(ctx, `must be true or false (or 1/0, yes/no), not ${shown(v)}`);
  });
}

function wholeNumber(v: string, min: number, max: number, unit: string, ctx: Ctx): number {
  const n = /^\d+$/.test(v) ? Number(v) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max)
    return fail(ctx, `must be a whole number from ${min} to ${max}${unit}, not ${shown(v)}`);
  return n;
}

function int(def: number, min: number, max: number, unit = '') {
  return raw.transform((v, ctx): number => (v === undefined ? def : wholeNumber(v, min, max, unit, ctx)));
}

/** A whole number that stays undefined when unset (the feature it enables is off). */
function optionalInt(min: number, max: number) {
  return raw.transform((v, ctx): number | undefined =>
    v === undefined ? undefined : wholeNumber(v, min, max, '', ctx),
  );
}

/** An http(s) URL without query, fragment or credentials, returned without trailing slash. */
function httpUrl(required: boolean) {
  return raw.transform((v, ctx): string | undefined => {
    if (v === undefined) return required ? fail(ctx, 'is not set') : undefined;
    let u: URL;
    try {
      u = new URL(v);
    } catch {
      return fail(ctx, `is not a URL: ${shown(v)}`);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return fail(ctx, `must be an http:// or https:// URL`);
    if (u.username || u.password) return fail(ctx, 'must not contain a user name or password');
    if (u.search || u.hash) return fail(ctx, 'must not have a query (?…) or fragment (#…)');
    return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
  });
}

function list(check?: (item: string) => string | null) {
  return raw.transform((v, ctx): string[] | undefined => {
    const items = (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const item of items) {
      const problem = check?.(item);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }
    return items.length > 0 ? items : undefined;
  });
}

/** A credential: unset is allowed (undefined), but set-and-empty or a placeholder is refused. */
function secret() {
  return rawKeepEmpty.transform((v, ctx): string | undefined => {
    if (v === undefined) return undefined;
    const problem = secretProblem(v);
    return problem ? fail(ctx, problem) : v;
  });
}

function originProblem(item: string): string | null {
  // A wildcard would let any web page drive a signed-in user's tools (MCP transport security: validate Origin).
  if (item === '*') return 'must list origins; "*" is not allowed';
  try {
    const u = new URL(item);
    if ((u.protocol === 'http:' || u.protocol === 'https:') && u.origin === item.replace(/\/$/, '')) return null;
  } catch {
    // reported below
  }
  return `has ${shown(item)}, which is not an origin like https://claude.ai (scheme://host[:port], no path)`;
}

function hostProblem(item: string): string | null {
  return /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(item)
    ? null
    : `has ${shown(item)}, which is not a host[:port]`;
}

/** `10.0.0.1` or `10.0.0.0/8` (IPv4 or IPv6): whether `entry` can name a proxy. */
export function isAddressOrCidr(entry: string): boolean {
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : Number.NaN;
  return bits >= 0 && bits <= (family === 4 ? 32 : 128);
}

function proxyProblem(item: string): string | null {
  return isAddressOrCidr(item) ? null : `has ${shown(item)}, which is not an IP address or CIDR range (10.0.0.0/8)`;
}

const KEY_FORMAT_PROBLEM = 'must be 32 random bytes as 64 hex or 44 base64 characters (openssl rand -base64 32)';

/** A 32-byte key from 64 hex characters or base64/base64url (43–44 characters), or null. */
function parseEncryptionKey(v: string): Buffer | null {
  if (/^[0-9a-fA-F]{64}$/.test(v)) return Buffer.from(v, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(v)) {
    const key = Buffer.from(v.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (key.length === 32) return key;
  }
  return null;
}

function encryptionKey() {
  return secret().transform((v, ctx): Buffer | undefined => {
    if (v === undefined) return undefined;
    return parseEncryptionKey(v) ?? fail(ctx, KEY_FORMAT_PROBLEM);
  });
}

/** A comma list of keys in the same format; a bad one is named by position, never shown. */
function encryptionKeyList() {
  return secret().transform((v, ctx): Buffer[] | undefined => {
    if (v === undefined) return undefined;
    const items = v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (items.length === 0) return fail(ctx, 'lists no keys; leave it unset when there is no old key');
    const keys: Buffer[] = [];
    for (const [i, item] of items.entries()) {
      const key = parseEncryptionKey(item);
      if (key) keys.push(key);
      else
        ctx.addIssue({
          code: 'custom',
          message: `${KEY_FORMAT_PROBLEM}${items.length > 1 ? ` (key ${i + 1} of ${items.length})` : ''}`,
        });
    }
    return keys;
  });
}

function databaseUrl() {
  return raw.transform((v, ctx): string => {
    const url = v ?? 'sqlite:./gatea.db';
    if (url.startsWith('sqlite:')) {
      if (url.slice('sqlite:'.length).trim() === '') return fail(ctx, 'needs a file path after sqlite:');
      return url;
    }
    if (!/^postgres(ql)?:\/\//.test(url)) return fail(ctx, 'must start with sqlite: or postgres://');
    try {
      if (!new URL(url).hostname) return fail(ctx, 'needs a host after postgres://');
    } catch {
      // Never echo it: a database URL usually holds a password.
      return fail(ctx, 'is not a valid postgres:// URL');
    }
    return url;
  });
}

function host() {
  return raw.transform((v, ctx): string => {
    const h = v ?? '127.0.0.1';
    if (!/^[A-Za-z0-9.:%-]+$/.test(h.replace(/^\[(.*)\]$/, '$1')))
      return fail(ctx, `must be an address or host name such as 0.0.0.0 or ::, not ${shown(h)}`);
    return h.replace(/^\[(.*)\]$/, '$1');
  });
}

function logLevel() {
  return raw.transform((v, ctx): LogLevel => {
    const level = (v ?? 'info').toLowerCase();
    const known = LOG_LEVELS.find((l) => l === level);
    return known ?? fail(ctx, `must be one of ${LOG_LEVELS.join(', ')}, not ${shown(v ?? '')}`);
  });
}

/** The environment schema: one entry per setting, in the order the docs list them. */
export const ENV_SCHEMA = z.object({
  GITEA_URL: httpUrl(true).meta({
    description: "Gitea's ROOT_URL, e.g. https://git.example.com (a sub-path such as /gitea is kept).",
    flag: '--gitea-url',
    shownDefault: '(required)',
  }),
  GATEA_PUBLIC_URL: httpUrl(false).meta({
    description:
      'The URL MCP clients use to reach Gatea; its host and origin are allowed. Must be https in broker mode unless it is a loopback address.',
    flag: '--public-url',
    shownDefault: 'http://HOST:PORT',
  }),
  GATEA_HOST: host().meta({
    description:
      'Address to listen on. The default accepts local connections only, so nothing is exposed by accident; use 0.0.0.0 or :: in a container.',
    flag: '--host',
    shownDefault: '127.0.0.1',
  }),
  GATEA_PORT: int(8080, 0, 65535).meta({
    description: 'Port to listen on (0 picks a free one).',
    flag: '--port',
    shownDefault: '8080',
  }),
  GITEA_OAUTH_CLIENT_ID: secret().meta({
    description:
      "Client id of Gatea's OAuth app in Gitea. With the secret set too, Gatea runs in broker mode (its own OAuth server in front of Gitea).",
    shownDefault: '(none)',
  }),
  GITEA_OAUTH_CLIENT_SECRET: secret().meta({
    description: "Client secret of Gatea's OAuth app in Gitea (gto_…); set together with the client id.",
    shownDefault: '(none)',
    secret: true,
  }),
  GATEA_DATABASE_URL: databaseUrl().meta({
    description:
      '`sqlite:<path>` (one process) or `postgres://…` (several replicas). It may hold a password, so it is never repeated in messages.',
    flag: '--database-url',
    shownDefault: '`sqlite:./gatea.db`',
  }),
  GATEA_ENCRYPTION_KEY: encryptionKey().meta({
    description:
      'Encrypts Gitea tokens at rest (AES-256-GCM): 32 random bytes as hex or base64, e.g. `openssl rand -base64 32`. Required in broker mode.',
    shownDefault: '(none)',
    secret: true,
  }),
  GATEA_ENCRYPTION_KEY_PREVIOUS: encryptionKeyList().meta({
    description:
      'Old encryption keys that still decrypt (comma list) while tokens are re-encrypted with GATEA_ENCRYPTION_KEY; remove once rotated.',
    shownDefault: '(none)',
    secret: true,
  }),
  GATEA_TOOLSETS: list().meta({
    description: 'Comma list of toolsets, `all`, or `default`.',
    flag: '--toolsets',
    shownDefault: '(default set)',
  }),
  GATEA_TOOLS: list().meta({
    description:
      'Comma list of tools to enable by name; alone, it is an allowlist (the whole selection). Unknown names stop start-up.',
    flag: '--tools',
    shownDefault: '(none)',
  }),
  GATEA_EXCLUDE_TOOLS: list().meta({
    description: 'Comma list of tools to disable. Unknown names stop start-up.',
    flag: '--exclude-tools',
    shownDefault: '(none)',
  }),
  GATEA_READ_ONLY: bool(true).meta({
    description: 'Offer read tools only; writes need false here and a write grant.',
    flag: '--read-only',
    shownDefault: 'true',
  }),
  GATEA_BROKER: bool(true).meta({
    description:
      "With Gatea's OAuth app configured, be the OAuth server MCP clients sign in with (broker mode). `false` keeps the app only to introspect direct tokens.",
    flag: '--broker',
    shownDefault: 'true',
  }),
  GATEA_DIRECT_TOKENS: bool(false).meta({
    description: 'Accept Gitea OAuth tokens and personal access tokens sent straight to Gatea (direct mode).',
    flag: '--direct-tokens',
    shownDefault: 'false',
  }),
  GATEA_LEGACY_SSE: bool(false).meta({
    description: 'Serve the deprecated HTTP+SSE transport (2024-11-05) at /sse and /messages.',
    flag: '--legacy-sse',
    shownDefault: 'false',
  }),
  GATEA_ALLOWED_ORIGINS: list(originProblem).meta({
    description: 'Comma list of extra browser origins allowed to call (scheme://host[:port]); `*` is refused.',
    shownDefault: '(public URL only)',
  }),
  GATEA_ALLOWED_HOSTS: list(hostProblem).meta({
    description: 'Comma list of extra Host header values accepted (host[:port]).',
    shownDefault: '(public URL only)',
  }),
  GATEA_TRUSTED_PROXIES: list(proxyProblem).meta({
    description:
      'Comma list of load balancer or ingress addresses (IP or CIDR) whose X-Forwarded-For names the client; per-client limits then count each client, not the proxy.',
    shownDefault: '(none: the TCP peer is the client)',
  }),
  GITEA_TIMEOUT_MS: int(15_000, 100, 600_000, ' ms').meta({
    description: 'Timeout of one call to Gitea (API, OIDC and token endpoints), in milliseconds.',
    shownDefault: '15000',
  }),
  GITEA_TOKEN: secret().meta({
    description:
      '`gatea stdio` only: the personal access token the local user acts with. The gateway never uses a shared token.',
    shownDefault: '(none)',
    secret: true,
  }),
  GATEA_METRICS_PORT: optionalInt(0, 65535).meta({
    description:
      'Serve Prometheus metrics at /metrics on this port (same address as GATEA_HOST), without authentication: for in-cluster scraping behind a NetworkPolicy.',
    shownDefault: '(off)',
  }),
  GATEA_METRICS_TOKEN: secret().meta({
    description:
      'Serve Prometheus metrics at /metrics on the main port to scrapers sending `Authorization: Bearer <this value>`.',
    shownDefault: '(off)',
    secret: true,
  }),
  GATEA_LOG_LEVEL: logLevel().meta({
    description: 'fatal, error, warn, info, debug, trace or silent.',
    flag: '--log-level',
    shownDefault: 'info',
  }),
});

/** The names of all settings. */
export type SettingName = keyof typeof ENV_SCHEMA.shape;

/** A setting with its documentation, read from the schema's metadata. */
export interface SettingDoc extends SettingMeta {
  env: SettingName;
}

const MetaShape = z.object({
  description: z.string(),
  flag: z.string().optional(),
  shownDefault: z.string(),
  secret: z.boolean().optional(),
});

/** Every setting in schema order, with its metadata (the source of docs/configuration.md). */
export function listSettings(): SettingDoc[] {
  return Object.entries(ENV_SCHEMA.shape).map(([env, schema]) => ({
    env: env as SettingName,
    ...MetaShape.parse(schema.meta()),
  }));
}

/** True for loopback host names, where plain http is acceptable. */
export function isLoopbackUrl(url: string): boolean {
  return LOOPBACK.has(new URL(url).hostname);
}
