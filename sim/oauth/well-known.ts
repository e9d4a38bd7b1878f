/**
 * OIDC discovery, /.well-known/openid-configuration (reference §1.2): the
 * issuer keeps AppURL's trailing slash up to Gitea 1.24 / Forgejo 11; 1.25+
 * answers 404 when [oauth2] ENABLED=false. There is no
 * /.well-known/oauth-authorization-server and no registration endpoint.
 */
import type { Hono } from 'hono';
import type { SimContext, SimEnv } from '../context.js';
import type { SigningKey } from './keys.js';

/** The issuer as this version spells it (also the id_token `iss` and introspection `iss`). */
export function issuerOf(sim: SimContext): string {
  const appUrl = sim.appUrl();
  return sim.profile.issuerTrailingSlash ? appUrl : appUrl.replace(/\/$/, '');
}

/** The discovery document, fields in the order of Gitea's oidc_wellknown template. */
export function buildOpenIdConfiguration(sim: SimContext, key: SigningKey): Record<string, unknown> {
  const base = sim.appUrl().replace(/\/$/, '');
  return {
    issuer: issuerOf(sim),
    authorization_endpoint: `${base}/login/oauth/authorize`,
    token_endpoint: `${base}/login/oauth/access_token`,
    jwks_uri: `${base}/login/oauth/keys`,
    userinfo_endpoint: `${base}/login/oauth/userinfo`,
    introspection_endpoint: `${base}/login/oauth/introspect`,
    // Advertises id_token although /authorize only accepts `code` (a Gitea quirk).
    response_types_supported: ['code', 'id_token'],
    id_token_signing_alg_values_supported: [key.alg],
    subject_types_supported: ['public'],
    scopes_supported: ['openid', 'profile', 'email', 'groups'],
    claims_supported: [
      'aud',
      'exp',
      'iat',
      'iss',
      'sub',
      'name',
      'preferred_username',
      'profile',
      'picture',
      'website',
      'locale',
      'updated_at',
      'email',
      'email_verified',
      'groups',
    ],
    code_challenge_methods_supported: ['plain', 'S256'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
  };
}

/** GET /.well-known/openid-configuration, rendered like ctx.JSONTemplate (4-space indent). */
export function registerWellKnownRoute(app: Hono<SimEnv>, sim: SimContext, key: SigningKey): void {
  app.get('/.well-known/openid-configuration', (c) => {
    if (!sim.options.oauth2Enabled && sim.profile.wellKnownHonoursDisabled)
      return c.body('404 page not found\n', 404, { 'Content-Type': 'text/plain; charset=utf-8' });
    return c.body(JSON.stringify(buildOpenIdConfiguration(sim, key), null, 4), 200, {
      'Content-Type': 'application/json;charset=utf-8',
    });
  });
}
