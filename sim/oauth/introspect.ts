/**
 * /login/oauth/introspect (IntrospectOAuth, reference §1.7): client Basic
 * credentials of any registered app are required from Gitea 1.23 / Forgejo 9;
 * form field `token`. It does not check which client the token belongs to,
 * reports refresh tokens as active too, and returns no `exp`.
 */
import type { Hono } from 'hono';
import type { SimContext, SimEnv } from '../context.js';
import { giteaJson } from '../http/errors.js';
import { appByClientId, verifyClientSecret } from './apps.js';
import { readForm } from './form.js';
import type { SigningKey } from './keys.js';
import { parseToken } from './tokens.js';
import { issuerOf } from './well-known.js';

function basicClientValid(sim: SimContext, header: string | undefined): boolean {
  const m = /^basic\s+(\S+)$/i.exec((header ?? '').trim());
  if (!m) return false;
  const decoded = Buffer.from(m[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  const app = appByClientId(sim.state, decoded.slice(0, colon));
  return !!app && verifyClientSecret(app, decoded.slice(colon + 1));
}

/** Registers POST /login/oauth/introspect. */
export function registerIntrospectRoute(app: Hono<SimEnv>, sim: SimContext, key: SigningKey): void {
  app.post('/login/oauth/introspect', async (c) => {
    if (sim.profile.introspectRequiresClientAuth && !basicClientValid(sim, c.req.header('Authorization')))
      return c.body('no valid authorization', 401, {
        'Content-Type': 'text/plain; charset=utf-8',
        'WWW-Authenticate': 'Basic realm="Gitea OAuth2"',
      });
    const form = await readForm(c);
    const claims = form.token ? await parseToken(key, form.token, sim.now()) : null;
    const grant = claims ? sim.state.oauthGrants.get(claims.gnt) : undefined;
    const client = grant && sim.state.oauthApps.get(grant.appId);
    const user = grant && sim.state.users.get(grant.userId);
    if (!grant || !client) return giteaJson(c, { active: false });
    return giteaJson(c, {
      active: true,
      ...(grant.scope ? { scope: grant.scope } : {}),
      ...(sim.profile.introspectHasUsername && user ? { username: user.login } : {}),
      iss: issuerOf(sim),
      sub: String(grant.userId),
      aud: [client.clientId],
    });
  });
}
