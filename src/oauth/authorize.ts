/**
 * The browser leg of broker mode (MCP 2025-11-25 security best practices,
 * "confused deputy"): `GET /authorize` checks the client and shows Gatea's
 * own consent page; `POST /authorize/consent` (CSRF-checked) stores the
 * pending authorization, binds its `state` to a cookie set only now, after
 * consent, and sends the browser to Gitea with Gatea's single callback, PKCE
 * S256 and explicit Gitea scopes; `GET /oauth/callback` checks state and
 * cookie, exchanges Gitea's code, stores the grant (Gitea tokens encrypted)
 * and redirects to the client with Gatea's one-time code and `iss` (RFC 9207).
 *
 * Errors before the client and redirect URI are verified are shown as a page,
 * never redirected (RFC 6749 §4.1.2.1).
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import * as oauth from 'oauth4webapi';
import { GiteaError, giteaPath } from '../gitea/index.js';
import type { ClientRegistration } from '../store/index.js';
import { type BrokerDeps, CODE_TTL_MS, PENDING_TTL_MS } from './broker-deps.js';
import { ClientMetadataError } from './client-metadata-validation.js';
import { type ClientScope, CODE_PREFIX, hashSecret, newSecret, sealGiteaTokens } from './grants.js';
import { redirectUriMatches } from './redirect-uris.js';
import { UpstreamGrantError } from './upstream.js';
import { cookieName, escapeHtml, page, readCookie, readForm, sameSecret, setCookie } from './wire.js';

/** The parameters of an authorization request that survive the consent page (signed into the form). */
interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  state: string | null;
  codeChallenge: string;
  scopes: ClientScope[];
  resource: string | null;
  /** When the consent page was rendered (ms): an old form is refused. */
  shownAt: number;
}

const CSRF_COOKIE = 'gatea_csrf';
const STATE_COOKIE = 'gatea_state';

/** The client's scopes: read, plus write when asked for and possible. Unknown scopes are ignored (reference §4.1c). */
export function clientScopesFor(requested: string | null, writesEnabled: boolean): ClientScope[] {
  const asked = new Set((requested ?? '').split(/\s+/));
  return writesEnabled && asked.has('write:repository') ? ['read:repository', 'write:repository'] : ['read:repository'];
}

/** RFC 8707: the resource must be Gatea's MCP URL (one trailing slash and host case forgiven); absent means it. */
export function resourceMatches(requested: string | null, resource: string): boolean {
  if (requested === null || requested === '') return true;
  try {
    const a = new URL(requested);
    const b = new URL(resource);
    return (
      a.origin === b.origin && a.pathname.replace(/\/$/, '') === b.pathname.replace(/\/$/, '') && !a.search && !a.hash
    );
  } catch {
    return false;
  }
}

function redirectWith(redirectUri: string, params: Record<string, string | null>): Response {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== null) url.searchParams.set(k, v);
  return new Response(null, { status: 302, headers: { location: url.href, 'cache-control': 'no-store' } });
}

function sign(deps: BrokerDeps, payload: string, csrf: string): string {
  return createHmac('sha256', deps.formKey).update(`${payload}.${csrf}`).digest('base64url');
}

function consentPage(deps: BrokerDeps, client: ClientRegistration, request: AuthorizationRequest, csrf: string) {
  const payload = Buffer.from(JSON.stringify(request)).toString('base64url');
  const signature = sign(deps, payload, csrf);
  const host = new URL(request.redirectUri).host || new URL(request.redirectUri).protocol;
  const name = client.clientName ?? 'An application';
  const access = request.scopes.includes('write:repository')
    ? 'read and change your repositories, issues, pull requests and other Gitea data'
    : 'read your repositories, issues, pull requests and other Gitea data';
  const loopback = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])[:/]/.test(request.redirectUri);
  const form = `<form method="post" action="/authorize/consent">
<input type="hidden" name="request" value="${escapeHtml(payload)}">
<input type="hidden" name="signature" value="${escapeHtml(signature)}">
<input type="hidden" name="csrf" value="${escapeHtml(csrf)}">
<div class="actions"><button class="primary" name="decision" value="allow">Allow</button><button name="decision" value="deny">Deny</button></div>
</form>`;
  const res = page(
    200,
    'Connect to Gitea through Gatea?',
    [
      `${name} wants to ${access}, acting as you.`,
      `After you allow it, you sign in to Gitea and it sends you back to ${host}${loopback ? ' (a program on your own computer)' : ''}.`,
      `Redirect address: ${request.redirectUri}`,
      'Only allow this if you started connecting this application just now.',
    ],
    form,
  );
  res.headers.append('set-cookie', setCookie(cookieName(CSRF_COOKIE, deps.issuer), csrf, deps.issuer, 600));
  return res;
}

