/**
 * API authentication as Gitea does it (routers/api/v1/api.go buildAuthGroup,
 * services/auth/oauth2.go, basic.go; reference §4.1): tokens in the
 * Authorization header (token/bearer/basic) or the deprecated query string,
 * PATs (40 hex) told apart from OAuth JWTs by the presence of a dot, a 401
 * "user does not exist" for any invalid token on every route, and Sudo.
 */
import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { AuthKind, SimContext, SimEnv } from '../context.js';
import { formatScope, hasScope, type ScopeCategory, type ScopeLevel, type TokenScope } from '../scopes.js';
import type { SimUser } from '../state.js';
import { SimApiError } from './errors.js';

export function sha256Hex(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

const INVALID_TOKEN = 'user does not exist [uid: 0, name: ]';
const QUERY_TOKEN_WARNING =
  'token and access_token API authentication is deprecated and will be removed in gitea 1.23. Please use AuthorizationHeaderToken instead. Existing queries will continue to work but without authorization.';

interface Authenticated {
  user: SimUser;
  kind: AuthKind;
  scope: TokenScope | null;
  /** Gitea's ctx.IsBasicAuth: the Basic method signed the request in, with a password or a token in it. */
  basic?: boolean;
}

async function fromToken(sim: SimContext, token: string): Promise<Authenticated> {
  if (token.includes('.')) {
    const resolved = await sim.oauth.resolveAccessToken(token);
    const user = resolved && sim.state.users.get(resolved.userId);
    if (!resolved || !user) throw new SimApiError(401, INVALID_TOKEN);
    return { user, kind: 'oauth', scope: resolved.scope };
  }
  const hash = sha256Hex(token);
  for (const t of sim.state.tokens.values()) {
    if (t.tokenSha256 !== hash) continue;
    const user = sim.state.users.get(t.userId);
    if (!user) continue;
    // services/auth/oauth2.go, basic.go: every use stamps UpdatedUnix (`last_used_at`).
    t.lastUsed = sim.now();
    return { user, kind: 'token', scope: t.scope };
  }
  throw new SimApiError(401, INVALID_TOKEN);
}

function parseBasic(value: string): { user: string; pass: string } | null {
  let decoded: string;
  try {
    decoded = Buffer.from(value, 'base64').toString('utf8');
  } catch {
    return null;
  }
  const i = decoded.indexOf(':');
  return i < 0 ? null : { user: decoded.slice(0, i), pass: decoded.slice(i + 1) };
}

async function fromBasic(sim: SimContext, creds: { user: string; pass: string }): Promise<Authenticated> {
  return { ...(await fromBasicCreds(sim, creds)), basic: true };
}

async function fromBasicCreds(sim: SimContext, creds: { user: string; pass: string }): Promise<Authenticated> {
  // `<token>:` and `<token>:x-oauth-basic` carry the token as the user name.
  if (creds.pass === '' || creds.pass === 'x-oauth-basic') return fromToken(sim, creds.user);
  const user = sim.state.userByLogin(creds.user);
  if (user && user.type === 'user' && user.password === creds.pass) {
    if (user.prohibitLogin)
      throw new SimApiError(
        403,
        'This account is prohibited from signing in, please contact your site administrator.',
        { noUrl: true },
      );
    return { user, kind: 'basic-password', scope: null };
  }
  // `user:<token>` is accepted as well.
  const viaToken = await fromToken(sim, creds.pass).catch(() => null);
  if (viaToken && user && viaToken.user.id === user.id) return viaToken;
  throw new SimApiError(401, INVALID_TOKEN);
}

async function authenticate(c: Context<SimEnv>): Promise<Authenticated | null> {
  const sim = c.get('sim');
  const header = c.req.header('Authorization');
  if (header) {
    const space = header.indexOf(' ');
    const scheme = space < 0 ? header : header.slice(0, space);
    const value = space < 0 ? '' : header.slice(space + 1).trim();
    const isToken = sim.profile.caseInsensitiveTokenScheme ? scheme.toLowerCase() === 'token' : scheme === 'token';
    if ((isToken || scheme.toLowerCase() === 'bearer') && value) return fromToken(sim, value);
    if (scheme.toLowerCase() === 'basic') {
      const creds = parseBasic(value);
      if (creds) return fromBasic(sim, creds);
    }
  }
  const queryToken = c.req.query('token') ?? c.req.query('access_token');
  if (queryToken) {
    c.header('X-Gitea-Warning', QUERY_TOKEN_WARNING);
    return fromToken(sim, queryToken);
  }
  return null;
}

/** Resolves the doer for every /api/v1 request and applies Sudo (admins only). */
export function apiAuth(): MiddlewareHandler<SimEnv> {
  return async (c, next) => {
    const auth = await authenticate(c);
    c.set('doer', auth?.user ?? null);
    c.set('authKind', auth?.kind ?? 'anonymous');
    c.set('tokenScope', auth?.scope ?? null);
    c.set('basicAuth', auth?.basic ?? false);
    const sudo = c.req.header('Sudo') ?? c.req.query('sudo');
    if (sudo && auth) {
      if (!auth.user.isAdmin) throw new SimApiError(403, 'Only administrators allowed to sudo.', { noUrl: true });
      const target = c.get('sim').state.userByLogin(sudo);
      if (target?.type !== 'user') throw new SimApiError(404, c.get('sim').profile.notFoundMessage, { notFound: true });
      c.set('doer', target);
    }
    await next();
  };
}

function scopeLevel(method: string): ScopeLevel {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS' ? 'read' : 'write';
}

/**
 * Gitea's tokenRequiresScopes: a token-authenticated request needs every listed
 * category at the method's level. Runs before the repository is looked up, so a
 * token without read:repository gets 403 even for a repository that does not exist.
 */
export function requireTokenScope(c: Context<SimEnv>, categories: readonly ScopeCategory[]): void {
  const scope = c.get('tokenScope');
  if (!scope || categories.length === 0) return;
  const level = scopeLevel(c.req.method);
  if (hasScope(scope, categories, level)) return;
  const required = `[${categories.map((cat) => `${level}:${cat}`).join(' ')}]`;
  const message = c.get('sim').profile.scopeMessageWithTokenScope
    ? `token does not have at least one of required scope(s), required=${required}, token scope=${formatScope(scope)}`
    : `token does not have at least one of required scope(s): ${required}`;
  throw new SimApiError(403, message);
}

/** Gitea's checkTokenPublicOnly: a `public-only` token may not touch private resources of the category. */
export function requirePublicOnlyAllows(
  c: Context<SimEnv>,
  what: 'repos' | 'issues' | 'orgs' | 'users' | 'notifications' | 'packages',
  isPublic: boolean,
): void {
  if (!isPublic && c.get('tokenScope')?.publicOnly)
    throw new SimApiError(403, `token scope is limited to public ${what}`);
}

/** Gitea's reqToken(): 401 "token is required" without any credentials. */
export function requireSignedIn(c: Context<SimEnv>): SimUser {
  const doer = c.get('doer');
  if (!doer) throw new SimApiError(401, 'token is required');
  return doer;
}
