/**
 * The provider's JWT signing key (services/oauth2_provider/jwtsigningkey.go)
 * and the JWKS at /login/oauth/keys (reference §1.6, §2.2). RS256 by default
 * with `kid` = base64url(SHA-256(PKIX public key)); HS256 signs with
 * JWT_SECRET, publishes no key material, and signs id_tokens with the
 * client's secret. Gitea generates 4096-bit RSA and Forgejo 2048; the
 * simulator uses 2048 for both because clients only see the JWK and 4096-bit
 * generation would slow every test.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import { type CryptoKey, exportJWK, exportSPKI, generateKeyPair, type JWK } from 'jose';
import type { SimEnv } from '../context.js';

export type SigningAlgorithm = 'RS256' | 'HS256';

export interface SigningKey {
  readonly alg: SigningAlgorithm;
  /** Set for asymmetric keys only; Gitea puts it in every token header. */
  readonly kid?: string;
  readonly signKey: CryptoKey | Uint8Array;
  readonly verifyKey: CryptoKey | Uint8Array;
  /** The JWKS entry, with `use: sig`. */
  readonly publicJwk: JWK;
}

/** A fresh key for `alg` (a new Gitea instance has a new key); HS256 takes a random JWT_SECRET. */
export async function createSigningKey(alg: SigningAlgorithm = 'RS256'): Promise<SigningKey> {
  if (alg === 'HS256') return hmacKey(randomBytes(32));
  const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const pem = await exportSPKI(publicKey);
  const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const kid = createHash('sha256').update(der).digest('base64url');
  const { kty, e, n } = await exportJWK(publicKey);
  return {
    alg,
    kid,
    signKey: privateKey,
    verifyKey: publicKey,
    publicJwk: { kty, alg, kid, e, n, use: 'sig' },
  };
}

function hmacKey(secret: Uint8Array): SigningKey {
  return { alg: 'HS256', signKey: secret, verifyKey: secret, publicJwk: { kty: 'oct', alg: 'HS256', use: 'sig' } };
}

/**
 * The key that signs an id_token: the server key, except for HS* where Gitea
 * signs with the client_secret sent in the token request (`clientKey`).
 */
export function idTokenKey(server: SigningKey, clientSecret: string): SigningKey {
  return server.alg === 'HS256' ? hmacKey(new TextEncoder().encode(clientSecret)) : server;
}

/** GET /login/oauth/keys: `{"keys":[jwk]}` from Go's json.Encoder (trailing newline, plain application/json). */
export function registerKeysRoute(app: Hono<SimEnv>, key: SigningKey): void {
  app.get('/login/oauth/keys', (c) =>
    c.body(`${JSON.stringify({ keys: [key.publicJwk] })}\n`, 200, { 'Content-Type': 'application/json' }),
  );
}
