/**
 * The authorization server's endpoints, exercised the way a client would
 * without signing anybody in: a Dynamic Client Registration round trip with a
 * throwaway public client (loopback redirect URI, never used), an
 * authorization request asking for every advertised scope (clients that do
 * this used to get invalid_scope; a healthy server shows its consent page),
 * the authorization endpoint without parameters (400, never a redirect to an
 * unverified address), and the token endpoint (GET refused, errors in JSON).
 */

import type { AuthorizationServer } from './as-checks.js';
import { type DoctorHttp, type HttpAnswer, jsonObject, NetworkFailure, redirectTarget } from './http.js';
import { type DeploymentMode, type Finding, fail, pass, skip, warn } from './report.js';

const REGISTER_TITLE = 'Dynamic Client Registration round trip (a throwaway public client)';
const ALL_SCOPES_TITLE = 'An authorization request asking for every advertised scope reaches the consent page';
const AUTHORIZE_TITLE = 'The authorization endpoint answers 400 to a request without parameters';
const TOKEN_TITLE = 'The token endpoint refuses GET and answers errors in JSON';

function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function pkceChallenge(): Promise<string> {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

async function answer(http: DoctorHttp, url: string, init?: Parameters<DoctorHttp['request']>[1]) {
  try {
    return await http.request(url, init);
  } catch (err) {
    if (err instanceof NetworkFailure) return err;
    throw err;
  }
}

const unreachable = (id: string, title: string, err: NetworkFailure) =>
  fail(
    id,
    title,
    `${err.message}.`,
    'The endpoint named in the metadata is not reachable from here.',
    'Check the endpoint URLs in the metadata and the network path to them.',
  );

/** Registers a public client with a loopback redirect URI; returns its client id when that worked. */
async function register(
  http: DoctorHttp,
  endpoint: string,
): Promise<{ finding: Finding; client?: { id: string; redirectUri: string } }> {
  const port = 49152 + ((crypto.getRandomValues(new Uint16Array(1))[0] ?? 0) % 16000);
  const redirectUri = `http://127.0.0.1:${port}/gatea-doctor/callback`;
  const res = await answer(http, endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      client_name: 'gatea doctor (throwaway check)',
      redirect_uris: [redirectUri],
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    }),
  });
  if (res instanceof NetworkFailure) return { finding: unreachable('as.register', REGISTER_TITLE, res) };
  const body = jsonObject(res);
  if ((res.status === 201 || res.status === 200) && typeof body?.client_id === 'string') {
    const secretIssued = typeof body.client_secret === 'string';
    return {
      client: { id: body.client_id, redirectUri },
      finding: secretIssued
        ? warn(
            'as.register',
            REGISTER_TITLE,
            'Registration works, but a public client (token_endpoint_auth_method none) was given a client secret.',
            'The server ignores token_endpoint_auth_method; native clients cannot keep a secret.',
            'Issue no secret to public clients.',
          )
        : pass('as.register', REGISTER_TITLE, `Registered a public client at ${endpoint} (HTTP ${res.status}).`),
    };
  }
  if (res.status === 429)
    return {
      finding: warn(
        'as.register',
        REGISTER_TITLE,
        'Registration is rate-limited for this address right now (HTTP 429).',
        'Many registrations from this address within a minute (clients that register on every connect, or repeated doctor runs).',
        'Retry in a minute.',
      ),
    };
  const said = typeof body?.error_description === 'string' ? `: ${body.error_description}` : '';
  return {
    finding: fail(
      'as.register',
      REGISTER_TITLE,
      `Registering a public client with a loopback redirect URI failed (HTTP ${res.status}${said}).`,
      'Clients that only know the MCP URL register like this first (Claude Code, mcp-remote, MCP Inspector, VS Code); they cannot sign in.',
      "Check Gatea's log line oauth_register and the proxy in front of /register.",
      { status: res.status },
    ),
  };
}

