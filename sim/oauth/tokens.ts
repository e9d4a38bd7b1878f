/**
 * Gitea's OAuth token JWTs (services/oauth2_provider/token.go): access
 * `{gnt, tt: 0, exp, iat}` and refresh `{gnt, tt: 1, cnt, exp, iat}` — no
 * sub, iss, aud or scope (reference §2.1). Verification checks signature,
 * algorithm, `exp` and `iat`; callers check `tt` and that the grant exists.
 */
import { jwtVerify, SignJWT } from 'jose';
import type { SigningKey } from './signing-key.js';

export interface GiteaTokenClaims {
  gnt: number;
  tt: 0 | 1;
  cnt?: number;
  exp: number;
  iat: number;
}

/** Signs `claims` with only Gitea's claims, header `{alg, kid, typ}`. */
export function mintToken(key: SigningKey, claims: GiteaTokenClaims): Promise<string> {
  return new SignJWT({ ...claims }).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' }).sign(key.privateKey);
}

/** The claims of a well-signed, unexpired token issued in the past; null otherwise. */
export async function verifyToken(key: SigningKey, token: string, now: Date): Promise<GiteaTokenClaims | null> {
  try {
    const { payload } = await jwtVerify(token, key.publicKey, { algorithms: [key.alg], currentDate: now });
    const { gnt, tt, cnt, exp, iat } = payload as Record<string, unknown>;
    if (typeof gnt !== 'number' || (tt !== 0 && tt !== 1) || typeof exp !== 'number' || typeof iat !== 'number')
      return null;
    if (iat > Math.floor(now.getTime() / 1000)) return null;
    return { gnt, tt, exp, iat, ...(typeof cnt === 'number' ? { cnt } : {}) };
  } catch {
    return null;
  }
}
