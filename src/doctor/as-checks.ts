/**
 * The authorization server the protected resource metadata names: its
 * metadata found the way MCP clients look for it (MCP 2025-11-25: RFC 8414
 * with path insertion, then OpenID discovery), the issuer identical to the
 * one named (RFC 8414 §3.3), PKCE S256 advertised (clients MUST refuse
 * otherwise), registration offered, and RFC 9207 `iss` in responses. In
 * broker mode Gatea is that server; in direct mode Gitea is, and what Gitea
 * lacks by design (registration, `iss`) is stated, not failed.
 */
import { type DoctorHttp, type HttpAnswer, jsonObject, NetworkFailure } from './http.js';
import type { ProtectedResource } from './prm-checks.js';
import { type DeploymentMode, type Finding, fail, pass, skip, warn } from './report.js';

/** The authorization server's metadata, as found. */
export interface AuthorizationServer {
  /** The issuer exactly as the protected resource metadata names it. */
  readonly issuer: string;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly source: 'rfc8414' | 'oidc';
  readonly metadataUrl: string;
}

/** The authorization server checks, the server found, and the mode it implies. */
export interface AsOutcome {
  readonly findings: Finding[];
  readonly as?: AuthorizationServer;
  readonly mode: DeploymentMode;
}

const METADATA_TITLE = 'Authorization server metadata (RFC 8414 or OpenID discovery), issuer matching';

/** Where clients look for `issuer`'s metadata, in the order they try (MCP 2025-11-25 authorization). */
export function discoveryUrls(issuer: string): string[] {
  const u = new URL(issuer);
  const path = u.pathname.replace(/\/+$/, '');
  const urls = [`${u.origin}/.well-known/oauth-authorization-server${path}`];
  if (path) urls.push(`${u.origin}/.well-known/openid-configuration${path}`);
  urls.push(`${u.origin}${path}/.well-known/openid-configuration`);
  return urls;
}

function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return false;
  }
}

/** broker: Gatea itself (issuer = the gateway's public URL); direct: an OpenID provider without registration (Gitea). */
export function modeOf(as: AuthorizationServer, prm: ProtectedResource): DeploymentMode {
  if (sameUrl(as.issuer, prm.resource.replace(/\/mcp\/?$/, ''))) return 'broker';
  if (as.source === 'oidc' && typeof as.metadata.userinfo_endpoint === 'string' && !as.metadata.registration_endpoint)
    return 'direct';
  return 'unknown';
}

type Found = { ok: true; as: AuthorizationServer } | { ok: false; finding: Finding };

async function findMetadata(http: DoctorHttp, issuer: string): Promise<Found> {
  let urls: string[];
  try {
    urls = discoveryUrls(issuer);
  } catch {
    return {
      ok: false,
      finding: fail(
        'as.metadata',
        METADATA_TITLE,
        `The authorization server "${issuer}" named in the metadata is not a URL.`,
        'The protected resource metadata is malformed.',
        'Check GATEA_PUBLIC_URL and GITEA_URL.',
      ),
    };
  }
  const tried: string[] = [];
  for (const url of urls) {
    let res: HttpAnswer;
    try {
      res = await http.request(url, { headers: { accept: 'application/json' } });
    } catch (err) {
      if (!(err instanceof NetworkFailure)) throw err;
      return {
        ok: false,
        finding: fail(
          'as.metadata',
          METADATA_TITLE,
          `The authorization server ${issuer} does not answer from here: ${err.message}.`,
          'It is down, or unreachable from this machine (in direct mode it is Gitea itself); clients cannot sign in.',
          'Check that the authorization server runs and that clients can reach the address the metadata names.',
          { issuer, network: err.kind },
        ),
      };
    }
    const doc = jsonObject(res);
    if (res.status === 200 && doc)
      return {
        ok: true,
        as: {
          issuer,
          metadata: doc,
          source: url.includes('oauth-authorization-server') ? 'rfc8414' : 'oidc',
          metadataUrl: url,
        },
      };
    tried.push(`${url} (HTTP ${res.status})`);
  }
  return {
    ok: false,
    finding: fail(
      'as.metadata',
      METADATA_TITLE,
      `No metadata for ${issuer} at ${tried.join(', ')}.`,
      "The issuer named in the protected resource metadata serves neither RFC 8414 nor OpenID discovery (Gitea's [oauth2] ENABLED=false, or a proxy not routing /.well-known).",
      'Enable the OAuth2 provider and route /.well-known/* to it.',
    ),
  };
}