/** Sends an authorization request for every advertised scope; expects the consent page, not an error redirect. */
async function authorizeAllScopes(
  http: DoctorHttp,
  as: AuthorizationServer,
  client: { id: string; redirectUri: string },
  resource: string,
): Promise<Finding> {
  const endpoint = as.metadata.authorization_endpoint;
  if (typeof endpoint !== 'string')
    return fail(
      'scopes.all_advertised',
      ALL_SCOPES_TITLE,
      'The metadata has no authorization_endpoint.',
      'The metadata is incomplete.',
      'Fix the authorization server metadata.',
    );
  const offered = Array.isArray(as.metadata.scopes_supported) ? (as.metadata.scopes_supported as string[]) : [];
  const url = new URL(endpoint);
  const params = {
    response_type: 'code',
    client_id: client.id,
    redirect_uri: client.redirectUri,
    code_challenge: await pkceChallenge(),
    code_challenge_method: 'S256',
    state: 'gatea-doctor',
    resource,
    ...(offered.length > 0 ? { scope: offered.join(' ') } : {}),
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  const res = await answer(http, url.href, { headers: { accept: 'text/html' } });
  if (res instanceof NetworkFailure) return unreachable('scopes.all_advertised', ALL_SCOPES_TITLE, res);
  const asked = offered.join(' ') || '(none advertised)';
  if (res.status === 200)
    return pass('scopes.all_advertised', ALL_SCOPES_TITLE, `Asking for ${asked} shows the consent page.`);
  const location = res.headers.get('location');
  const error = location ? new URL(location, url).searchParams : null;
  const code = error?.get('error');
  return fail(
    'scopes.all_advertised',
    ALL_SCOPES_TITLE,
    code
      ? `Asking for every advertised scope (${asked}) is refused with ${code}${error?.get('error_description') ? `: ${error.get('error_description')}` : ''}.`
      : `Asking for every advertised scope (${asked}) answered HTTP ${res.status} instead of the consent page.`,
    'Some clients ask for every scope the authorization server lists; a server that refuses scopes it advertises breaks them.',
    'Advertise only scopes the authorization server grants, and ignore unknown ones instead of failing.',
    { status: res.status, error: code ?? null },
  );
}

function authorizeOk(res: HttpAnswer, mode: DeploymentMode, endpoint: string): string | null {
  if (res.status === 400) return 'Answers 400 without parameters.';
  const moved = redirectTarget(res);
  if (mode === 'direct' && moved && new URL(moved).origin === new URL(endpoint).origin)
    return `Redirects to Gitea's sign-in (${moved}), as Gitea does before checking parameters.`;
  return null;
}

async function checkAuthorizeBare(http: DoctorHttp, as: AuthorizationServer, mode: DeploymentMode): Promise<Finding> {
  const endpoint = as.metadata.authorization_endpoint;
  if (typeof endpoint !== 'string')
    return fail(
      'as.authorize',
      AUTHORIZE_TITLE,
      'The metadata has no authorization_endpoint.',
      'The metadata is incomplete.',
      'Fix the authorization server metadata.',
    );
  const res = await answer(http, endpoint, { headers: { accept: 'text/html' } });
  if (res instanceof NetworkFailure) return unreachable('as.authorize', AUTHORIZE_TITLE, res);
  const ok = authorizeOk(res, mode, endpoint);
  if (ok) return pass('as.authorize', AUTHORIZE_TITLE, ok);
  const moved = redirectTarget(res);
  return fail(
    'as.authorize',
    AUTHORIZE_TITLE,
    moved
      ? `${endpoint} redirects (HTTP ${res.status}) to ${moved} without any parameters.`
      : `${endpoint} answered HTTP ${res.status} to a request without parameters.`,
    res.status === 404
      ? 'The proxy does not route the authorization endpoint to the authorization server.'
      : 'The endpoint misbehaves: errors before the client is verified must be shown, never redirected (RFC 6749 §4.1.2.1).',
    'Route the endpoint to the authorization server unchanged.',
    { status: res.status },
  );
}

async function checkToken(http: DoctorHttp, as: AuthorizationServer): Promise<Finding> {
  const endpoint = as.metadata.token_endpoint;
  if (typeof endpoint !== 'string')
    return fail(
      'as.token',
      TOKEN_TITLE,
      'The metadata has no token_endpoint.',
      'The metadata is incomplete.',
      'Fix the authorization server metadata.',
    );
  const get = await answer(http, endpoint);
  if (get instanceof NetworkFailure) return unreachable('as.token', TOKEN_TITLE, get);
  if (get.status < 400 || get.status >= 500)
    return fail(
      'as.token',
      TOKEN_TITLE,
      `GET ${endpoint} answered HTTP ${get.status}; it should be refused (4xx).`,
      get.status >= 500
        ? 'The token endpoint fails.'
        : 'Something other than the token endpoint answers there (a proxy page or redirect).',
      'Route POST to the token endpoint unchanged.',
      { status: get.status },
    );
  const post = await answer(http, endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: 'grant_type=authorization_code',
  });
  if (post instanceof NetworkFailure) return unreachable('as.token', TOKEN_TITLE, post);
  const error = jsonObject(post)?.error;
  if ((post.status === 400 || post.status === 401) && typeof error === 'string')
    return pass(
      'as.token',
      TOKEN_TITLE,
      `GET refused (HTTP ${get.status}); a bad POST gets HTTP ${post.status} {"error":"${error}"}.`,
    );
  return fail(
    'as.token',
    TOKEN_TITLE,
    `A bad POST to ${endpoint} answered HTTP ${post.status} without a JSON error.`,
    'Clients (ChatGPT, Claude) parse token errors as JSON (RFC 6749 §5.2); an HTML error page or a 5xx breaks them. A proxy or WAF may be answering.',
    'Let the proxy pass the token endpoint through unchanged, including 4xx bodies.',
    { status: post.status },
  );
}

/** All endpoint checks; registration only when offered, the all-scopes request only with a registered client. */
export async function checkEndpoints(
  http: DoctorHttp,
  as: AuthorizationServer,
  mode: DeploymentMode,
  resource: string,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const endpoint = as.metadata.registration_endpoint;
  if (typeof endpoint === 'string') {
    const registered = await register(http, endpoint);
    findings.push(registered.finding);
    findings.push(
      registered.client
        ? await authorizeAllScopes(http, as, registered.client, resource)
        : skip('scopes.all_advertised', ALL_SCOPES_TITLE, 'Not checked: no registered client to ask with.'),
    );
  } else {
    const why =
      mode === 'direct'
        ? "Not checked: Gitea offers no registration and its /authorize needs a signed-in browser (scopes checked against Gitea's list instead)."
        : 'Not checked: no registration endpoint.';
    findings.push(skip('as.register', REGISTER_TITLE, why), skip('scopes.all_advertised', ALL_SCOPES_TITLE, why));
  }
  findings.push(await checkAuthorizeBare(http, as, mode), await checkToken(http, as));
  return findings;
}
