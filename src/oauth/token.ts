/**
 * `POST /token` (RFC 6749 §4.1.3 and §6, OAuth 2.1): authorization_code
 * with PKCE S256 required and the RFC 8707 resource checked, and
 * refresh_token with rotation — a replayed code or refresh token revokes the
 * whole token family, except a refresh presented again within a short grace
 * window (two requests of one client racing). Tokens are opaque, stored as
 * hashes, and bound to Gatea's MCP URL. `POST /revoke` is RFC 7009.
 * The success body is exactly RFC 6749 §5.1, which strict clients parse.
 */
import { createHash } from 'node:crypto';
import type { ClientRegistration, RefreshToken } from '../store/index.js';
import { resourceMatches } from './authorize.js';
import { ACCESS_TOKEN_TTL_MS, type BrokerDeps, REFRESH_GRACE_MS, REFRESH_TOKEN_TTL_MS } from './broker-deps.js';
import { ACCESS_TOKEN_PREFIX, hashSecret, newSecret, REFRESH_TOKEN_PREFIX } from './grants.js';
import { authenticateClient, oauthError, readForm, sameSecret } from './wire.js';

function tokenResponse(access: string, refresh: string, scopes: readonly string[]): Response {
  return Response.json(
    {
      access_token: access,
      token_type: 'Bearer',
      expires_in: ACCESS_TOKEN_TTL_MS / 1000,
      refresh_token: refresh,
      scope: scopes.join(' '),
    },
    { headers: { 'cache-control': 'no-store', pragma: 'no-cache' } },
  );
}

/** Mints an access + refresh pair in `family` and stores their hashes. */
async function issuePair(
  deps: BrokerDeps,
  base: { grantId: string; clientId: string; familyId: string; scopes: string[] },
): Promise<Response> {
  const now = deps.now();
  const access = newSecret(ACCESS_TOKEN_PREFIX);
  const refresh = newSecret(REFRESH_TOKEN_PREFIX);
  await deps.store.issueTokens({
    accessToken: {
      ...base,
      tokenHash: hashSecret(access),
      resource: deps.resource,
      createdAt: now,
      expiresAt: now + ACCESS_TOKEN_TTL_MS,
    },
    refreshToken: {
      ...base,
      tokenHash: hashSecret(refresh),
      resource: deps.resource,
      createdAt: now,
      expiresAt: now + REFRESH_TOKEN_TTL_MS,
    },
  });
  return tokenResponse(access, refresh, base.scopes);
}

function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

async function authorizationCodeGrant(form: URLSearchParams, client: ClientRegistration, deps: BrokerDeps) {
  const code = form.get('code') ?? '';
  const verifier = form.get('code_verifier') ?? '';
  if (!code) return oauthError(400, 'invalid_request', 'code is required.');
  if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier))
    return oauthError(400, 'invalid_request', 'code_verifier (43–128 characters, RFC 7636) is required.');
  const redeemed = await deps.store.redeemAuthorizationCode(hashSecret(code), deps.now());
  if (redeemed.status === 'reused') {
    // RFC 6749 §4.1.2: a code used twice revokes what it issued.
    await deps.store.revokeTokenFamily(redeemed.code.familyId, deps.now());
    return oauthError(400, 'invalid_grant', 'This authorization code was already used; its tokens are revoked.');
  }
  if (redeemed.status !== 'ok')
    return oauthError(400, 'invalid_grant', 'The authorization code is unknown or expired. Sign in again.');
  const c = redeemed.code;
  if (c.clientId !== client.clientId)
    return oauthError(400, 'invalid_grant', 'The authorization code was issued to another client.');
  if (form.get('redirect_uri') !== c.redirectUri)
    return oauthError(400, 'invalid_grant', 'redirect_uri differs from the one of the authorization request.');
  if (!sameSecret(s256(verifier), c.codeChallenge))
    return oauthError(400, 'invalid_grant', 'The code_verifier does not match the code_challenge (PKCE).');
  const resource = form.get('resource');
  if (!resourceMatches(resource, deps.resource) || (resource && c.resource && !resourceMatches(resource, c.resource)))
    return oauthError(400, 'invalid_target', `Tokens are issued for ${deps.resource} only.`);
  return issuePair(deps, { grantId: c.grantId, clientId: c.clientId, familyId: c.familyId, scopes: c.scopes });
}

