/**
 * The provider's JWT signing key (services/oauth2_provider/jwtsigningkey.go):
 * RS256 by default, `kid` = base64url(SHA-256(PKIX public key)), published at
 * /login/oauth/keys with `use: sig` (reference §1.6, §2.2). Gitea generates
 * 4096-bit RSA and Forgejo 2048; the simulator uses 2048 for both because
 * clients only see the JWK, and 4096-bit generation would slow every test.
 */
import { createHash } from 'node:crypto';
import { type CryptoKey, exportJWK, exportSPKI, generateKeyPair, type JWK } from 'jose';

export interface SigningKey {
  readonly kid: string;
  readonly alg: 'RS256';
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly publicJwk: JWK;
}

/** Generates a fresh RS256 key (a new Gitea instance has a new key). */
export async function createSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const pem = await exportSPKI(publicKey);
  const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const kid = createHash('sha256').update(der).digest('base64url');
  const jwk = await exportJWK(publicKey);
  return { kid, alg: 'RS256', privateKey, publicKey, publicJwk: { ...jwk, kid, alg: 'RS256', use: 'sig' } };
}
