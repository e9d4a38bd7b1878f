/**
 * The auth pipeline in front of /mcp, /sse, /messages and /api/tools/*: turns
 * a request into a caller with a Gitea client bound to the right Gitea token,
 * or into a refusal that says exactly what went wrong (DESIGN §2, §3, §9;
 * MCP 2025-11-25 authorization; RFC 6750 §3; RFC 9728 §5.1).
 *
 * Order: credentials → service key (gmk_…) or, in direct mode, a Gitea token
 * (JWT signature → userinfo → API scope probe). Never a server-wide fallback.
 */
import { createHash } from 'node:crypto';
import { type GiteaClient, GiteaError, giteaPath } from '../gitea/index.js';
import { type Caller, GITEA_SCOPE_CATEGORIES, type GiteaScope, type ToolLogger } from '../tools/index.js';
import { buildBearerChallenge } from './challenge.js';
import { describeCredentialsProblem, readCredentials } from './credentials.js';
import { DirectTokenError, type GiteaOidc } from './gitea-oidc.js';
import { deriveOAuthScopes, type GiteaScopeRules } from './gitea-scopes.js';
import type { ProbeCache } from './probe-cache.js';
import { parseServiceKeyId, serviceKeyMatches } from './service-keys.js';

/** A request's authenticated caller and the Gitea client bound to its token. */
export interface AuthenticatedCaller {
  readonly caller: Caller;
  readonly gitea: GiteaClient;
}

/** Resolves who is calling, or returns the ready-made refusal (400/401/403/503). */
export type Authenticate = (req: Request, requestId: string) => Promise<AuthenticatedCaller | Response>;

/** What the pipeline needs to know about a stored service key. */
export interface ServiceKeyRecord {
  id: string;
  name: string;
  keyHash: string;
  scopes: 'read' | 'write';
  revoked: boolean;
}

/** What a successful probe learned about a Gitea token, cached per token hash. */
export interface ProbedToken {
  login: string;
  scopesObserved: string[];
  scopesEffective: string[];
}

export interface AuthPipelineDeps {
  /** `GATEA_DIRECT_TOKENS`: accept Gitea OAuth tokens and PATs sent straight to Gatea. */
  directTokens: boolean;
  /** URL of the RFC 9728 document, for every challenge. */
  resourceMetadataUrl: string;
  /** What a client should request (the PRM `scopes_supported`), space-joined into challenges. */
  challengeScopes: readonly string[];
  findServiceKey(id: string): Promise<ServiceKeyRecord | null>;
  /** The Gitea token each service key acts with, resolved from its env var at start-up. */
  serviceKeyGiteaToken(id: string): string | undefined;
  /** Gitea's OIDC provider; required when directTokens is on. */
  oidc: GiteaOidc | null;
  /** Gatea's Gitea OAuth app, for introspecting direct OAuth tokens (scope visibility). */
  oauthClient: { id: string; secret: string } | null;
  scopeRules: GiteaScopeRules;
  /** The scope the probe call needs (`read:repository`: every toolset reads repositories). */
  probeScope: GiteaScope;
  probeCache: ProbeCache<ProbedToken>;
  giteaFor(token: string): GiteaClient;
  log: ToolLogger;
}

type Outcome = 'pass' | 'fail:403' | 'fail:401' | 'skip:cached' | 'skip:error';

/** A read-only service key may use every read scope, nothing else. */
const READ_SCOPES: readonly string[] = GITEA_SCOPE_CATEGORIES.map((c) => `read:${c}`);

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

