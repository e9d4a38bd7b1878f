/**
 * Gitea's OAuth2/OIDC provider (reference §1–§3, §5): discovery, JWKS, the
 * sign-in and consent pages, /login/oauth/authorize and /grant, the token
 * endpoint, userinfo, introspection, the applications settings page, and the
 * resolver the REST API uses for OAuth tokens (scope derived from the grant
 * per flavor and version, reference §3.2). With [oauth2] ENABLED=false every
 * /login/oauth/* route answers 403.
 */
import type { SimWebRoutes } from '../app.js';
import type { OAuthTokenResolver, SimContext } from '../context.js';
import { deriveOAuthTokenScope } from '../scopes.js';
import type { SimOAuthApp } from '../state.js';
import { registerAuthorizeRoutes } from './authorize.js';
import { OAuthStore } from './grants.js';
import { registerIntrospectRoute } from './introspect.js';
import { createSigningKey, registerKeysRoute, type SigningKey } from './keys.js';
import { registerLoginRoutes } from './login.js';
import { SessionStore } from './session.js';
import { registerSettingsRoutes } from './settings.js';
import { newAccessTokenResponse, registerTokenRoute } from './token.js';
import { parseToken, unixSeconds } from './tokens.js';
import { registerUserinfoRoutes } from './userinfo.js';
import { registerWellKnownRoute } from './well-known.js';

export { OAuthStore } from './grants.js';
export type { SigningKey } from './keys.js';

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  /** Present when the grant scope has `openid`. */
  idToken?: string;
  expiresIn: number;
  grantId: number;
}

export interface SimOAuthProvider extends OAuthTokenResolver, SimWebRoutes {
  readonly store: OAuthStore;
  readonly key: SigningKey;
  /**
   * Issues tokens on the (user, app) grant as the token endpoint does after
   * consent (creating the grant with `scope` if missing); `now` overrides the
   * clock, e.g. to mint an already expired token.
   */
  issueTokens(userId: number, app: SimOAuthApp, scope: string, now?: Date): Promise<IssuedTokens>;
}

/** Builds the provider for `sim` (generates the signing key per [oauth2] JWT_SIGNING_ALGORITHM). */
export async function createOAuthProvider(sim: SimContext): Promise<SimOAuthProvider> {
  const store = new OAuthStore(sim.state, sim.profile);
  const key = await createSigningKey(sim.options.jwtSigningAlgorithm ?? 'RS256');
  const sessions = new SessionStore();

  // GetOAuthAccessTokenScopeAndUserID: signature, grant exists, tt == access, exp, iat not in the future.
  const resolveAccessToken: OAuthTokenResolver['resolveAccessToken'] = async (jwt) => {
    if (!sim.options.oauth2Enabled) return null;
    const now = sim.now();
    const claims = await parseToken(key, jwt, now);
    if (claims?.tt !== 0 || claims.iat > unixSeconds(now)) return null;
    const grant = store.grants.get(claims.gnt);
    if (!grant) return null;
    return { userId: grant.userId, scope: deriveOAuthTokenScope(grant.scope, sim.profile.oauthScopeMode) };
  };
  const resolver: OAuthTokenResolver = { resolveAccessToken };

  return {
    store,
    key,
    resolveAccessToken,
    register(app) {
      registerWellKnownRoute(app, sim, key);
      // The /login/oauth group is guarded by oauth2Enabled: ctx.HTTPError(403).
      app.use('/login/oauth/*', async (c, next) => {
        if (!sim.options.oauth2Enabled)
          return c.body('Forbidden\n', 403, { 'Content-Type': 'text/plain; charset=utf-8' });
        await next();
      });
      registerKeysRoute(app, key);
      registerAuthorizeRoutes(app, sim, store, sessions);
      registerTokenRoute(app, { sim, store, key });
      registerUserinfoRoutes(app, sim, resolver);
      registerIntrospectRoute(app, sim, key);
      registerLoginRoutes(app, sessions);
      registerSettingsRoutes(app, store, sessions);
    },
    async issueTokens(userId, app, scope, now = sim.now()) {
      const grant = store.grantFor(userId, app.id, scope, now);
      const r = await newAccessTokenResponse(sim, key, grant, key, now);
      return {
        accessToken: r.access_token,
        refreshToken: r.refresh_token,
        ...(r.id_token ? { idToken: r.id_token } : {}),
        expiresIn: r.expires_in,
        grantId: grant.id,
      };
    },
  };
}
