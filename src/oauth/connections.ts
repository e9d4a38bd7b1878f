/**
 * `GET /connections`: the signed-in user's connected clients, each with a
 * revoke button. Signing in goes through Gitea like a client's sign-in (same
 * callback, PKCE, the same explicit scopes), but ends in a short browser
 * session instead of a grant; the Gitea token is used once to learn who the
 * user is and then dropped. The session, the pending sign-in and every revoke
 * form are HMAC-sealed cookies/fields, so nothing about them is stored.
 */
import { createHmac, randomBytes } from 'node:crypto';
import * as oauth from 'oauth4webapi';
import { GiteaError, giteaPath } from '../gitea/index.js';
import type { Connection } from '../store/index.js';
import type { BrokerDeps } from './broker-deps.js';
import { UpstreamGrantError } from './upstream.js';
import { cookieName, escapeHtml, page, readCookie, readForm, sameSecret, setCookie } from './wire.js';

const SESSION_COOKIE = 'gatea_session';
const LOGIN_COOKIE = 'gatea_login';
const SESSION_TTL_MS = 30 * 60_000;
const LOGIN_TTL_MS = 10 * 60_000;

interface Session {
  uid: number;
  login: string;
  exp: number;
}

interface PendingLogin {
  state: string;
  verifier: string;
  exp: number;
}

function mac(deps: BrokerDeps, purpose: string, data: string): string {
  return createHmac('sha256', deps.formKey).update(`${purpose}\n${data}`).digest('base64url');
}

