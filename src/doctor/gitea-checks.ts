/**
 * Gitea itself, where its URL is known: in direct mode it is the
 * authorization server's issuer; with a token, `get_me` gives the user's
 * Gitea profile URL. Checked anonymously from this machine (never with the
 * token): `/api/v1/version` (flavor and version), and OIDC discovery with its
 * signing keys (JWKS), which Gatea needs to verify Gitea tokens in direct mode.
 */
import { parseServerVersion } from '../gitea/index.js';
import { type DoctorHttp, type HttpAnswer, jsonObject, NetworkFailure } from './http.js';
import { type DeploymentMode, type Finding, fail, pass, skip, warn } from './report.js';

const VERSION_TITLE = 'Gitea answers from here, and its version (/api/v1/version)';
const OIDC_TITLE = "Gitea's OIDC discovery and signing keys (JWKS)";

/** Gitea's base URL from what doctor learned, or undefined. */
export function giteaUrlFrom(p: {
  mode: DeploymentMode;
  issuer?: string | undefined;
  profileUrl?: string | undefined;
  login?: string | undefined;
}): string | undefined {
  if (p.mode === 'direct' && p.issuer) return p.issuer.replace(/\/+$/, '');
  if (p.profileUrl && p.login) {
    try {
      const u = new URL(p.profileUrl);
      const suffix = `/${encodeURIComponent(p.login)}`;
      if (u.pathname.endsWith(suffix)) return `${u.origin}${u.pathname.slice(0, -suffix.length)}`;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

async function get(http: DoctorHttp, url: string): Promise<HttpAnswer | NetworkFailure> {
  try {
    return await http.request(url, { headers: { accept: 'application/json' } });
  } catch (err) {
    if (err instanceof NetworkFailure) return err;
    throw err;
  }
}

/** `/api/v1/version`; `reachable` tells whether the OIDC check can run. */
export async function checkGiteaVersion(
  http: DoctorHttp,
  giteaUrl: string,
  gatewayReachesGitea: boolean,
): Promise<{ finding: Finding; reachable: boolean }> {
  const res = await get(http, `${giteaUrl}/api/v1/version`);
  if (res instanceof NetworkFailure) {
    const build = gatewayReachesGitea ? warn : fail;
    return {
      reachable: false,
      finding: build(
        'gitea.version',
        VERSION_TITLE,
        `Gitea at ${giteaUrl} does not answer from here: ${res.message}${gatewayReachesGitea ? ', though Gatea reaches it' : ''}.`,
        gatewayReachesGitea
          ? "Gitea is reachable from Gatea's network only; browsers signing in must reach it too."
          : 'Gitea is down or unreachable.',
        'Check that Gitea runs and that users (and Gatea) can reach its ROOT_URL.',
        { giteaUrl, network: res.kind },
      ),
    };
  }
  const version = jsonObject(res)?.version;
  if (res.status !== 200 || typeof version !== 'string')
    return {
      reachable: true,
      finding: fail(
        'gitea.version',
        VERSION_TITLE,
        `${giteaUrl}/api/v1/version answered HTTP ${res.status} without a version.`,
        'This is not Gitea (or Forgejo) at that URL, or a proxy blocks its API.',
        'Check GITEA_URL (Gitea ROOT_URL) and the proxy in front of Gitea.',
        { status: res.status },
      ),
    };
  const forgejo = await get(http, `${giteaUrl}/api/forgejo/v1/version`);
  const forgejoVersion =
    !(forgejo instanceof NetworkFailure) && forgejo.status === 200 ? jsonObject(forgejo)?.version : undefined;
  const info = parseServerVersion(version, typeof forgejoVersion === 'string' ? forgejoVersion : null);
  return {
    reachable: true,
    finding: pass(
      'gitea.version',
      VERSION_TITLE,
      `${info.flavor === 'forgejo' ? 'Forgejo' : 'Gitea'} ${info.version} answers at ${giteaUrl}.`,
      {
        ...info,
        giteaUrl,
      },
    ),
  };
}

/** OIDC discovery for `giteaUrl`, its issuer, and a JWKS with at least one key. */
export async function checkGiteaOidc(http: DoctorHttp, giteaUrl: string, mode: DeploymentMode): Promise<Finding> {
  const build = mode === 'direct' ? fail : warn;
  const discoveryUrl = `${giteaUrl}/.well-known/openid-configuration`;
  const res = await get(http, discoveryUrl);
  if (res instanceof NetworkFailure)
    return build('gitea.oidc', OIDC_TITLE, `${res.message}.`, 'Gitea stopped answering mid-check.', 'Retry.');
  const doc = jsonObject(res);
  if (res.status !== 200 || !doc)
    return build(
      'gitea.oidc',
      OIDC_TITLE,
      `${discoveryUrl} answered HTTP ${res.status} without a discovery document.`,
      "Gitea's OAuth2 provider is disabled ([oauth2] ENABLED=false), so Gitea OAuth tokens cannot be verified or issued.",
      'Set [oauth2] ENABLED=true in Gitea.',
      { status: res.status },
    );
  const issuer = typeof doc.issuer === 'string' ? doc.issuer : '';
  if (issuer.replace(/\/$/, '') !== giteaUrl)
    return build(
      'gitea.oidc',
      OIDC_TITLE,
      `Gitea's issuer is ${JSON.stringify(doc.issuer)}, not ${giteaUrl}.`,
      "Gitea's ROOT_URL differs from the URL Gatea uses (GITEA_URL), so Gatea refuses its tokens.",
      "Set GITEA_URL to Gitea's ROOT_URL (or fix ROOT_URL).",
      { issuer: doc.issuer ?? null },
    );
  const jwksUri = doc.jwks_uri;
  if (typeof jwksUri !== 'string')
    return build(
      'gitea.oidc',
      OIDC_TITLE,
      'The discovery document has no jwks_uri.',
      'An unexpected Gitea answer.',
      'Check the Gitea version.',
    );
  const keys = await get(http, jwksUri);
  const keyList = keys instanceof NetworkFailure ? undefined : jsonObject(keys)?.keys;
  const count = Array.isArray(keyList) ? keyList.length : 0;
  if (count <= 0)
    return build(
      'gitea.oidc',
      OIDC_TITLE,
      keys instanceof NetworkFailure
        ? `Gitea's signing keys at ${jwksUri}: ${keys.message}.`
        : `Gitea's JWKS at ${jwksUri} holds no key (HTTP ${keys.status}).`,
      'Without the signing keys Gatea cannot verify Gitea OAuth tokens (503 for every direct token).',
      `Check that ${jwksUri} serves Gitea's keys (JWT_SIGNING_PRIVATE_KEY_FILE readable by Gitea).`,
    );
  return pass(
    'gitea.oidc',
    OIDC_TITLE,
    `Discovery at ${discoveryUrl}, issuer ${issuer}, ${count} signing key${count === 1 ? '' : 's'} at ${jwksUri}.`,
  );
}

/** Both Gitea checks, or skips when Gitea's URL is unknown. */
export async function checkGitea(
  http: DoctorHttp,
  giteaUrl: string | undefined,
  mode: DeploymentMode,
  gatewayReachesGitea: boolean,
): Promise<Finding[]> {
  if (!giteaUrl) {
    const why =
      "Not checked: Gitea's URL is not visible from outside in broker mode without a token (give --token: get_me names it).";
    return [skip('gitea.version', VERSION_TITLE, why), skip('gitea.oidc', OIDC_TITLE, why)];
  }
  const version = await checkGiteaVersion(http, giteaUrl, gatewayReachesGitea);
  if (!version.reachable)
    return [version.finding, skip('gitea.oidc', OIDC_TITLE, 'Not checked: Gitea does not answer from here.')];
  return [version.finding, await checkGiteaOidc(http, giteaUrl, mode)];
}
