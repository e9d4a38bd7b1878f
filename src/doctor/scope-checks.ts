/**
 * Can a client get what the metadata tells it to ask for? MCP clients ask for
 * every scope in the protected resource metadata's `scopes_supported`
 * (MCP 2025-11-25 scope selection). In broker mode Gatea's authorization
 * server must list them; in direct mode Gitea grants them, and one scope
 * Gitea does not know widens the whole token to `all` on Gitea 1.23+ (Forgejo
 * drops it), while a list without the API probe's scope yields tokens Gatea
 * refuses (reference gitea-oauth-and-api.md §3.2).
 */
import { API_PROBE_SCOPE, isKnownGiteaGrantScope } from '../auth/index.js';
import { scopesSatisfy } from '../tools/index.js';
import type { AuthorizationServer } from './as-checks.js';
import type { ProtectedResource } from './prm-checks.js';
import { type DeploymentMode, type Finding, fail, pass, warn } from './report.js';

const ID = 'scopes.grantable';
const TITLE = 'Every advertised scope can be granted (a client asking for all of them gets a working token)';

function checkDirect(scopes: readonly string[]): Finding {
  const unknown = scopes.filter((s) => !isKnownGiteaGrantScope(s));
  if (unknown.length > 0)
    return fail(
      ID,
      TITLE,
      `scopes_supported lists ${unknown.join(', ')}, unknown to Gitea: a client that asks for every advertised scope gets a full-access token on Gitea 1.23+.`,
      'In direct mode clients ask Gitea for these scopes; Gitea 1.23+ widens a request with any unknown scope to all (Forgejo drops the unknown ones).',
      "Advertise only Gitea's own scopes (read:repository, read:issue, …); Gatea does so by itself in direct mode, so check what serves this metadata (a proxy, another server, an old Gatea).",
      { unknown, scopes_supported: scopes },
    );
  if (!scopesSatisfy(scopes, [API_PROBE_SCOPE]))
    return fail(
      ID,
      TITLE,
      `scopes_supported (${scopes.join(' ')}) lacks ${API_PROBE_SCOPE}: a client that asks for exactly these gets a token Gatea refuses.`,
      `Gatea's API probe needs ${API_PROBE_SCOPE}; tokens without it are answered 403 insufficient_scope.`,
      `Enable toolsets that read repositories so ${API_PROBE_SCOPE} is advertised.`,
      { scopes_supported: scopes },
    );
  return pass(ID, TITLE, `Gitea knows every advertised scope (${scopes.join(' ')}), including ${API_PROBE_SCOPE}.`);
}

function checkAgainstServer(scopes: readonly string[], as: AuthorizationServer): Finding {
  const offered = as.metadata.scopes_supported;
  if (!Array.isArray(offered))
    return pass(
      ID,
      TITLE,
      `The authorization server lists no scopes_supported; it decides what ${scopes.join(' ')} grants.`,
    );
  const missing = scopes.filter((s) => !offered.includes(s));
  if (missing.length === 0)
    return pass(ID, TITLE, `The authorization server offers every advertised scope (${scopes.join(' ')}).`);
  return fail(
    ID,
    TITLE,
    `The resource advertises ${missing.join(', ')}, which its authorization server does not offer: clients asking for them may get invalid_scope.`,
    'The protected resource metadata and the authorization server disagree (another server in front, or mismatched versions behind a load balancer).',
    'Serve the metadata and the authorization server from the same Gatea version.',
    { missing, offered },
  );
}

/** Checks the protected resource's scopes_supported against what the authorization server can grant. */
export function checkScopesGrantable(
  prm: ProtectedResource,
  as: AuthorizationServer | undefined,
  mode: DeploymentMode,
): Finding {
  const scopes = prm.scopes ?? [];
  if (scopes.length === 0)
    return warn(
      ID,
      TITLE,
      'The protected resource metadata has no scopes_supported: clients send no scope.',
      'Without a scope, Gitea (direct mode) issues a full-access token and Gatea (broker mode) grants read access only.',
      'Restart Gatea; it advertises the minimal scopes of its enabled tools.',
    );
  if (mode === 'direct') return checkDirect(scopes);
  if (!as)
    return pass(ID, TITLE, `Advertised: ${scopes.join(' ')} (no authorization server metadata to compare with).`);
  return checkAgainstServer(scopes, as);
}