/** `payload.mac`, bound to its purpose so one sealed value can never stand in for another. */
function seal(deps: BrokerDeps, purpose: string, value: object): string {
  const payload = Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${payload}.${mac(deps, purpose, payload)}`;
}

function unseal<T extends { exp: number }>(deps: BrokerDeps, purpose: string, sealed: string | undefined): T | null {
  const [payload = '', tag = ''] = (sealed ?? '').split('.');
  if (!payload || !sameSecret(tag, mac(deps, purpose, payload))) return null;
  const value = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as T;
  return value.exp > deps.now() ? value : null;
}

const sessionOf = (req: Request, deps: BrokerDeps) =>
  unseal<Session>(deps, 'session', readCookie(req, cookieName(SESSION_COOKIE, deps.issuer)));

/** The anti-CSRF value of a session's forms. */
const formToken = (req: Request, deps: BrokerDeps) =>
  mac(deps, 'connections-form', readCookie(req, cookieName(SESSION_COOKIE, deps.issuer)) ?? '');

function when(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 16);
}

/** Where a redirect URI sends the user: its host, or the scheme of a native app's URI. */
function hostOf(uri: string): string {
  try {
    const u = new URL(uri);
    return u.host || u.protocol;
  } catch {
    return uri;
  }
}

function row(c: Connection, csrf: string): string {
  const host = c.redirectUris.map(hostOf).join(', ');
  const access = c.scopes.includes('write:repository') ? 'read and write' : 'read';
  return `<tr><td>${escapeHtml(c.clientName ?? c.clientId)}<br><small>returns to ${escapeHtml(host)}</small></td>
<td>${escapeHtml(access)}</td><td>${when(c.createdAt)}</td><td>${when(c.lastActiveAt)}</td>
<td><form method="post" action="/connections/revoke"><input type="hidden" name="grant" value="${escapeHtml(c.grantId)}"><input type="hidden" name="csrf" value="${escapeHtml(csrf)}"><button>Revoke</button></form></td></tr>`;
}

/** `GET /connections`. */
export async function handleConnections(req: Request, deps: BrokerDeps): Promise<Response> {
  const session = sessionOf(req, deps);
  if (!session)
    return page(
      200,
      'Your connected applications',
      ['Sign in with your Gitea account to see the applications connected to Gatea in your name, and revoke them.'],
      '<p><a href="/connections/login">Sign in with Gitea</a></p>',
    );
  const list = await deps.store.listConnections(session.uid);
  const csrf = formToken(req, deps);
  const table =
    list.length === 0
      ? '<p>No application is connected.</p>'
      : `<table><thead><tr><th>Application</th><th>Access</th><th>Connected (UTC)</th><th>Last active (UTC)</th><th></th></tr></thead><tbody>${list.map((c) => row(c, csrf)).join('\n')}</tbody></table>`;
  return page(200, 'Your connected applications', [`Signed in to Gitea as ${session.login}.`], table);
}

/** `GET /connections/login`: to Gitea, with the pending sign-in sealed in a cookie. */
export async function handleConnectionsLogin(deps: BrokerDeps): Promise<Response> {
  const login: PendingLogin = {
    state: randomBytes(32).toString('base64url'),
    verifier: oauth.generateRandomCodeVerifier(),
    exp: deps.now() + LOGIN_TTL_MS,
  };
  const location = await deps.gitea.authorizationUrl({
    state: login.state,
    codeVerifier: login.verifier,
    scopes: deps.giteaScopes,
  });
  const headers = new Headers({ location, 'cache-control': 'no-store' });
  headers.append(
    'set-cookie',
    setCookie(cookieName(LOGIN_COOKIE, deps.issuer), seal(deps, 'login', login), deps.issuer, LOGIN_TTL_MS / 1000),
  );
  return new Response(null, { status: 302, headers });
}

/**
 * Gitea's callback for a connections sign-in, or null when the request is not
 * one (then it is a client's authorization, handled by handleCallback).
 */
export async function connectionsCallback(req: Request, deps: BrokerDeps): Promise<Response | null> {
  const url = new URL(req.url);
  const login = unseal<PendingLogin>(deps, 'login', readCookie(req, cookieName(LOGIN_COOKIE, deps.issuer)));
  if (!login || !sameSecret(url.searchParams.get('state') ?? '', login.state)) return null;
  let who: { id: number; login: string };
  try {
    const tokens = await deps.gitea.exchangeCode(url, login.state, login.verifier);
    who = (await deps.giteaFor(tokens.accessToken).request<{ id: number; login: string }>('GET', giteaPath('/user')))
      .data;
  } catch (err) {
    if (!(err instanceof UpstreamGrantError) && !(err instanceof GiteaError)) throw err;
    deps.log.info({ outcome: 'connections_sign_in_failed' }, 'oauth_callback');
    return page(400, 'Sign-in failed', ['Gitea did not complete the sign-in. Try again from /connections.']);
  }
  deps.log.info({ outcome: 'connections_sign_in', login: who.login }, 'oauth_callback');
  const session: Session = { uid: who.id, login: who.login, exp: deps.now() + SESSION_TTL_MS };
  const headers = new Headers({ location: '/connections', 'cache-control': 'no-store' });
  headers.append('set-cookie', setCookie(cookieName(LOGIN_COOKIE, deps.issuer), '', deps.issuer, 0));
  headers.append(
    'set-cookie',
    setCookie(
      cookieName(SESSION_COOKIE, deps.issuer),
      seal(deps, 'session', session),
      deps.issuer,
      SESSION_TTL_MS / 1000,
    ),
  );
  return new Response(null, { status: 302, headers });
}

/** `POST /connections/revoke`: only the grant's own user, only with the session's form token. */
export async function handleConnectionsRevoke(req: Request, deps: BrokerDeps): Promise<Response> {
  const session = sessionOf(req, deps);
  const form = await readForm(req);
  if (!session || !form || !sameSecret(form.get('csrf') ?? '', formToken(req, deps)))
    return page(400, 'This form cannot be used', ['Sign in again at /connections and retry.']);
  const grant = await deps.store.findGrant(form.get('grant') ?? '');
  if (!grant || grant.giteaUserId !== session.uid || grant.revokedAt !== null)
    return page(404, 'No such connection', ['It was revoked already, or it is not yours.']);
  await deps.store.revokeGrant(grant.id, deps.now());
  deps.log.info({ client_id: grant.clientId, login: session.login, outcome: 'revoked' }, 'oauth_connection_revoke');
  return new Response(null, { status: 303, headers: { location: '/connections', 'cache-control': 'no-store' } });
}
