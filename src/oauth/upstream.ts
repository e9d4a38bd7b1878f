/**
 * Gatea as a confidential OAuth client of Gitea (the Gatea→Gitea leg of
 * broker mode), through oauth4webapi: the authorize URL with Gatea's single
 * callback, PKCE S256 and explicit Gitea scopes; the code exchange; refresh.
 * Gitea's answers are reduced to what the broker keeps.
 */
import * as oauth from 'oauth4webapi';
import type { GiteaOidc } from '../auth/index.js';
import { readUpTo } from '../gitea/index.js';

/** Token endpoint answers are a few hundred bytes; a larger one is not read. */
const MAX_TOKEN_ANSWER_BYTES = 64 * 1024;

/** Gitea tokens as the broker stores them (encrypted) for one grant. */
export interface GiteaTokens {
  accessToken: string;
  refreshToken: string | null;
  /** Milliseconds since the epoch, or null when Gitea gave no `expires_in`. */
  expiresAt: number | null;
  /** Scopes Gitea says it granted, when it says. */
  scope: string | null;
}

/** Gitea refused a code or refresh token (`invalid_grant`, …); the grant cannot be used any more. */
export class UpstreamGrantError extends Error {
  constructor(
    readonly error: string,
    message: string,
  ) {
    super(message);
    this.name = 'UpstreamGrantError';
  }
}

export interface GiteaOAuthClientOptions {
  oidc: GiteaOidc;
  clientId: string;
  clientSecret: string;
  /** Gatea's callback, the only redirect URI registered in Gitea. */
  redirectUri: string;
  /** How long one call to Gitea's token endpoint may take (GITEA_TIMEOUT_MS). */
  timeoutMs: number;
  now: () => number;
}

/** Gatea's OAuth app in Gitea. */
export interface GiteaOAuthClient {
  authorizationUrl(p: { state: string; codeVerifier: string; scopes: readonly string[] }): Promise<string>;
  exchangeCode(callback: URL, expectedState: string, codeVerifier: string): Promise<GiteaTokens>;
  refresh(refreshToken: string): Promise<GiteaTokens>;
}

export function createGiteaOAuthClient(opts: GiteaOAuthClientOptions): GiteaOAuthClient {
  const client: oauth.Client = { client_id: opts.clientId, token_endpoint_auth_method: 'client_secret_post' };
  const auth = oauth.ClientSecretPost(opts.clientSecret);

  const server = async (): Promise<{ as: oauth.AuthorizationServer; insecure: boolean }> => {
    const d = await opts.oidc.discover();
    if (!d.authorization_endpoint || !d.token_endpoint)
      throw new TypeError("Gitea's OIDC discovery lists no authorization or token endpoint; is [oauth2] ENABLED?");
    const as: oauth.AuthorizationServer = {
      issuer: d.issuer,
      authorization_endpoint: d.authorization_endpoint,
      token_endpoint: d.token_endpoint,
    };
    // Plain http only where Gitea itself is served over http (a loopback test or lab Gitea).
    return { as, insecure: new URL(d.token_endpoint).protocol === 'http:' };
  };

  /** As for every other call to Gitea: a deadline, and the answer read up to a bound. */
  const requestOptions = (insecure: boolean): oauth.TokenEndpointRequestOptions => ({
    [oauth.allowInsecureRequests]: insecure,
    signal: () => AbortSignal.timeout(opts.timeoutMs),
    [oauth.customFetch]: boundedFetch,
  });

  const tokensOf = (r: oauth.TokenEndpointResponse): GiteaTokens => ({
    accessToken: r.access_token,
    refreshToken: r.refresh_token ?? null,
    expiresAt: typeof r.expires_in === 'number' ? opts.now() + r.expires_in * 1000 : null,
    scope: typeof r.scope === 'string' ? r.scope : null,
  });

  const asGrantError = (err: unknown): never => {
    if (err instanceof oauth.ResponseBodyError)
      throw new UpstreamGrantError(err.error, `Gitea refused the grant (${err.error}).`);
    if (err instanceof oauth.AuthorizationResponseError)
      throw new UpstreamGrantError(err.error, `Gitea answered the sign-in with ${err.error}.`);
    throw err;
  };

  return {
    async authorizationUrl({ state, codeVerifier, scopes }) {
      const { as } = await server();
      const url = new URL(as.authorization_endpoint as string);
      url.searchParams.set('client_id', opts.clientId);
      url.searchParams.set('redirect_uri', opts.redirectUri);
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('scope', scopes.join(' '));
      url.searchParams.set('state', state);
      url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));
      url.searchParams.set('code_challenge_method', 'S256');
      return url.href;
    },

    async exchangeCode(callback, expectedState, codeVerifier) {
      const { as, insecure } = await server();
      try {
        const params = oauth.validateAuthResponse(as, client, callback, expectedState);
        const res = await oauth.authorizationCodeGrantRequest(
          as,
          client,
          auth,
          params,
          opts.redirectUri,
          codeVerifier,
          requestOptions(insecure),
        );
        return tokensOf(await oauth.processAuthorizationCodeResponse(as, client, res));
      } catch (err) {
        return asGrantError(err);
      }
    },

    async refresh(refreshToken) {
      const { as, insecure } = await server();
      try {
        const res = await oauth.refreshTokenGrantRequest(as, client, auth, refreshToken, requestOptions(insecure));
        return tokensOf(await oauth.processRefreshTokenResponse(as, client, res));
      } catch (err) {
        return asGrantError(err);
      }
    },
  };
}

/** fetch, with the answer's body read up to MAX_TOKEN_ANSWER_BYTES (oauth4webapi reads what it is given). */
async function boundedFetch(url: string, init: RequestInit): Promise<Response> {
  const res = await fetch(url, init);
  const { bytes, complete } = await readUpTo(res.body, MAX_TOKEN_ANSWER_BYTES);
  if (!complete) throw new TypeError(`Gitea's token endpoint answered with more than ${MAX_TOKEN_ANSWER_BYTES} bytes`);
  const bodiless = res.status === 204 || res.status === 205 || res.status === 304;
  return new Response(bodiless ? null : bytes, {
    status: res.status,
    statusText: res.statusText,
    headers: res.headers,
  });
}
