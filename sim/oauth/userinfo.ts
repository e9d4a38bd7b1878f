/**
 * /login/oauth/userinfo (InfoOAuth, reference §1.5): GET, and POST from
 * Gitea 1.22.4. Needs a token through the oauth2 auth method (Bearer/token
 * header or ?token=/?access_token=); OAuth JWTs and personal access tokens
 * both work. The answer is not filtered by scope; `groups` is public-only
 * when the bearer token's derived scope has `public-only` (1.23+).
 */
import type { Context, Hono } from 'hono';
import type { OAuthTokenResolver, SimContext, SimEnv } from '../context.js';
import { sha256Hex } from '../http/auth.js';
import { giteaJson } from '../http/errors.js';
import type { SimUser } from '../state.js';
import { oauthGroupsForUser } from './groups.js';

/** The oauth2 auth method's token: query first, then `Authorization: token|bearer …`. */
export function oauth2TokenOf(c: Context<SimEnv>, sim: SimContext): { token: string; fromHeader: boolean } | null {
  const q = c.req.query('token') || c.req.query('access_token');
  if (q) return { token: q, fromHeader: false };
  const m = /^(\S+)\s+(\S+)$/.exec((c.req.header('Authorization') ?? '').trim());
  if (!m) return null;
  const scheme = m[1] ?? '';
  const isToken = sim.profile.caseInsensitiveTokenScheme ? scheme.toLowerCase() === 'token' : scheme === 'token';
  return isToken || scheme.toLowerCase() === 'bearer' ? { token: m[2] ?? '', fromHeader: true } : null;
}

/** The user behind an OAuth JWT (valid access token) or a personal access token. */
export async function userForOAuth2Token(
  sim: SimContext,
  resolver: OAuthTokenResolver,
  token: string,
): Promise<{ user: SimUser; publicOnly: boolean } | null> {
  if (token.includes('.')) {
    const resolved = await resolver.resolveAccessToken(token);
    const user = resolved && sim.state.users.get(resolved.userId);
    // Gitea 1.22 computes no public-only limit for groups.
    const publicOnly = sim.profile.oauthScopeMode !== 'all' && !!resolved?.scope.publicOnly;
    return user && user.type === 'user' ? { user, publicOnly } : null;
  }
  const hash = sha256Hex(token);
  for (const t of sim.state.tokens.values()) {
    if (t.tokenSha256 !== hash) continue;
    const user = sim.state.users.get(t.userId);
    return user ? { user, publicOnly: false } : null;
  }
  return null;
}

/** Registers /login/oauth/userinfo. */
export function registerUserinfoRoutes(app: Hono<SimEnv>, sim: SimContext, resolver: OAuthTokenResolver): void {
  const handler = async (c: Context<SimEnv>) => {
    const found = oauth2TokenOf(c, sim);
    const who = found ? await userForOAuth2Token(sim, resolver, found.token) : null;
    if (!found || !who)
      return c.body('no valid authorization', 401, {
        'Content-Type': 'text/plain; charset=utf-8',
        'WWW-Authenticate': 'Bearer realm="Gitea OAuth2"',
      });
    const { user } = who;
    // Only a bearer header token's scope is consulted for public-only groups.
    const groups = oauthGroupsForUser(sim.state, user, found.fromHeader && who.publicOnly);
    return giteaJson(c, {
      sub: String(user.id),
      name: user.fullName.trim() || user.login,
      preferred_username: user.login,
      email: user.email,
      picture: `${sim.appUrl()}avatars/${user.id}`,
      groups: groups.length > 0 ? groups : null,
    });
  };
  app.get('/login/oauth/userinfo', handler);
  if (sim.profile.userinfoAcceptsPost) app.post('/login/oauth/userinfo', handler);
}
