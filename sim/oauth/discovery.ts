/**
 * The provider's read-only endpoints: OIDC discovery, JWKS, userinfo and
 * introspection, with each version's and flavor's differences (reference
 * §1.2, §1.5–§1.7). No /.well-known/oauth-authorization-server and no
 * registration endpoint: Gitea has neither.
 */
import type { Context, Hono } from 'hono';
import type { SimContext, SimEnv } from '../context.js';
import type { SimUser } from '../state.js';
import type { OAuthStore } from './grants.js';
import type { SigningKey } from './signing-key.js';
import { verifyToken } from './tokens.js';

/** The issuer as this version spells it: AppURL with its trailing slash up to Gitea 1.24 / Forgejo 11. */
export function issuerOf(sim: SimContext): string {
  const appUrl = sim.appUrl();
  return sim.profile.issuerTrailingSlash ? appUrl : appUrl.replace(/\/$/, '');
}

function wellKnown(sim: SimContext, key: SigningKey): Record<string, unknown> {
  const base = sim.appUrl().replace(/\/$/, '');
  return {
    issuer: issuerOf(sim),
    authorization_endpoint: `${base}/login/oauth/authorize`,
    token_endpoint: `${base}/login/oauth/access_token`,
    jwks_uri: `${base}/login/oauth/keys`,
    userinfo_endpoint: `${base}/login/oauth/userinfo`,
    introspection_endpoint: `${base}/login/oauth/introspect`,
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

/** A token from `Authorization: Bearer|token …` or `?access_token=` (the oauth2 auth method). */
function bearerOf(c: Context<SimEnv>): string | null {
  const header = c.req.header('Authorization') ?? '';
  const m = /^(bearer|token)\s+(\S+)$/i.exec(header.trim());
  return m?.[2] ?? c.req.query('access_token') ?? null;
}

export interface DiscoveryDeps {
  store: OAuthStore;
  key: SigningKey;
  /** The user behind an access token (OAuth JWT or PAT), or null. */
  userForToken(token: string): Promise<SimUser | null>;
}

/** Registers discovery, keys, userinfo and introspect on the web app. */
export function registerDiscoveryRoutes(app: Hono<SimEnv>, sim: SimContext, deps: DiscoveryDeps): void {
  app.get('/.well-known/openid-configuration', (c) => {
    if (!sim.options.oauth2Enabled && sim.profile.wellKnownHonoursDisabled) return c.notFound();
    // Gitea ≤1.24 renders a 4-space indented template; 1.25+ sorts keys (map). Clients only parse it.
    return c.json(wellKnown(sim, deps.key));
  });

  const disabled = (c: Context<SimEnv>) => (sim.options.oauth2Enabled ? null : c.text('OAuth2 is disabled', 403));

  app.get('/login/oauth/keys', (c) => disabled(c) ?? c.json({ keys: [deps.key.publicJwk] }));

  const userinfo = async (c: Context<SimEnv>) => {
    const off = disabled(c);
    if (off) return off;
    const token = bearerOf(c);
    const user = token ? await deps.userForToken(token) : null;
    if (!user) return c.text('no valid authorization', 401, { 'WWW-Authenticate': 'Bearer realm="Gitea OAuth2"' });
    const orgs = [...sim.state.teams.values()].filter((t) => t.memberIds.has(user.id));
    const groups = [
      ...new Set(
        orgs.flatMap((t) => {
          const org = sim.state.users.get(t.orgId);
          return org ? [org.login, `${org.login}:${t.name.toLowerCase()}`] : [];
        }),
      ),
    ];
    return c.json({
      sub: String(user.id),
      name: user.fullName.trim() || user.login,
      preferred_username: user.login,
      email: user.email,
      picture: `${sim.appUrl()}avatars/${user.id}`,
      groups: groups.length > 0 ? groups : null,
    });
  };
  app.get('/login/oauth/userinfo', userinfo);
  app.post('/login/oauth/userinfo', userinfo);

  app.post('/login/oauth/introspect', async (c) => {
    const off = disabled(c);
    if (off) return off;
    const refuse = () => c.text('no valid authorization', 401, { 'WWW-Authenticate': 'Basic realm="Gitea OAuth2"' });
    if (sim.profile.introspectRequiresClientAuth) {
      const m = /^basic\s+(\S+)$/i.exec(c.req.header('Authorization') ?? '');
      const decoded = m ? Buffer.from(m[1] as string, 'base64').toString('utf8') : '';
      const [id, secret] = [decoded.slice(0, decoded.indexOf(':')), decoded.slice(decoded.indexOf(':') + 1)];
      const client = decoded.includes(':') ? deps.store.appByClientId(id) : undefined;
      if (!client || client.clientSecret !== secret) return refuse();
    }
    const form = await c.req.parseBody();
    const token = typeof form.token === 'string' ? form.token : '';
    const claims = token ? await verifyToken(deps.key, token, sim.now()) : null;
    const grant = claims ? deps.store.grants.get(claims.gnt) : undefined;
    const user = grant && sim.state.users.get(grant.userId);
    const app = grant && deps.store.apps.get(grant.appId);
    if (!grant || !user || !app) return c.json({ active: false });
    return c.json({
      active: true,
      scope: grant.scope,
      ...(sim.profile.introspectHasUsername ? { username: user.login } : {}),
      iss: issuerOf(sim),
      sub: String(user.id),
      aud: [app.clientId],
    });
  });
}
