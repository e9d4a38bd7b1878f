/**
 * Personal access tokens under /users/{username}/tokens
 * (routers/api/v1/user/app.go ListAccessTokens, CreateAccessToken,
 * DeleteAccessToken; routed in routers/api/v1/api.go inside the
 * `/users/{username}` group). Gitea's middleware order: the `user` scope
 * check, the user lookup (404) and public-only check, then reqSelfOrAdmin
 * (403) and reqBasicOrRevProxyAuth (401 "auth required": `Authorization:
 * token …` is refused, Basic with a password or with a token inside it
 * passes), then the body binding (422), then the handler.
 */
import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import type { SimEnv } from '../context.js';
import { GO_ZERO_TIME, toGiteaTime } from '../convert/user.js';
import { sha256Hex } from '../http/auth.js';
import { giteaJson, notFound, SimApiError, unprocessable } from '../http/errors.js';
import { pageRequest } from '../http/pagination.js';
import type { SimRouter } from '../http/route.js';
import { formatScope, normalizeScopeList } from '../scopes.js';
import type { SimAccessToken, SimUser } from '../state.js';
import { optString, optStringArray, readJsonBody } from './request-body.js';
import { loadAccount } from './users.js';

/** The middleware chain in front of every token route; returns the account whose tokens these are. */
function tokenOwner(c: Context<SimEnv>): SimUser {
  const owner = loadAccount(c);
  const doer = c.get('doer');
  // routers/api/v1/api.go reqSelfOrAdmin
  if (!doer?.isAdmin && doer?.id !== owner.id)
    throw new SimApiError(403, 'doer should be the site admin or be same as the contextUser');
  // routers/api/v1/api.go reqBasicOrRevProxyAuth (reverse-proxy auth is not simulated)
  if (!c.get('basicAuth')) throw new SimApiError(401, 'auth required');
  return owner;
}

/** `Scope.StringSlice()`: the normalized scope split on commas. */
function scopeList(t: SimAccessToken): string[] {
  const s = formatScope(t.scope);
  return s === '' ? [] : s.split(',');
}

function listTokens(c: Context<SimEnv>): Response {
  const sim = c.get('sim');
  const owner = tokenOwner(c);
  // ListAccessTokensOptions.ToOrders: created_unix DESC.
  const all = [...sim.state.tokens.values()]
    .filter((t) => t.userId === owner.id)
    .sort((a, b) => b.created.getTime() - a.created.getTime() || b.id - a.id);
  // ListAccessTokens sets X-Total-Count only (SetTotalCountHeader), no Link.
  const { page, limit } = pageRequest(c);
  c.header('X-Total-Count', String(all.length));
  c.header('Access-Control-Expose-Headers', 'X-Total-Count');
  const body = all.slice((page - 1) * limit, page * limit).map((t) => ({
    id: t.id,
    name: t.name,
    sha1: '',
    token_last_eight: t.tokenLastEight,
    scopes: scopeList(t),
    created_at: toGiteaTime(t.created),
    last_used_at: toGiteaTime(t.lastUsed ?? t.created),
  }));
  return giteaJson(c, body);
}

async function createToken(c: Context<SimEnv>): Promise<Response> {
  const sim = c.get('sim');
  const owner = tokenOwner(c);
  const body = await readJsonBody(c);
  const name = optString(body, 'name') ?? '';
  const scopes = optStringArray(body, 'scopes') ?? [];
  if (name === '') throw unprocessable('[Name]: Required');
  // AccessTokenByNameExists: same name for the same user, checked before the scopes.
  for (const t of sim.state.tokens.values())
    if (t.userId === owner.id && t.name === name) throw new SimApiError(400, 'access token name has been used already');
  const normalized = normalizeScopeList(scopes.join(','));
  if ('error' in normalized) throw new SimApiError(400, `invalid access token scope provided: ${normalized.error}`);
  if (!normalized.scope) throw new SimApiError(400, 'access token must have a scope');
  // auth_model.NewAccessToken: 20 random bytes, hex.
  const token = randomBytes(20).toString('hex');
  const id = sim.state.nextId('token');
  const created: SimAccessToken = {
    id,
    userId: owner.id,
    name,
    tokenSha256: sha256Hex(token),
    tokenLastEight: token.slice(-8),
    scope: normalized.scope,
    created: sim.now(),
  };
  sim.state.tokens.set(id, created);
  // The answer leaves created_at/last_used_at unset: Go's zero time.
  return giteaJson(
    c,
    {
      id,
      name,
      sha1: token,
      token_last_eight: created.tokenLastEight,
      scopes: scopeList(created),
      created_at: GO_ZERO_TIME,
      last_used_at: GO_ZERO_TIME,
    },
    201,
  );
}

/**
 * Go's strconv.ParseInt(s, 0, 64) as DeleteAccessToken reads `{id}`: base
 * prefixes 0x/0o/0b, a bare leading 0 is octal, `_` between digits; 0 when
 * the text is not a number (the token is then looked up by name).
 */
export function goParseIntBase0(s: string): number {
  const sign = s.startsWith('-') ? -1 : 1;
  const rest = s.replace(/^[+-]/, '');
  const prefixes: [RegExp, number, string][] = [
    [/^0[xX]/, 16, '0-9a-fA-F'],
    [/^0[oO]/, 8, '0-7'],
    [/^0[bB]/, 2, '01'],
    [/^0(?=.)/, 8, '0-7'],
  ];
  const [prefix, radix, digitClass] = prefixes.find(([re]) => re.test(rest)) ?? [null, 10, '0-9'];
  const digits = prefix ? rest.replace(prefix, '') : rest;
  // An underscore must separate digits, or follow the base prefix (strconv underscoreOK).
  if (!new RegExp(`^${prefix ? '_?' : ''}[${digitClass}]+(_[${digitClass}]+)*$`).test(digits)) return 0;
  return sign * Number.parseInt(digits.replace(/_/g, ''), radix);
}

function deleteToken(c: Context<SimEnv>): Response {
  const sim = c.get('sim');
  const owner = tokenOwner(c);
  const param = c.req.param('token') ?? '';
  let id = goParseIntBase0(param);
  if (id === 0) {
    const named = [...sim.state.tokens.values()].filter((t) => t.userId === owner.id && t.name === param);
    if (named.length === 0) throw notFound(c);
    if (named.length > 1) throw new SimApiError(422, `multiple matches for token name '${param}'`);
    id = (named[0] as SimAccessToken).id;
  }
  const t = sim.state.tokens.get(id);
  // DeleteAccessTokenByID deletes by id and uid; nothing deleted → ErrAccessTokenNotExist → 404.
  if (!t || t.userId !== owner.id) throw notFound(c);
  sim.state.tokens.delete(id);
  return c.body(null, 204);
}

export function registerAccessTokenRoutes(router: SimRouter): void {
  router.add(
    { method: 'GET', path: '/users/{username}/tokens', scope: ['user'], handler: listTokens },
    { method: 'POST', path: '/users/{username}/tokens', scope: ['user'], handler: createToken },
    { method: 'DELETE', path: '/users/{username}/tokens/{token}', scope: ['user'], handler: deleteToken },
  );
}
