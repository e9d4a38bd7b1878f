/**
 * /login/oauth/authorize and the consent POST /login/oauth/grant
 * (routers/web/auth/oauth2_provider.go AuthorizeOAuth, GrantApplicationOAuth;
 * reference §1.3). Order of checks as in Gitea: sign-in, client_id (400 HTML),
 * redirect_uri (400 HTML), response_type, PKCE, then auto-approval or the
 * consent page. Scopes are never validated. PKCE follows the fixed S256
 * behaviour (CVE-2026-26247, Gitea 1.25.5): both methods are kept for the
 * consent path.
 */
import type { Context, Hono } from 'hono';
import type { SimContext, SimEnv } from '../context.js';
import { deriveOAuthTokenScope } from '../scopes.js';
import type { SimOAuthCode, SimUser } from '../state.js';
import { appByClientId, supportsSkipSecondaryAuthorization } from './apps.js';
import { type FormValues, readForm } from './form.js';
import type { OAuthStore } from './grants.js';
import { consentPage, grantErrorPage } from './pages.js';
import { authorizeErrorLocation, withQuery } from './redirect.js';
import { containsRedirectUri } from './redirect-uri.js';
import { csrfFailure, csrfValid, redirectToLogin, type SessionStore, type WebSession } from './session.js';

function codeRedirect(code: SimOAuthCode, state: string): string {
  return withQuery(code.redirectUri, state ? { code: code.code, state } : { code: code.code });
}

type PkceMethod = SimOAuthCode['codeChallengeMethod'];

function pkceMethod(s: string | undefined): PkceMethod {
  return s === 'S256' || s === 'plain' ? s : '';
}

/** Steps 2–7 of AuthorizeOAuth for a signed-in `user`. */
function authorize(
  c: Context<SimEnv>,
  sim: SimContext,
  store: OAuthStore,
  session: WebSession,
  user: SimUser,
  form: FormValues,
): Response {
  const state = form.state ?? '';
  const redirectUri = form.redirect_uri ?? '';
  const app = appByClientId(sim.state, form.client_id ?? '');
  if (!app) return c.html(grantErrorPage('unauthorized_client', 'Client ID not registered'), 400);
  if (!containsRedirectUri(app, redirectUri, sim.profile))
    return c.html(grantErrorPage('invalid_request', 'Unregistered Redirect URI'), 400);
  const fail = (error: string, description: string) =>
    c.redirect(authorizeErrorLocation(redirectUri, error, description, state), 303);
  if (form.response_type !== 'code') return fail('unsupported_response_type', 'Only code response type is supported.');

  const method = form.code_challenge_method ?? '';
  if (method === 'S256' || method === 'plain') {
    session.data.set('CodeChallengeMethod', method);
    session.data.set('CodeChallenge', form.code_challenge ?? '');
  } else if (method === '') {
    // RFC 8252 §8.1 / RFC 7636 §4.4.1; required since 1.18 (#21316).
    if (!app.confidential) return fail('invalid_request', 'PKCE is required for public clients');
  } else return fail('invalid_request', 'unsupported code challenge method');

  const grant = store.grantOf(user.id, app.id);
  if (
    grant &&
    (app.confidential || (app.skipSecondaryAuthorization && supportsSkipSecondaryAuthorization(sim.profile)))
  ) {
    // Auto-approval keeps the grant's old scope even if another one is asked for (≤1.25, issue #36762).
    const code = store.createCode(grant, redirectUri, form.code_challenge ?? '', pkceMethod(method), sim.now());
    if (form.nonce) grant.nonce = form.nonce;
    return c.redirect(codeRedirect(code, state), 303);
  }

  session.data.set('client_id', app.clientId);
  session.data.set('redirect_uri', redirectUri);
  session.data.set('state', state);
  const owner = sim.state.users.get(app.ownerId);
  const scope = form.scope ?? '';
  return c.html(
    consentPage({
      csrf: session.csrf,
      appName: app.name,
      ownerLogin: owner?.login ?? 'Gitea',
      clientId: app.clientId,
      redirectUri,
      state,
      scope,
      nonce: form.nonce ?? '',
      additionalScopes: !deriveOAuthTokenScope(scope, sim.profile.oauthScopeMode).all,
    }),
  );
}

/** GrantApplicationOAuth: the consent form's POST. */
async function grant(
  c: Context<SimEnv>,
  sim: SimContext,
  store: OAuthStore,
  sessions: SessionStore,
): Promise<Response> {
  const user = sessions.user(c);
  const session = sessions.current(c);
  if (!user || !session) return redirectToLogin(c);
  const form = await readForm(c);
  if (!csrfValid(c, session, form._csrf ?? '')) return csrfFailure(c);
  const [clientId, state, redirectUri] = [form.client_id ?? '', form.state ?? '', form.redirect_uri ?? ''];
  // A missing session value never equals the form's (Go compares interface{} with string).
  if (
    session.data.get('client_id') !== clientId ||
    session.data.get('state') !== state ||
    session.data.get('redirect_uri') !== redirectUri
  )
    return c.body('Bad Request\n', 400, { 'Content-Type': 'text/plain; charset=utf-8' });
  const fail = (error: string, description: string) =>
    c.redirect(authorizeErrorLocation(redirectUri, error, description, state), 303);
  if (form.granted !== 'true') return fail('access_denied', 'the request is denied');

  const app = appByClientId(sim.state, clientId);
  if (!app) return c.body('Internal Server Error\n', 500, { 'Content-Type': 'text/plain; charset=utf-8' });
  const scope = form.scope ?? '';
  let existing = store.grantOf(user.id, app.id);
  if (!existing) existing = store.createGrant(user.id, app.id, scope, sim.now());
  // Gitea (through 1.26) refuses a consent whose scope differs from the grant's (issue #36762).
  else if (existing.scope !== scope) return fail('server_error', 'a grant exists with different scope');
  if (form.nonce) existing.nonce = form.nonce;

  // Whatever an earlier /authorize in this session left is used, as in Gitea (values are never cleared).
  const method = pkceMethod(session.data.get('CodeChallengeMethod'));
  const challenge = session.data.get('CodeChallenge') ?? '';
  const code = store.createCode(existing, redirectUri, challenge, method, sim.now());
  return c.redirect(codeRedirect(code, state), 303);
}

/** Registers /login/oauth/authorize (GET and POST) and POST /login/oauth/grant. */
export function registerAuthorizeRoutes(
  app: Hono<SimEnv>,
  sim: SimContext,
  store: OAuthStore,
  sessions: SessionStore,
): void {
  const handler = async (c: Context<SimEnv>) => {
    const user = sessions.user(c);
    const session = sessions.current(c);
    if (!user || !session) return redirectToLogin(c);
    return authorize(c, sim, store, session, user, await readForm(c, true));
  };
  app.get('/login/oauth/authorize', handler);
  app.post('/login/oauth/authorize', handler);
  app.post('/login/oauth/grant', (c) => grant(c, sim, store, sessions));
}
