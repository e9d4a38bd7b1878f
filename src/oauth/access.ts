/**
 * What a Gatea access token presented at /mcp means: the grant it belongs to,
 * checked active, unexpired and issued for this resource (RFC 8707 audience),
 * and the Gitea token to act with. Used by the auth pipeline for broker
 * callers; the MCP client's token never reaches Gitea. Refusals are
 * AuthErrors (`invalid_token`), so the client is told to reconnect.
 */
import { AuthError } from '../auth/index.js';
import type { Store } from '../store/index.js';
import type { BrokerDeps } from './broker-deps.js';
import {
  createGrantTokens,
  GrantRefreshUnavailableError,
  GrantUnusableError,
  giteaScopesFor,
  hashSecret,
} from './grants.js';

/** A resolved broker caller. */
export interface BrokerCaller {
  login: string;
  clientId: string;
  /** Gitea scopes this token may use. */
  giteaScopes: string[];
  /** The grant's Gitea access token (fresh). */
  giteaToken: string;
}

export function createBrokerTokenResolver(
  deps: Pick<BrokerDeps, 'store' | 'cipher' | 'gitea' | 'now' | 'resource' | 'log' | 'metrics'>,
) {
  const store: Store = deps.store;
  const giteaAccessToken = createGrantTokens(deps);
  return async function resolve(token: string): Promise<BrokerCaller> {
    const found = await store.lookupAccessToken(hashSecret(token), deps.now());
    switch (found.status) {
      case 'not_found':
        throw new AuthError('invalid_token', 'This access token is not known to Gatea. Reconnect to sign in again.');
      case 'expired':
        throw new AuthError('invalid_token', 'The access token has expired. Refresh it or reconnect.');
      case 'revoked':
        throw new AuthError('invalid_token', 'This connection was revoked. Reconnect to sign in again.');
    }
    const { token: record, grant } = found;
    if (record.resource !== deps.resource)
      throw new AuthError('invalid_token', `This token was issued for ${record.resource}, not this server.`);
    try {
      return {
        login: grant.giteaLogin,
        clientId: record.clientId,
        giteaScopes: giteaScopesFor(grant, record.scopes),
        giteaToken: await giteaAccessToken(grant),
      };
    } catch (err) {
      if (err instanceof GrantUnusableError) throw new AuthError('invalid_token', err.message);
      if (err instanceof GrantRefreshUnavailableError) throw new AuthError('temporarily_unavailable', err.message);
      throw err;
    }
  };
}

export type BrokerTokenResolver = ReturnType<typeof createBrokerTokenResolver>;