function jsonResponse(status: number, body: object, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** Creates the pipeline; throws a TypeError when the options cannot work. */
export function createAuthPipeline(deps: AuthPipelineDeps): Authenticate {
  if (deps.directTokens && !deps.oidc) throw new TypeError('direct tokens need Gitea OIDC discovery (oidc)');
  const scope = deps.challengeScopes.join(' ');

  const challenge = (
    status: 401 | 403,
    message: string,
    error?: 'invalid_request' | 'invalid_token' | 'insufficient_scope',
  ) =>
    jsonResponse(
      status,
      { error: error ?? 'unauthorized', error_description: message },
      {
        'www-authenticate': buildBearerChallenge({
          resourceMetadata: deps.resourceMetadataUrl,
          scope,
          ...(error ? { error, errorDescription: message } : {}),
        }),
      },
    );

  const summary = (fields: Record<string, unknown>) => deps.log.info({ ...fields }, 'oauth_auth_summary');

  /** Wraps a client so a 401 from Gitea drops the cached pass: a revoked grant is not kept alive. */
  const forgetOnRejection = (client: GiteaClient, tokenHash: string): GiteaClient => {
    const guard = <T>(p: Promise<T>): Promise<T> =>
      p.catch((err: unknown) => {
        if (err instanceof GiteaError && err.code === 'invalid_token') deps.probeCache.forget(tokenHash);
        throw err;
      });
    return {
      ...client,
      request: (method, path, opts) => guard(client.request(method, path, opts)),
      requestPage: (method, path, opts) => guard(client.requestPage(method, path, opts)),
      download: (url, opts) => guard(client.download(url, opts)),
    } as GiteaClient;
  };

  /** One cheap API call needing `probeScope`; 403 means the token lacks API scope, 401 that Gitea refuses it. */
  const probe = async (client: GiteaClient): Promise<{ outcome: Outcome; error?: GiteaError }> => {
    try {
      await client.request('GET', giteaPath('/repos/search'), { query: { limit: 1 } });
      return { outcome: 'pass' };
    } catch (err) {
      if (err instanceof GiteaError && (err.status === 403 || err.status === 401))
        return { outcome: err.status === 403 ? 'fail:403' : 'fail:401', error: err };
      return { outcome: 'skip:error' };
    }
  };

  /**
   * Probes a Gitea token once (then trusts the cached pass until the token expires, capped)
   * and logs the summary line. Returns the probed facts, or the refusal to send.
   */
  const probeToken = async (
    token: string,
    expiresAtMs: number | null,
    logBase: Record<string, unknown>,
    identify: () => Promise<{ login: string; scopesObserved: string[]; scopesEffective: string[] } | Response>,
  ): Promise<{ facts: ProbedToken; gitea: GiteaClient } | Response> => {
    const tokenHash = sha256(token);
    const cached = deps.probeCache.getPass(tokenHash);
    const gitea = forgetOnRejection(deps.giteaFor(token), tokenHash);
    if (cached) {
      summary({
        ...logBase,
        api_probe: 'skip:cached',
        login: cached.login,
        scopes_observed: cached.scopesObserved,
        scopes_effective: cached.scopesEffective,
      });
      return { facts: cached, gitea };
    }
    const identified = await identify();
    if (identified instanceof Response) return identified;
    const { outcome, error } = await probe(gitea);
    const facts: ProbedToken = {
      ...identified,
      scopesEffective: error?.tokenScope ? error.tokenScope.split(',').filter(Boolean) : identified.scopesEffective,
    };
    summary({
      ...logBase,
      api_probe: outcome,
      login: facts.login,
      scopes_observed: facts.scopesObserved,
      scopes_effective: facts.scopesEffective,
    });
    if (outcome === 'fail:401')
      return challenge(
        401,
        'Gitea refused this token on its API (revoked or expired). Reconnect to sign in again.',
        'invalid_token',
      );
    if (outcome === 'fail:403') {
      const missing = error?.requiredScopes?.length ? error.requiredScopes : [deps.probeScope];
      deps.log.warn(
        { status: 403, login: facts.login, missing_scopes: missing, request_id: logBase.request_id },
        'oauth_token_lacks_api_scope',
      );
      return challenge(
        403,
        `This Gitea token lacks the ${missing.join(' and ')} scope Gatea needs. Reconnect (re-authorize) and grant: ${scope}.`,
        'insufficient_scope',
      );
    }
    if (outcome === 'pass') deps.probeCache.recordPass(tokenHash, expiresAtMs, facts);
    return { facts, gitea };
  };

  const serviceKeyCaller = async (
    token: string,
    keyId: string,
    requestId: string,
  ): Promise<AuthenticatedCaller | Response> => {
    const logBase = { token_type: 'service_key', mode: 'service_key', client_id: null, request_id: requestId };
    const record = await deps.findServiceKey(keyId);
    if (!record || !serviceKeyMatches(token, record.keyHash) || record.revoked) {
      const reason = record?.revoked && serviceKeyMatches(token, record.keyHash) ? 'revoked_key' : 'unknown_key';
      summary({ ...logBase, api_probe: 'skip:error', login: null, result: reason });
      return challenge(
        401,
        reason === 'revoked_key'
          ? `The service key "${record?.name}" was revoked. Ask the operator for a new key.`
          : 'This service key is not known to Gatea (wrong or mistyped key). Ask the operator for a valid gmk_ key.',
        'invalid_token',
      );
    }
    const giteaToken = deps.serviceKeyGiteaToken(record.id);
    if (!giteaToken)
      return jsonResponse(503, {
        error: 'service_key_unconfigured',
        error_description: `The service key "${record.name}" has no Gitea token in this Gatea process; the operator must set its token variable and restart Gatea.`,
      });
    const granted: readonly string[] = record.scopes === 'write' ? ['all'] : READ_SCOPES;
    const probed = await probeToken(giteaToken, null, logBase, async () => ({
      login: `service:${record.name}`,
      scopesObserved: [`service_key:${record.scopes}`],
      scopesEffective: [...granted],
    }));
    if (probed instanceof Response) return probed;
    return {
      caller: { kind: 'service_key', login: record.name, grantedScopes: granted, requestId },
      gitea: probed.gitea,
    };
  };

  const directCaller = async (token: string, requestId: string): Promise<AuthenticatedCaller | Response> => {
    const oidc = deps.oidc as GiteaOidc;
    const isJwt = token.split('.').length === 3;
    const logBase = { token_type: isJwt ? 'jwt' : 'opaque', mode: 'direct', client_id: null, request_id: requestId };
    let expiresAtMs: number | null = null;
    if (isJwt) {
      try {
        expiresAtMs = (await oidc.verifyAccessJwt(token)).expiresAtMs;
      } catch (err) {
        if (!(err instanceof DirectTokenError)) throw err;
        summary({ ...logBase, api_probe: 'skip:error', login: null, result: err.code });
        if (err.code === 'keys_unavailable' || err.code === 'discovery_failed')
          return jsonResponse(503, { error: 'temporarily_unavailable', error_description: err.message });
        return challenge(401, `${err.message} Reconnect to get a new token.`, 'invalid_token');
      }
    } else if (!/^[0-9a-f]{40}$/.test(token)) {
      summary({ ...logBase, api_probe: 'skip:error', login: null, result: 'malformed' });
      return challenge(
        401,
        'The token is neither a Gitea access token (JWT), a Gitea personal access token, nor a Gatea service key.',
        'invalid_token',
      );
    }
    const probed = await probeToken(token, expiresAtMs, logBase, async () => {
      let login: string;
      try {
        login = (await oidc.userinfo(token)).login;
      } catch (err) {
        if (!(err instanceof DirectTokenError)) throw err;
        summary({ ...logBase, api_probe: 'fail:401', login: null, result: err.code });
        if (err.code === 'revoked')
          return challenge(
            401,
            'Gitea no longer accepts this token (revoked or expired). Reconnect to sign in again.',
            'invalid_token',
          );
        return jsonResponse(503, { error: 'temporarily_unavailable', error_description: err.message });
      }
      if (!isJwt || !deps.oauthClient) return { login, scopesObserved: [], scopesEffective: [] };
      const intro = await oidc.introspect(token, deps.oauthClient).catch(() => null);
      if (!intro?.active) return { login, scopesObserved: [], scopesEffective: [] };
      return {
        login,
        scopesObserved: intro.scope.split(/\s+/).filter(Boolean),
        scopesEffective: deriveOAuthScopes(intro.scope, deps.scopeRules),
      };
    });
    if (probed instanceof Response) return probed;
    const { facts } = probed;
    return {
      caller: {
        kind: 'direct',
        login: facts.login,
        grantedScopes: facts.scopesEffective.length > 0 ? facts.scopesEffective : undefined,
        requestId,
      },
      gitea: probed.gitea,
    };
  };

  return async (req, requestId) => {
    const creds = readCredentials(req);
    if (creds.kind === 'query_token')
      return jsonResponse(400, { error: 'invalid_request', error_description: describeCredentialsProblem(creds) });
    if (creds.kind !== 'bearer') {
      const message = describeCredentialsProblem(creds) ?? '';
      summary({
        token_type: null,
        mode: null,
        api_probe: 'skip:error',
        login: null,
        client_id: null,
        result: creds.kind,
        request_id: requestId,
      });
      return challenge(401, message, creds.kind === 'none' ? undefined : 'invalid_request');
    }
    const keyId = parseServiceKeyId(creds.token);
    if (keyId) return serviceKeyCaller(creds.token, keyId, requestId);
    if (creds.token.startsWith('gmk_'))
      return challenge(
        401,
        'This looks like a Gatea service key but is malformed (truncated or with extra characters). Copy the whole gmk_ key.',
        'invalid_token',
      );
    if (!deps.directTokens)
      return challenge(
        401,
        'This gateway accepts Gatea service keys (gmk_...); Gitea tokens are accepted only when the operator enables GATEA_DIRECT_TOKENS.',
        'invalid_token',
      );
    return directCaller(creds.token, requestId);
  };
}