async function refreshTokenGrant(form: URLSearchParams, client: ClientRegistration, deps: BrokerDeps) {
  const presented = form.get('refresh_token') ?? '';
  const hash = hashSecret(presented);
  const found: RefreshToken | null = presented ? await deps.store.findRefreshToken(hash) : null;
  if (!found) return oauthError(400, 'invalid_grant', 'The refresh token is unknown. Sign in again.');
  if (found.clientId !== client.clientId)
    return oauthError(400, 'invalid_grant', 'The refresh token was issued to another client.');
  if (!resourceMatches(form.get('resource'), deps.resource))
    return oauthError(400, 'invalid_target', `Tokens are issued for ${deps.resource} only.`);
  const now = deps.now();
  const access = newSecret(ACCESS_TOKEN_PREFIX);
  const refresh = newSecret(REFRESH_TOKEN_PREFIX);
  const rotated = await deps.store.rotateRefreshToken(
    hash,
    {
      refreshToken: {
        tokenHash: hashSecret(refresh),
        scopes: found.scopes,
        resource: deps.resource,
        expiresAt: now + REFRESH_TOKEN_TTL_MS,
      },
      accessToken: {
        tokenHash: hashSecret(access),
        scopes: found.scopes,
        resource: deps.resource,
        expiresAt: now + ACCESS_TOKEN_TTL_MS,
      },
    },
    now,
  );
  switch (rotated.status) {
    case 'rotated':
      return tokenResponse(access, refresh, found.scopes);
    case 'reused': {
      const t = rotated.token;
      if (t.usedAt !== null && now - t.usedAt <= REFRESH_GRACE_MS && t.revokedAt === null)
        return issuePair(deps, { grantId: t.grantId, clientId: t.clientId, familyId: t.familyId, scopes: t.scopes });
      await deps.store.revokeTokenFamily(t.familyId, now);
      deps.log.warn({ client_id: t.clientId, family: t.familyId }, 'oauth_refresh_replayed');
      return oauthError(
        400,
        'invalid_grant',
        'This refresh token was already used; the connection is revoked. Sign in again.',
      );
    }
    default:
      return oauthError(
        400,
        'invalid_grant',
        `The refresh token is ${rotated.status.replace('_', ' ')}. Sign in again.`,
      );
  }
}

/** `POST /token`. */
export async function handleToken(req: Request, deps: BrokerDeps): Promise<Response> {
  const form = await readForm(req);
  if (!form)
    return oauthError(
      400,
      'invalid_request',
      'Send the request as application/x-www-form-urlencoded (RFC 6749 §4.1.3).',
    );
  const grantType = form.get('grant_type');
  const client = await authenticateClient(req, form, deps.store);
  const log = (outcome: string, error?: string) => {
    if (grantType === 'refresh_token') deps.metrics?.tokenRefresh('client', error ?? outcome);
    deps.log.info(
      {
        grant_type: grantType,
        client_id: client instanceof Response ? form.get('client_id') : client.clientId,
        outcome,
        error,
      },
      'oauth_token',
    );
  };
  if (client instanceof Response) {
    log('refused', 'invalid_client');
    return client;
  }
  let res: Response;
  if (grantType === 'authorization_code') res = await authorizationCodeGrant(form, client, deps);
  else if (grantType === 'refresh_token') res = await refreshTokenGrant(form, client, deps);
  else res = oauthError(400, 'unsupported_grant_type', 'grant_type must be authorization_code or refresh_token.');
  if (res.ok) log('ok');
  else log('refused', ((await res.clone().json()) as { error: string }).error);
  return res;
}

/** `POST /revoke` (RFC 7009): 200 whether or not the token existed. */
export async function handleRevoke(req: Request, deps: BrokerDeps): Promise<Response> {
  const form = await readForm(req);
  if (!form) return oauthError(400, 'invalid_request', 'Send the request as application/x-www-form-urlencoded.');
  const client = await authenticateClient(req, form, deps.store);
  if (client instanceof Response) return client;
  const token = form.get('token') ?? '';
  if (!token) return oauthError(400, 'invalid_request', 'token is required.');
  const result = await deps.store.revokeToken(hashSecret(token), client.clientId, deps.now());
  if (result.status === 'wrong_client')
    return oauthError(400, 'unauthorized_client', 'This token was issued to another client.');
  deps.log.info({ client_id: client.clientId, outcome: result.status }, 'oauth_revoke');
  return new Response(null, { status: 200, headers: { 'cache-control': 'no-store' } });
}