function checkIssuer(as: AuthorizationServer): Finding {
  const named = as.metadata.issuer;
  const where = `${as.metadataUrl} (${as.source === 'rfc8414' ? 'RFC 8414' : 'OpenID discovery'})`;
  if (named === as.issuer)
    return pass('as.metadata', METADATA_TITLE, `Found at ${where}; issuer ${as.issuer} matches.`);
  const slashOnly = typeof named === 'string' && named.replace(/\/$/, '') === as.issuer.replace(/\/$/, '');
  return fail(
    'as.metadata',
    METADATA_TITLE,
    `The metadata at ${where} says issuer ${JSON.stringify(named)}, but the protected resource names ${as.issuer}.`,
    slashOnly
      ? 'Only the trailing slash differs: Gitea 1.25 dropped it from its issuer, so Gitea was probably upgraded after Gatea started (Gatea reads the issuer at start).'
      : 'The metadata belongs to another server than the one named; clients MUST refuse it (RFC 8414 §3.3).',
    slashOnly
      ? 'Restart Gatea so it reads the issuer again.'
      : 'Check GITEA_URL (Gitea ROOT_URL) and GATEA_PUBLIC_URL.',
    { issuer: as.issuer, metadataIssuer: named },
  );
}

function checkPkce(as: AuthorizationServer): Finding {
  const title = 'PKCE S256 is advertised (code_challenge_methods_supported)';
  const methods = as.metadata.code_challenge_methods_supported;
  if (Array.isArray(methods) && methods.includes('S256'))
    return pass('as.pkce', title, `code_challenge_methods_supported: ${methods.join(', ')}.`);
  return fail(
    'as.pkce',
    title,
    Array.isArray(methods)
      ? `The authorization server advertises PKCE ${methods.join(', ') || '(none)'} but not S256: MCP clients refuse to sign in.`
      : 'The authorization server metadata has no code_challenge_methods_supported: MCP clients refuse to sign in.',
    'MCP (2025-11-25) clients MUST use PKCE S256 and MUST refuse an authorization server that does not advertise it.',
    'Use an authorization server that supports PKCE S256 and says so (Gatea in broker mode does; Gitea does since 1.18).',
    { code_challenge_methods_supported: methods ?? null },
  );
}

function checkRegistration(as: AuthorizationServer, mode: DeploymentMode): Finding {
  const title = 'Clients can register (registration_endpoint, RFC 7591)';
  const endpoint = as.metadata.registration_endpoint;
  if (typeof endpoint === 'string') return pass('as.registration', title, `registration_endpoint is ${endpoint}.`);
  if (mode === 'direct')
    return pass(
      'as.registration',
      title,
      "Gitea offers no registration (expected in direct mode): clients must be configured with a Gitea OAuth app's client id.",
    );
  const cimd = as.metadata.client_id_metadata_document_supported === true;
  const build = cimd ? warn : fail;
  return build(
    'as.registration',
    title,
    `The authorization server offers no registration_endpoint${cimd ? ' (Client ID Metadata Documents only)' : ''}.`,
    'Clients that only know the MCP URL (Claude, ChatGPT, mcp-remote) register themselves first; without registration they cannot sign in.',
    'Run Gatea in broker mode (GITEA_OAUTH_CLIENT_ID and _SECRET), which offers registration.',
  );
}

function checkIss(as: AuthorizationServer, mode: DeploymentMode): Finding {
  const title = 'Authorization responses carry iss (RFC 9207)';
  if (as.metadata.authorization_response_iss_parameter_supported === true)
    return pass('as.iss', title, 'authorization_response_iss_parameter_supported is true.');
  if (mode === 'direct')
    return pass('as.iss', title, 'Gitea does not send iss (expected in direct mode); clients rely on PKCE and state.');
  return warn(
    'as.iss',
    title,
    'The authorization server does not advertise authorization_response_iss_parameter_supported.',
    'Without iss a client cannot tell which server answered (mix-up attacks); ChatGPT uses its stable callback only when iss is advertised.',
    'Use an authorization server that sends iss (Gatea in broker mode does).',
  );
}

/** Finds and checks the authorization server the protected resource names. */
export async function checkAuthorizationServer(http: DoctorHttp, prm: ProtectedResource): Promise<AsOutcome> {
  const issuer = prm.authorizationServers[0];
  if (!issuer)
    return {
      mode: 'unknown',
      findings: [
        fail(
          'as.metadata',
          METADATA_TITLE,
          'The protected resource metadata names no authorization server.',
          'MCP clients find where to sign in only through authorization_servers (MCP 2025-06-18 and later).',
          'Configure broker mode (GITEA_OAUTH_CLIENT_ID/_SECRET) or direct tokens (GATEA_DIRECT_TOKENS=true).',
        ),
      ],
    };
  const found = await findMetadata(http, issuer);
  if (!found.ok) {
    const why = 'Not checked: no authorization server metadata.';
    return {
      mode: 'unknown',
      findings: [
        found.finding,
        skip('as.pkce', 'PKCE S256 is advertised', why),
        skip('as.registration', 'Clients can register', why),
        skip('as.iss', 'Authorization responses carry iss', why),
      ],
    };
  }
  const mode = modeOf(found.as, prm);
  return {
    as: found.as,
    mode,
    findings: [checkIssuer(found.as), checkPkce(found.as), checkRegistration(found.as, mode), checkIss(found.as, mode)],
  };
}