/**
 * The client behind `clientId`: registered through DCR, or — for an https URL
 * (MCP 2025-11-25 Client ID Metadata Documents) — described by the document at
 * that URL, fetched (or taken from the fetcher's cache) and kept in the store
 * so the token endpoint knows it too.
 */
async function findClient(clientId: string, deps: BrokerDeps): Promise<ClientRegistration | Response | null> {
  if (!clientId.startsWith('https://')) return deps.store.findClient(clientId);
  try {
    const doc = await deps.clientMetadata(clientId);
    const now = deps.now();
    const client: ClientRegistration = {
      clientId,
      clientSecretHash: null,
      redirectUris: [...doc.redirectUris],
      clientName: doc.clientName,
      grantTypes: [...doc.grantTypes],
      tokenEndpointAuthMethod: 'none',
      cimd: true,
      createdAt: now,
      updatedAt: now,
    };
    await deps.store.saveClientMetadataDocument(client);
    return client;
  } catch (err) {
    if (!(err instanceof ClientMetadataError)) throw err;
    deps.log.info({ client_id: clientId, outcome: 'cimd_refused', cimd_error: err.code }, 'oauth_authorize');
    return page(400, 'This application cannot be used', [
      `Gatea could not use the application's metadata document at ${clientId}: ${err.message}`,
    ]);
  }
}

/** `GET /authorize`. */
export async function handleAuthorize(req: Request, deps: BrokerDeps): Promise<Response> {
  const q = new URL(req.url).searchParams;
  const clientId = q.get('client_id') ?? '';
  const redirectUri = q.get('redirect_uri') ?? '';
  const client = clientId ? await findClient(clientId, deps) : null;
  if (client instanceof Response) return client;
  if (!client)
    return page(400, 'Unknown application', [
      'This application is not registered with Gatea, or its registration expired. Remove the connection in the application and add it again.',
    ]);
  if (!redirectUri || !redirectUriMatches(client.redirectUris, redirectUri))
    return page(400, 'Wrong redirect address', [
      `The redirect address this application sent is not one it registered (${redirectUri || 'none'}). Nothing was sent to it.`,
    ]);
  const state = q.get('state');
  const fail = (error: string, description: string) => {
    deps.log.info({ client_id: clientId, outcome: error }, 'oauth_authorize');
    return redirectWith(redirectUri, { error, error_description: description, state, iss: deps.issuer });
  };
  if (q.get('response_type') !== 'code') return fail('unsupported_response_type', 'response_type must be code.');
  const codeChallenge = q.get('code_challenge') ?? '';
  if (q.get('code_challenge_method') !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(codeChallenge))
    return fail('invalid_request', 'PKCE with code_challenge_method=S256 is required.');
  const resource = q.get('resource');
  if (!resourceMatches(resource, deps.resource))
    return fail('invalid_target', `This authorization server issues tokens for ${deps.resource} only.`);
  const request: AuthorizationRequest = {
    clientId,
    redirectUri,
    state,
    codeChallenge,
    scopes: clientScopesFor(q.get('scope'), deps.writesEnabled),
    resource,
    shownAt: deps.now(),
  };
  deps.log.info({ client_id: clientId, scopes: request.scopes, outcome: 'consent_shown' }, 'oauth_authorize');
  return consentPage(deps, client, request, randomBytes(24).toString('base64url'));
}

/** `POST /authorize/consent`. */
export async function handleConsent(req: Request, deps: BrokerDeps): Promise<Response> {
  const form = await readForm(req);
  const csrfCookie = readCookie(req, cookieName(CSRF_COOKIE, deps.issuer));
  const payload = form?.get('request') ?? '';
  const signature = form?.get('signature') ?? '';
  const csrf = form?.get('csrf') ?? '';
  const forged = () =>
    page(400, 'This consent form cannot be used', [
      'It was not shown by Gatea in this browser, or it is older than ten minutes. Start connecting again from the application.',
    ]);
  if (!form || !csrfCookie || !sameSecret(csrf, csrfCookie) || !sameSecret(signature, sign(deps, payload, csrfCookie)))
    return forged();
  const request = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as AuthorizationRequest;
  if (deps.now() - request.shownAt > PENDING_TTL_MS) return forged();
  const clearCsrf = setCookie(cookieName(CSRF_COOKIE, deps.issuer), '', deps.issuer, 0);
  if (form.get('decision') !== 'allow') {
    deps.log.info({ client_id: request.clientId, outcome: 'access_denied' }, 'oauth_authorize');
    const res = redirectWith(request.redirectUri, {
      error: 'access_denied',
      error_description: 'The user denied access.',
      state: request.state,
      iss: deps.issuer,
    });
    res.headers.append('set-cookie', clearCsrf);
    return res;
  }
  const state = randomBytes(32).toString('base64url');
  const giteaCodeVerifier = oauth.generateRandomCodeVerifier();
  const now = deps.now();
  await deps.store.savePendingAuthorization({
    state,
    clientId: request.clientId,
    redirectUri: request.redirectUri,
    clientState: request.state,
    codeChallenge: request.codeChallenge,
    codeChallengeMethod: 'S256',
    giteaCodeVerifier,
    scopes: request.scopes,
    resource: request.resource,
    createdAt: now,
    expiresAt: now + PENDING_TTL_MS,
  });
  const location = await deps.gitea.authorizationUrl({
    state,
    codeVerifier: giteaCodeVerifier,
    scopes: deps.giteaScopes,
  });
  deps.log.info(
    { client_id: request.clientId, scopes: request.scopes, gitea_scopes: deps.giteaScopes, outcome: 'to_gitea' },
    'oauth_authorize',
  );
  const headers = new Headers({ location, 'cache-control': 'no-store' });
  headers.append('set-cookie', clearCsrf);
  // Set only now, after consent, and checked at the callback: Gitea's code is accepted for this browser only.
  headers.append(
    'set-cookie',
    setCookie(cookieName(STATE_COOKIE, deps.issuer), state, deps.issuer, PENDING_TTL_MS / 1000),
  );
  return new Response(null, { status: 302, headers });
}

