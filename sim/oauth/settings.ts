/**
 * The user's applications settings page (routers/web/user/setting/applications.go,
 * oauth2_common.go): lists authorized OAuth2 applications and revokes a grant
 * with POST /user/settings/applications/oauth2/{id}/revoke/{grantId}. Revoking
 * deletes the grant, so its access and refresh tokens stop working at once.
 */
import type { Hono } from 'hono';
import type { SimEnv } from '../context.js';
import { readForm } from './form.js';
import type { OAuthStore } from './grants.js';
import { applicationsPage } from './pages.js';
import { csrfFailure, csrfValid, redirectToLogin, type SessionStore } from './session.js';

const SETTINGS_PATH = '/user/settings/applications';

/** Registers the settings page and the revoke action. */
export function registerSettingsRoutes(app: Hono<SimEnv>, store: OAuthStore, sessions: SessionStore): void {
  app.get(SETTINGS_PATH, (c) => {
    const user = sessions.user(c);
    const session = sessions.current(c);
    if (!user || !session) return redirectToLogin(c);
    const rows = [...store.grants.values()]
      .filter((g) => g.userId === user.id)
      .flatMap((g) => {
        const a = store.apps.get(g.appId);
        return a ? [{ appId: a.id, grantId: g.id, name: a.name, scope: g.scope, created: g.created }] : [];
      });
    return c.html(applicationsPage(session.csrf, rows));
  });

  app.post(`${SETTINGS_PATH}/oauth2/:id/revoke/:grantId`, async (c) => {
    const user = sessions.user(c);
    const session = sessions.current(c);
    if (!user || !session) return redirectToLogin(c);
    const form = await readForm(c);
    if (!csrfValid(c, session, form._csrf ?? '')) return csrfFailure(c);
    // RevokeOAuth2Grant deletes by (grant id, user id); another user's grant is silently left alone.
    store.revokeGrant(Number(c.req.param('grantId')), user.id);
    // Gitea's page calls this with fetch (X-Csrf-Token) and follows a JSON redirect; a plain form gets a 303.
    if (c.req.header('X-Csrf-Token')) return c.json({ redirect: SETTINGS_PATH });
    return c.redirect(SETTINGS_PATH, 303);
  });
}
