/**
 * The API scope probe (DESIGN §9): one cheap Gitea call with the token a
 * caller acts with, so a token without API scope is refused with words
 * before any tool runs. A pass is cached per (mode, credential) — never per
 * token alone, so a service key's grant never caps or widens a direct token's
 * — and a Gitea 401 later drops it. Each probe logs `oauth_auth_summary`.
 */
import { hash } from 'node:crypto';
import { type GiteaClient, GiteaError, giteaPath } from '../gitea/index.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import type { GiteaScope, ToolLogger } from '../tools/index.js';
import { AuthError } from './errors.js';
import type { ProbeCache } from './probe-cache.js';

/** What a successful probe learned about a credential. */
export interface ProbedToken {
  login: string;
  scopesObserved: string[];
  scopesEffective: string[];
}

/** The scope the probe call (`GET /repos/search`) needs: every toolset reads repositories. */
export const API_PROBE_SCOPE: GiteaScope = 'read:repository';

type ProbeOutcome = 'pass' | 'fail:403' | 'fail:401' | 'skip:cached' | 'skip:error';

/** Fields of the `oauth_auth_summary` line known before the probe. */
export interface SummaryBase {
  readonly token_type: 'jwt' | 'opaque' | 'service_key' | null;
  readonly mode: 'direct' | 'service_key' | 'broker' | null;
  readonly client_id: string | null;
  readonly request_id: string;
}

export interface TokenProberDeps extends AuthReporting {
  /** The scope the probe call needs (`read:repository`: every toolset reads repositories). */
  probeScope: GiteaScope;
  probeCache: ProbeCache<ProbedToken>;
  giteaFor(token: string): GiteaClient;
}

/** SHA-256 of `s` (UTF-8) in hex: one-shot `crypto.hash`, without a Hash object per call. */
export function sha256Hex(s: string): string {
  return hash('sha256', s, 'hex');
}

/** Where auth outcomes go: the log, and the metrics when they are collected. */
export interface AuthReporting {
  log: ToolLogger;
  metrics?: GatewayMetrics | undefined;
}

type SummaryFields = SummaryBase & { api_probe: ProbeOutcome; result?: string } & Record<string, unknown>;

/** Logs the one `oauth_auth_summary` line of a request, and counts it. */
export function logAuthSummary(to: AuthReporting, fields: SummaryFields): void {
  to.log.info({ ...fields }, 'oauth_auth_summary');
  to.metrics?.auth(fields.mode, fields.api_probe, fields.result ?? null);
}

/** Probes `token` (or trusts a cached pass for `cacheKey`), or throws the AuthError to send. */
export function createTokenProber(deps: TokenProberDeps) {
  /** Wraps a client so a 401 from Gitea drops the cached pass: a revoked grant is not kept alive. */
  const forgetOnRejection = (client: GiteaClient, cacheKey: string): GiteaClient => {
    const guard = <T>(p: Promise<T>): Promise<T> =>
      p.catch((err: unknown) => {
        if (err instanceof GiteaError && err.code === 'invalid_token') deps.probeCache.forget(cacheKey);
        throw err;
      });
    return {
      request: (method, path, opts) => guard(client.request(method, path, opts)),
      requestPage: (method, path, opts) => guard(client.requestPage(method, path, opts)),
      download: (url, opts) => guard(client.download(url, opts)),
    };
  };

  const callProbe = async (client: GiteaClient): Promise<{ outcome: ProbeOutcome; error?: GiteaError }> => {
    try {
      await client.request('GET', giteaPath('/repos/search'), { query: { limit: 1 } });
      return { outcome: 'pass' };
    } catch (err) {
      if (err instanceof GiteaError && (err.status === 403 || err.status === 401))
        return { outcome: err.status === 403 ? 'fail:403' : 'fail:401', error: err };
      return { outcome: 'skip:error' };
    }
  };

  return async function probe(
    cacheKey: string,
    token: string,
    expiresAtMs: number | null,
    base: SummaryBase,
    identify: () => Promise<ProbedToken>,
  ): Promise<{ facts: ProbedToken; gitea: GiteaClient }> {
    const gitea = forgetOnRejection(deps.giteaFor(token), cacheKey);
    const cached = deps.probeCache.getPass(cacheKey);
    if (cached) {
      logAuthSummary(deps, {
        ...base,
        api_probe: 'skip:cached',
        login: cached.login,
        scopes_observed: cached.scopesObserved,
        scopes_effective: cached.scopesEffective,
      });
      return { facts: cached, gitea };
    }
    const identified = await identify();
    const { outcome, error } = await callProbe(gitea);
    const facts: ProbedToken = {
      ...identified,
      scopesEffective: error?.tokenScope ? error.tokenScope.split(',').filter(Boolean) : identified.scopesEffective,
    };
    logAuthSummary(deps, {
      ...base,
      api_probe: outcome,
      login: facts.login,
      scopes_observed: facts.scopesObserved,
      scopes_effective: facts.scopesEffective,
    });
    if (outcome === 'fail:401')
      throw new AuthError(
        'invalid_token',
        'Gitea refused this token on its API (revoked or expired). Reconnect to sign in again.',
      );
    if (outcome === 'fail:403') {
      const missing: GiteaScope[] = error?.requiredScopes?.length
        ? (error.requiredScopes as GiteaScope[])
        : [deps.probeScope];
      deps.log.warn(
        { status: 403, login: facts.login, missing_scopes: missing, request_id: base.request_id },
        'oauth_token_lacks_api_scope',
      );
      throw new AuthError(
        'insufficient_scope',
        `This Gitea token lacks the ${missing.join(' and ')} scope Gatea needs. Reconnect (re-authorize) and grant it.`,
        { missingScopes: missing },
      );
    }
    if (outcome === 'pass') deps.probeCache.recordPass(cacheKey, expiresAtMs, facts);
    return { facts, gitea };
  };
}

/** The probe function `createTokenProber` returns. */
export type TokenProbe = ReturnType<typeof createTokenProber>;
