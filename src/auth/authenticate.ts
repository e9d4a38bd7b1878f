/**
 * The auth pipeline in front of /mcp, /sse, /messages and /api/tools/*: turns
 * a request into a caller with a Gitea client bound to the right Gitea token,
 * or throws an AuthError that says exactly what went wrong (DESIGN §2, §3, §9).
 * The HTTP edge maps it (src/http/auth-response.ts).
 *
 * Order: credentials → service key (gmk_…) or, in direct mode, a Gitea token
 * (JWT signature → userinfo → API scope probe). Never a server-wide fallback.
 */
import type { GiteaClient } from '../gitea/index.js';
import { GITEA_SCOPE_CATEGORIES, type GiteaScope } from '../tools/index.js';
import type { Caller } from './caller.js';
import { type CredentialSource, describeCredentialsProblem, readCredentials } from './credentials.js';
import { AuthError } from './errors.js';
import { DirectTokenError, type GiteaOidc } from './gitea-oidc.js';
import { deriveOAuthScopes, type GiteaScopeRules } from './gitea-scopes.js';
import type { ProbeCache } from './probe-cache.js';
import { parseServiceKeyId, serviceKeyMatches } from './service-keys.js';
import {
  type AuthReporting,
  createTokenProber,
  logAuthSummary,
  type ProbedToken,
  type SummaryBase,
  sha256Hex,
} from './token-probe.js';
import type { ValidationLimit } from './validation-limit.js';

/** A request's authenticated caller and the Gitea client bound to its token. */
export interface AuthenticatedCaller {
  readonly caller: Caller;
  readonly gitea: GiteaClient;
}

/** Where a request came from: the client address limits upstream validations. */
export interface RequestOrigin {
  readonly requestId: string;
  /** The peer address (or `unknown`). */
  readonly clientAddress: string;
}

/** Resolves who is calling; throws AuthError when it cannot. */
export type Authenticate = (req: CredentialSource, origin: RequestOrigin) => Promise<AuthenticatedCaller>;

/** What the pipeline needs to know about a stored service key. */
export interface ServiceKeyRecord {
  id: string;
  name: string;
  keyHash: string;
  scopes: 'read' | 'write';
  revoked: boolean;
}

export interface AuthPipelineDeps extends AuthReporting {
  /** `GATEA_DIRECT_TOKENS`: accept Gitea OAuth tokens and PATs sent straight to Gatea. */
  directTokens: boolean;
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
  /** Negative cache and per-client budget for validations that reach Gitea. */
  validationLimit: ValidationLimit;
  giteaFor(token: string): GiteaClient;
  /** Broker mode: resolves a Gatea access token (`gat_…`) to its user and Gitea token; throws AuthError. */
  brokerToken?: ((token: string) => Promise<BrokerIdentity>) | undefined;
}

/** What a Gatea access token stands for. */
export interface BrokerIdentity {
  login: string;
  clientId: string;
  /** The Gitea scopes the token may use. */
  giteaScopes: string[];
  giteaToken: string;
}

/** Gatea's own access tokens (broker mode) start with this; src/oauth mints them. */
export const BROKER_ACCESS_TOKEN_PREFIX = 'gat_';

/** A read-only service key may use every read scope, nothing else. */
const READ_SCOPES: readonly string[] = GITEA_SCOPE_CATEGORIES.map((c) => `read:${c}`);

