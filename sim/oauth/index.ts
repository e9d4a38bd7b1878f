/**
 * Gitea's OAuth2/OIDC provider, as far as it is built: signing key and JWKS,
 * OIDC discovery, userinfo, introspection, applications, grants and token
 * minting with Gitea's claims, and the resolver the API uses for OAuth
 * tokens (scope derived from the grant per flavor and version, reference
 * §3.2). Still to come (issue 3): /login/oauth/authorize with the login and
 * consent pages, /login/oauth/grant and /login/oauth/access_token.
 */
import type { SimWebRoutes } from '../app.js';
import type { OAuthTokenResolver, SimContext } from '../context.js';
import { sha256Hex } from '../http/auth.js';
import { deriveOAuthTokenScope } from '../scopes.js';
import type { SimUser } from '../state.js';
import { registerDiscoveryRoutes } from './discovery.js';
import { OAuthStore, type SimOAuthApp } from './grants.js';
import { createSigningKey, type SigningKey } from './signing-key.js';
import { mintToken, verifyToken } from './tokens.js';

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  grantId: number;
}

export interface SimOAuthProvider extends OAuthTokenResolver, SimWebRoutes {
  readonly store: OAuthStore;
  readonly key: SigningKey;
  /**
   * Issues an access + refresh token pair on the (user, app) grant, as the
   * token endpoint does after consent; `now` overrides the clock (e.g. to mint
   * an already expired token).
   */
  issueTokens(userId: number, app: SimOAuthApp, scope: string, now?: Date): Promise<IssuedTokens>;
}

/** Builds the provider for `sim` (generates the signing key). */
export async function createOAuthProvider(sim: SimContext): Promise<SimOAuthProvider> {
  const store = new OAuthStore();
  const key = await createSigningKey();

  const resolveAccessToken: OAuthTokenResolver['resolveAccessToken'] = async (jwt) => {
    if (!sim.options.oauth2Enabled) return null;
    const claims = await verifyToken(key, jwt, sim.now());
    if (!claims || claims.tt !== 0) return null;
    const grant = store.grants.get(claims.gnt);
    if (!grant) return null;
    return { userId: grant.userId, scope: deriveOAuthTokenScope(grant.scope, sim.profile.oauthScopeMode) };
  };

  const userForToken = async (token: string): Promise<SimUser | null> => {
    if (token.includes('.')) {
      const resolved = await resolveAccessToken(token);
      return (resolved && sim.state.users.get(resolved.userId)) ?? null;
    }
    const hash = sha256Hex(token);
    for (const t of sim.state.tokens.values()) if (t.tokenSha256 === hash) return sim.state.users.get(t.userId) ?? null;
    return null;
  };

  return {
    store,
    key,
    resolveAccessToken,
    register(app) {
      registerDiscoveryRoutes(app, sim, { store, key, userForToken });
    },
    async issueTokens(userId, app, scope, now = sim.now()) {
      const grant = store.grantFor(userId, app.id, scope, now);
      if (sim.options.invalidateRefreshTokens) grant.counter++;
      const iat = Math.floor(now.getTime() / 1000);
      const expiresIn = sim.options.accessTokenTtlSeconds;
      const accessToken = await mintToken(key, { gnt: grant.id, tt: 0, exp: iat + expiresIn, iat });
      const refreshToken = await mintToken(key, {
        gnt: grant.id,
        tt: 1,
        cnt: grant.counter,
        exp: iat + sim.options.refreshTokenTtlHours * 3600,
        iat,
      });
      return { accessToken, refreshToken, expiresIn, grantId: grant.id };
    },
  };
}
