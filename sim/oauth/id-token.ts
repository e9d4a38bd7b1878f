/**
 * The OIDC id_token (oauth2_provider.OIDCToken, built in
 * NewAccessTokenResponse; reference §2.3): iss/sub/aud/exp/iat and the nonce,
 * plus profile, email and groups claims by the grant's scope words. Empty
 * claims are left out (`omitempty`), so `email_verified` is absent for an
 * inactive user.
 */
import type { SimContext } from '../context.js';
import { deriveOAuthTokenScope } from '../scopes.js';
import type { SimOAuthApp, SimOAuthGrant, SimUser } from '../state.js';
import { oauthGroupsForUser } from './groups.js';
import type { SigningKey } from './keys.js';
import { signJwt, unixSeconds } from './tokens.js';
import { issuerOf } from './well-known.js';

/** grant.ScopeContains: exact word match in the space-separated scope. */
export function scopeContains(grant: SimOAuthGrant, word: string): boolean {
  return grant.scope.split(' ').includes(word);
}

/** Signs the id_token for `grant` with `key` (server key, or the client secret for HS*). */
export function signIdToken(
  sim: SimContext,
  key: SigningKey,
  grant: SimOAuthGrant,
  app: SimOAuthApp,
  user: SimUser,
  exp: number,
  now: Date,
): Promise<string> {
  const claims: Record<string, unknown> = {
    iss: issuerOf(sim),
    sub: String(grant.userId),
    aud: [app.clientId],
    exp,
    iat: unixSeconds(now),
  };
  if (grant.nonce) claims.nonce = grant.nonce;
  const put = (name: string, value: string | number | boolean | string[]) => {
    if (value !== '' && value !== 0 && value !== false && !(Array.isArray(value) && value.length === 0))
      claims[name] = value;
  };
  if (scopeContains(grant, 'profile')) {
    put('name', user.fullName.trim() || user.login);
    put('preferred_username', user.login);
    put('profile', `${sim.appUrl()}${user.login}`);
    put('picture', `${sim.appUrl()}avatars/${user.id}`);
    put('website', user.website);
    put('locale', user.language);
    put('updated_at', unixSeconds(user.lastLogin));
  }
  if (scopeContains(grant, 'email')) {
    put('email', user.email);
    put('email_verified', user.active);
  }
  if (scopeContains(grant, 'groups')) {
    const publicOnly = deriveOAuthTokenScope(grant.scope, sim.profile.oauthScopeMode).publicOnly;
    put('groups', oauthGroupsForUser(sim.state, user, publicOnly));
  }
  return signJwt(key, claims);
}