/** Creates the pipeline; throws a TypeError when the options cannot work. */
export function createAuthPipeline(deps: AuthPipelineDeps): Authenticate {
  if (deps.directTokens && !deps.oidc) throw new TypeError('direct tokens need Gitea OIDC discovery (oidc)');
  const probe = createTokenProber(deps);

  /** Spends one upstream validation of `client`'s budget, or refuses with 429. */
  const spendValidation = (client: string) => {
    const wait = deps.validationLimit.take(client);
    if (wait > 0)
      throw new AuthError(
        'rate_limited',
        `Too many token checks from this client. Retry in ${wait} seconds with a valid token.`,
        { retryAfterSeconds: wait },
      );
  };

  const serviceKeyCaller = async (token: string, keyId: string, origin: RequestOrigin) => {
    const base: SummaryBase = {
      token_type: 'service_key',
      mode: 'service_key',
      client_id: null,
      request_id: origin.requestId,
    };
    const record = await deps.findServiceKey(keyId);
    const matches = record !== null && serviceKeyMatches(token, record.keyHash);
    if (!record || !matches || record.revoked) {
      const reason = matches && record?.revoked ? 'revoked_key' : 'unknown_key';
      logAuthSummary(deps, { ...base, api_probe: 'skip:error', login: null, result: reason });
      throw new AuthError(
        'invalid_token',
        reason === 'revoked_key'
          ? `The service key "${record?.name}" was revoked. Ask the operator for a new key.`
          : 'This service key is not known to Gatea (wrong or mistyped key). Ask the operator for a valid gmk_ key.',
      );
    }
    const giteaToken = deps.serviceKeyGiteaToken(record.id);
    if (!giteaToken) {
      logAuthSummary(deps, { ...base, api_probe: 'skip:error', login: null, result: 'service_key_unconfigured' });
      throw new AuthError(
        'service_key_unconfigured',
        `The service key "${record.name}" has no Gitea token in this Gatea process; the operator must set its token variable and restart Gatea.`,
      );
    }
    const granted: readonly string[] = record.scopes === 'write' ? ['all'] : READ_SCOPES;
    // Keyed by the key and the token it acts with: the same Gitea token used directly has its own entry.
    const cacheKey = `service_key:${record.id}:${sha256Hex(giteaToken)}`;
    const probed = await probe(cacheKey, giteaToken, null, base, async () => ({
      login: `service:${record.name}`,
      scopesObserved: [`service_key:${record.scopes}`],
      scopesEffective: [...granted],
    }));
    const caller: Caller = {
      kind: 'service_key',
      login: record.name,
      grantedScopes: granted,
      requestId: origin.requestId,
    };
    return { caller, gitea: probed.gitea };
  };

  /** A direct Gitea token's login and scopes (userinfo, then introspection for OAuth JWTs). */
  const identifyDirect = async (token: string, isJwt: boolean, base: SummaryBase): Promise<ProbedToken> => {
    const oidc = deps.oidc as GiteaOidc;
    let login: string;
    try {
      login = (await oidc.userinfo(token)).login;
    } catch (err) {
      if (!(err instanceof DirectTokenError)) throw err;
      logAuthSummary(deps, { ...base, api_probe: 'fail:401', login: null, result: err.code });
      if (err.code === 'revoked')
        throw new AuthError(
          'invalid_token',
          'Gitea no longer accepts this token (revoked or expired). Reconnect to sign in again.',
        );
      throw new AuthError('temporarily_unavailable', err.message);
    }
    if (!isJwt || !deps.oauthClient) return { login, scopesObserved: [], scopesEffective: [] };
    const intro = await (deps.oidc as GiteaOidc).introspect(token, deps.oauthClient).catch(() => null);
    if (!intro?.active) return { login, scopesObserved: [], scopesEffective: [] };
    return {
      login,
      scopesObserved: intro.scope.split(/\s+/).filter(Boolean),
      scopesEffective: deriveOAuthScopes(intro.scope, deps.scopeRules),
    };
  };

  const directCaller = async (token: string, origin: RequestOrigin): Promise<AuthenticatedCaller> => {
    const isJwt = token.split('.').length === 3;
    const base: SummaryBase = {
      token_type: isJwt ? 'jwt' : 'opaque',
      mode: 'direct',
      client_id: null,
      request_id: origin.requestId,
    };
    let expiresAtMs: number | null = null;
    if (isJwt) {
      try {
        expiresAtMs = (await (deps.oidc as GiteaOidc).verifyAccessJwt(token)).expiresAtMs;
      } catch (err) {
        if (!(err instanceof DirectTokenError)) throw err;
        logAuthSummary(deps, { ...base, api_probe: 'skip:error', login: null, result: err.code });
        if (err.code === 'keys_unavailable' || err.code === 'discovery_failed')
          throw new AuthError('temporarily_unavailable', err.message);
        throw new AuthError('invalid_token', `${err.message} Reconnect to get a new token.`);
      }
    } else if (!/^[0-9a-f]{40}$/.test(token)) {
      logAuthSummary(deps, { ...base, api_probe: 'skip:error', login: null, result: 'malformed' });
      throw new AuthError(
        'invalid_token',
        'The token is neither a Gitea access token (JWT), a Gitea personal access token, nor a Gatea service key.',
      );
    }
    const cacheKey = `direct:${sha256Hex(token)}`;
    const rejected = deps.validationLimit.rejection(cacheKey);
    if (rejected) {
      logAuthSummary(deps, { ...base, api_probe: 'skip:cached', login: null, result: 'rejected_recently' });
      throw rejected;
    }
    if (!deps.probeCache.hasPass(cacheKey)) spendValidation(origin.clientAddress);
    try {
      const { facts, gitea } = await probe(cacheKey, token, expiresAtMs, base, () =>
        identifyDirect(token, isJwt, base),
      );
      const grantedScopes = facts.scopesEffective.length > 0 ? facts.scopesEffective : undefined;
      return { caller: { kind: 'direct', login: facts.login, grantedScopes, requestId: origin.requestId }, gitea };
    } catch (err) {
      // A Gitea token's scopes are fixed when it is made, so a token without API scope stays one.
      if (err instanceof AuthError && (err.code === 'invalid_token' || err.code === 'insufficient_scope'))
        deps.validationLimit.rememberRejection(cacheKey, err);
      throw err;
    }
  };

  const brokerCaller = async (token: string, origin: RequestOrigin): Promise<AuthenticatedCaller> => {
    const base: SummaryBase = { token_type: 'opaque', mode: 'broker', client_id: null, request_id: origin.requestId };
    let identity: BrokerIdentity;
    try {
      identity = await (deps.brokerToken as NonNullable<AuthPipelineDeps['brokerToken']>)(token);
    } catch (err) {
      if (err instanceof AuthError)
        logAuthSummary(deps, { ...base, api_probe: 'skip:error', login: null, result: err.code });
      throw err;
    }
    // The grant was probed when it was made; Gitea's 401 on a later call is reported by the tool.
    logAuthSummary(deps, {
      ...base,
      client_id: identity.clientId,
      api_probe: 'skip:cached',
      login: identity.login,
      scopes_observed: identity.giteaScopes,
      scopes_effective: identity.giteaScopes,
    });
    return {
      caller: {
        kind: 'oauth',
        login: identity.login,
        clientId: identity.clientId,
        grantedScopes: identity.giteaScopes,
        requestId: origin.requestId,
      },
      gitea: deps.giteaFor(identity.giteaToken),
    };
  };

  return async (req, origin) => {
    const creds = readCredentials(req);
    if (creds.kind !== 'bearer') {
      logAuthSummary(deps, {
        token_type: null,
        mode: null,
        client_id: null,
        request_id: origin.requestId,
        api_probe: 'skip:error',
        login: null,
        result: creds.kind,
      });
      const message = describeCredentialsProblem(creds) ?? '';
      throw new AuthError(creds.kind === 'query_token' ? 'invalid_request' : 'missing_credentials', message);
    }
    const keyId = parseServiceKeyId(creds.token);
    if (keyId) return serviceKeyCaller(creds.token, keyId, origin);
    if (creds.token.startsWith(BROKER_ACCESS_TOKEN_PREFIX) && deps.brokerToken)
      return brokerCaller(creds.token, origin);
    const refuse = (mode: SummaryBase['mode'], result: string, message: string): never => {
      logAuthSummary(deps, {
        token_type: mode === 'service_key' ? 'service_key' : null,
        mode,
        client_id: null,
        request_id: origin.requestId,
        api_probe: 'skip:error',
        login: null,
        result,
      });
      throw new AuthError('invalid_token', message);
    };
    if (creds.token.startsWith('gmk_'))
      return refuse(
        'service_key',
        'malformed_key',
        'This looks like a Gatea service key but is malformed (truncated or with extra characters). Copy the whole gmk_ key.',
      );
    if (!deps.directTokens)
      return refuse(
        null,
        'direct_tokens_off',
        'This gateway accepts Gatea service keys (gmk_...); Gitea tokens are accepted only when the operator enables GATEA_DIRECT_TOKENS.',
      );
    return directCaller(creds.token, origin);
  };
}
