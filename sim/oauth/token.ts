/**
 * POST /login/oauth/access_token (AccessTokenOAuth, handleAuthorizationCode,
 * handleRefreshToken; reference §1.4): form or JSON body, client credentials
 * in the body or HTTP Basic, and Gitea's error codes exactly — all errors are
 * 400 JSON, a bad secret is `unauthorized_client` for codes but
 * `invalid_client` for refresh, and the two "cannot load client" messages
 * quote the id differently.
 */
import { createHash } from 'node:crypto';
import type { Context, Hono } from 'hono';
import type { SimContext, SimEnv } from '../context.js';
import { giteaJson } from '../http/errors.js';
import type { SimOAuthCode, SimOAuthGrant } from '../state.js';
import { appByClientId, verifyClientSecret } from './apps.js';
import { type FormValues, readForm } from './form.js';
import type { OAuthStore } from './grants.js';
import { scopeContains, signIdToken } from './id-token.js';
import { idTokenKey, type SigningKey } from './keys.js';
import { containsRedirectUri } from './redirect-uri.js';
import { constantTimeEqual } from './session.js';
import { mintToken, parseToken, unixSeconds } from './tokens.js';

/** An error of the token endpoint (AccessTokenError). */
export class AccessTokenError extends Error {
  constructor(
    readonly code: string,
    description: string,
  ) {
    super(description);
    this.name = 'AccessTokenError';
  }
}

export interface AccessTokenResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  refresh_token: string;
  id_token?: string;
}

/**
 * NewAccessTokenResponse: bumps the grant counter first when
 * INVALIDATE_REFRESH_TOKENS is on (the code exchange included), then mints a
 * new access and refresh token, and an id_token if the grant has `openid`.
 */
export async function newAccessTokenResponse(
  sim: SimContext,
  key: SigningKey,
  grant: SimOAuthGrant,
  clientKey: SigningKey,
  now = sim.now(),
): Promise<AccessTokenResponse> {
  if (sim.options.invalidateRefreshTokens) grant.counter++;
  const iat = unixSeconds(now);
  const exp = iat + sim.options.accessTokenTtlSeconds;
  const response: AccessTokenResponse = {
    access_token: await mintToken(key, { gnt: grant.id, tt: 0, exp, iat }),
    token_type: 'bearer',
    expires_in: sim.options.accessTokenTtlSeconds,
    refresh_token: await mintToken(key, {
      gnt: grant.id,
      tt: 1,
      cnt: grant.counter,
      exp: iat + sim.options.refreshTokenTtlHours * 3600,
      iat,
    }),
  };
  if (scopeContains(grant, 'openid')) {
    const app = sim.state.oauthApps.get(grant.appId);
    if (!app) throw new AccessTokenError('invalid_request', 'cannot find application');
    const user = sim.state.users.get(grant.userId);
    if (!user) throw new AccessTokenError('invalid_request', 'cannot find user');
    try {
      response.id_token = await signIdToken(sim, clientKey, grant, app, user, exp, now);
    } catch {
      throw new AccessTokenError('invalid_request', 'cannot sign token');
    }
  }
  return response;
}

/** PKCE (RFC 7636 §4.6) as ValidateCodeChallenge: no method means nothing to check. */
export function validateCodeChallenge(code: SimOAuthCode, verifier: string): boolean {
  if (code.codeChallengeMethod === '') return true;
  const expected =
    code.codeChallengeMethod === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  return constantTimeEqual(expected, code.codeChallenge);
}

/**
 * Fills client_id/client_secret from `Authorization: Basic` when the body
 * lacks either, refusing values that contradict the header.
 */
