/**
 * Gitea's OAuth2/OIDC provider (issue 3). Until it lands, OAuth JWTs resolve
 * to nothing, which Gitea answers with 401 like any unknown token.
 */
import type { SimWebRoutes } from '../app.js';
import type { OAuthTokenResolver, SimContext } from '../context.js';

export interface SimOAuthProvider extends OAuthTokenResolver, SimWebRoutes {}

export function createOAuthProvider(_sim: SimContext): SimOAuthProvider {
  return {
    async resolveAccessToken() {
      return null;
    },
    register() {},
  };
}
