/**
 * `POST /register`: RFC 7591 Dynamic Client Registration, validated and
 * rate-limited per client address. Redirect URIs follow redirect-uris.ts
 * (https, http on loopback, native apps' private-use schemes). Public
 * clients (`token_endpoint_auth_method: none`, what MCP clients send) get no
 * secret; others get one, shown once and stored as a hash.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { BrokerDeps } from './broker-deps.js';
import { hashSecret, newSecret } from './grants.js';
import { redirectUriProblem } from './redirect-uris.js';
import { oauthError } from './wire.js';

const AUTH_METHODS = ['none', 'client_secret_post', 'client_secret_basic'] as const;

const RegistrationRequest = z.object({
  redirect_uris: z.array(z.string()).min(1).max(20),
  client_name: z.string().trim().min(1).max(200).optional(),
  token_endpoint_auth_method: z.enum(AUTH_METHODS).optional(),
  grant_types: z.array(z.string()).optional(),
  response_types: z.array(z.string()).optional(),
  scope: z.string().optional(),
});

const GRANT_TYPES = new Set(['authorization_code', 'refresh_token']);

function clientMetadataError(description: string): Response {
  return oauthError(400, 'invalid_client_metadata', description);
}

export async function handleRegister(req: Request, clientAddress: string, deps: BrokerDeps): Promise<Response> {
  const wait = deps.registrationLimit.take(clientAddress);
  if (wait > 0)
    return oauthError(429, 'too_many_requests', `Too many registrations from this address; retry in ${wait} s.`, {
      'retry-after': String(wait),
    });
  let body: unknown;
  try {
    body = JSON.parse(await req.text());
  } catch {
    return clientMetadataError('The registration request must be a JSON object (RFC 7591).');
  }
  const parsed = RegistrationRequest.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'body';
    return clientMetadataError(`${where}: ${issue?.message ?? 'invalid'}. redirect_uris (1–20 strings) is required.`);
  }
  const r = parsed.data;
  for (const uri of r.redirect_uris) {
    const problem = redirectUriProblem(uri);
    if (problem) return oauthError(400, 'invalid_redirect_uri', problem);
  }
  const grantTypes = r.grant_types ?? ['authorization_code', 'refresh_token'];
  const unsupported = grantTypes.filter((g) => !GRANT_TYPES.has(g));
  if (unsupported.length > 0 || !grantTypes.includes('authorization_code'))
    return clientMetadataError(
      `grant_types may hold authorization_code and refresh_token only (got ${grantTypes.join(', ')}).`,
    );
  if (r.response_types?.some((t) => t !== 'code')) return clientMetadataError('response_types may hold "code" only.');
  // RFC 7591 §2: the default method is client_secret_basic.
  const method = r.token_endpoint_auth_method ?? 'client_secret_basic';
  const secret = method === 'none' ? null : newSecret('gcs_');
  const now = deps.now();
  const clientId = randomBytes(16).toString('base64url');
  await deps.store.registerClient({
    clientId,
    clientSecretHash: secret === null ? null : hashSecret(secret),
    redirectUris: r.redirect_uris,
    clientName: r.client_name ?? null,
    grantTypes,
    tokenEndpointAuthMethod: method,
    cimd: false,
    createdAt: now,
    updatedAt: now,
  });
  deps.log.info(
    { client_id: clientId, client_name: r.client_name ?? null, auth_method: method, redirect_uris: r.redirect_uris },
    'oauth_register',
  );
  return Response.json(
    {
      client_id: clientId,
      client_id_issued_at: Math.floor(now / 1000),
      ...(secret ? { client_secret: secret, client_secret_expires_at: 0 } : {}),
      client_name: r.client_name,
      redirect_uris: r.redirect_uris,
      token_endpoint_auth_method: method,
      grant_types: grantTypes,
      response_types: ['code'],
    },
    { status: 201, headers: { 'cache-control': 'no-store', pragma: 'no-cache' } },
  );
}