function clientCredentials(c: Context<SimEnv>, form: FormValues): { id: string; secret: string } {
  let id = form.client_id ?? '';
  let secret = form.client_secret ?? '';
  const header = c.req.header('Authorization');
  if ((id === '' || secret === '') && header) {
    const m = /^basic\s+(\S+)$/i.exec(header.trim());
    const decoded = m ? Buffer.from(m[1] ?? '', 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    if (!m || colon < 0) throw new AccessTokenError('invalid_request', 'cannot parse basic auth header');
    const [basicId, basicSecret] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
    if (id !== '' && id !== basicId)
      throw new AccessTokenError('invalid_request', 'client_id in request body inconsistent with Authorization header');
    if (secret !== '' && secret !== basicSecret)
      throw new AccessTokenError(
        'invalid_request',
        'client_secret in request body inconsistent with Authorization header',
      );
    id = basicId;
    secret = basicSecret;
  }
  return { id, secret };
}

interface ExchangeDeps {
  sim: SimContext;
  store: OAuthStore;
  key: SigningKey;
}

async function exchangeCode(
  { sim, store, key }: ExchangeDeps,
  form: FormValues,
  client: { id: string; secret: string },
): Promise<AccessTokenResponse> {
  const app = appByClientId(sim.state, client.id);
  if (!app) throw new AccessTokenError('invalid_client', `cannot load client with client id: '${client.id}'`);
  if (app.confidential && !verifyClientSecret(app, client.secret))
    throw new AccessTokenError(
      'unauthorized_client',
      client.secret === '' ? 'invalid empty client secret' : 'invalid client secret',
    );
  const redirectUri = form.redirect_uri ?? '';
  if (redirectUri !== '' && !containsRedirectUri(app, redirectUri, sim.profile))
    throw new AccessTokenError('unauthorized_client', 'unexpected redirect URI');
  // A code already exchanged is gone, so reuse lands here too.
  const found = store.findCode(form.code ?? '');
  if (!found) throw new AccessTokenError('unauthorized_client', 'client is not authorized');
  const { row, grant } = found;
  if (row.validUntil && sim.now().getTime() > row.validUntil.getTime()) {
    store.invalidateCode(row.code);
    throw new AccessTokenError('invalid_grant', 'authorization code expired');
  }
  if (!validateCodeChallenge(row, form.code_verifier ?? ''))
    throw new AccessTokenError('unauthorized_client', 'failed PKCE code challenge');
  if (sim.profile.bindsTokenExchangeToClient && row.redirectUri !== '' && redirectUri !== row.redirectUri)
    throw new AccessTokenError('invalid_grant', 'redirect_uri differs from the original authorization request');
  if (grant.appId !== app.id) throw new AccessTokenError('invalid_grant', 'invalid grant');
  // Only a concurrent exchange can find the row gone here (#36797's double-invalidate error).
  if (!store.invalidateCode(row.code)) throw new AccessTokenError('invalid_grant', 'authorization code already used');
  return newAccessTokenResponse(sim, key, grant, idTokenKey(key, client.secret));
}

async function refresh(
  { sim, store, key }: ExchangeDeps,
  form: FormValues,
  client: { id: string; secret: string },
): Promise<AccessTokenResponse> {
  const app = appByClientId(sim.state, client.id);
  if (!app)
    throw new AccessTokenError('invalid_client', `cannot load client with client id: ${JSON.stringify(client.id)}`);
  if (app.confidential && !verifyClientSecret(app, client.secret))
    throw new AccessTokenError(
      'invalid_client',
      client.secret === '' ? 'invalid empty client secret' : 'invalid client secret',
    );
  // `tt` is not checked: an access token is accepted as a refresh token (Gitea quirk, reference §1.4).
  const token = await parseToken(key, form.refresh_token ?? '', sim.now());
  if (!token) throw new AccessTokenError('unauthorized_client', 'unable to parse refresh token');
  const grant = store.grants.get(token.gnt);
  if (!grant) throw new AccessTokenError('invalid_grant', 'grant does not exist');
  if (sim.profile.bindsTokenExchangeToClient && grant.appId !== app.id)
    throw new AccessTokenError('invalid_grant', 'refresh token belongs to a different client');
  const cnt = token.cnt ?? 0;
  if (sim.options.invalidateRefreshTokens && (grant.counter !== cnt || cnt === 0))
    throw new AccessTokenError('unauthorized_client', 'token was already used');
  return newAccessTokenResponse(sim, key, grant, idTokenKey(key, client.secret));
}

/** Registers POST /login/oauth/access_token. */
export function registerTokenRoute(app: Hono<SimEnv>, deps: ExchangeDeps): void {
  app.post('/login/oauth/access_token', async (c) => {
    try {
      const form = await readForm(c);
      const client = clientCredentials(c, form);
      let body: AccessTokenResponse;
      if (form.grant_type === 'refresh_token') body = await refresh(deps, form, client);
      else if (form.grant_type === 'authorization_code') body = await exchangeCode(deps, form, client);
      else
        throw new AccessTokenError(
          'unsupported_grant_type',
          'Only refresh_token or authorization_code grant type is supported',
        );
      return giteaJson(c, body);
    } catch (err) {
      if (!(err instanceof AccessTokenError)) throw err;
      return giteaJson(c, { error: err.code, error_description: err.message }, 400);
    }
  });
}