/** `GET /oauth/callback`. */
export async function handleCallback(req: Request, deps: BrokerDeps): Promise<Response> {
  const url = new URL(req.url);
  const state = url.searchParams.get('state') ?? '';
  const cookie = readCookie(req, cookieName(STATE_COOKIE, deps.issuer));
  const log = (fields: Record<string, unknown>) => deps.log.info(fields, 'oauth_callback');
  if (!state || !cookie || !sameSecret(state, cookie)) {
    log({ outcome: 'state_mismatch' });
    return page(400, 'This sign-in cannot be completed', [
      'It did not start in this browser (or the sign-in cookie expired). Start connecting again from the application.',
    ]);
  }
  const taken = await deps.store.takePendingAuthorization(state, deps.now());
  if (taken.status !== 'ok') {
    log({ outcome: `pending_${taken.status}` });
    return page(400, 'This sign-in expired', ['It took longer than ten minutes. Start connecting again.']);
  }
  const pending = taken.pending;
  const toClient = (params: Record<string, string | null>) => {
    const res = redirectWith(pending.redirectUri, { ...params, state: pending.clientState, iss: deps.issuer });
    res.headers.append('set-cookie', setCookie(cookieName(STATE_COOKIE, deps.issuer), '', deps.issuer, 0));
    return res;
  };
  let tokens: Awaited<ReturnType<BrokerDeps['gitea']['exchangeCode']>>;
  try {
    tokens = await deps.gitea.exchangeCode(url, state, pending.giteaCodeVerifier ?? '');
  } catch (err) {
    if (!(err instanceof UpstreamGrantError)) throw err;
    log({ client_id: pending.clientId, outcome: 'gitea_refused', gitea_error: err.error });
    return toClient({
      error: err.error === 'access_denied' ? 'access_denied' : 'server_error',
      error_description:
        err.error === 'access_denied' ? 'Access was denied at Gitea.' : `Gitea refused the sign-in (${err.error}).`,
    });
  }
  const gitea = deps.giteaFor(tokens.accessToken);
  let user: { id: number; login: string };
  try {
    user = (await gitea.request<{ id: number; login: string }>('GET', giteaPath('/user'))).data;
    // The probe: the grant must reach the API, or every tool call would fail later.
    await gitea.request('GET', giteaPath('/repos/search'), { query: { limit: 1 } });
  } catch (err) {
    if (!(err instanceof GiteaError)) throw err;
    log({ client_id: pending.clientId, outcome: 'probe_failed', status: err.status, gitea_scope: tokens.scope });
    return toClient({
      error: 'server_error',
      error_description: 'Gitea issued a token that cannot read its API; the Gatea operator should check the logs.',
    });
  }
  const now = deps.now();
  const grant = await deps.store.saveGrant(
    {
      id: randomUUID(),
      clientId: pending.clientId,
      giteaUserId: user.id,
      giteaLogin: user.login,
      ...sealGiteaTokens(deps.cipher, tokens),
      scopes: [...deps.giteaScopes],
    },
    now,
  );
  const code = newSecret(CODE_PREFIX);
  await deps.store.saveAuthorizationCode({
    codeHash: hashSecret(code),
    clientId: pending.clientId,
    redirectUri: pending.redirectUri,
    codeChallenge: pending.codeChallenge,
    codeChallengeMethod: 'S256',
    grantId: grant.id,
    familyId: randomUUID(),
    scopes: pending.scopes,
    resource: pending.resource,
    createdAt: now,
    expiresAt: now + CODE_TTL_MS,
  });
  log({
    client_id: pending.clientId,
    login: user.login,
    outcome: 'ok',
    scopes: pending.scopes,
    gitea_scope_granted: tokens.scope,
  });
  return toClient({ code });
}
