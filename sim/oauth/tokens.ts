/**
 * Gitea's OAuth token JWTs (services/oauth2_provider/token.go): access
 * `{gnt, tt: 0, exp, iat}` and refresh `{gnt, tt: 1, cnt, exp, iat}` with no
 * sub, iss, aud or scope (reference §2.1). Parsing checks the signature, the
 * algorithm and `exp` like golang-jwt's ParseWithClaims; callers check `tt`,
 * `iat` and the grant, because Gitea does so at each use.
 */
import { compactVerify, SignJWT } from 'jose';
import type { SigningKey } from './keys.js';

export interface GiteaTokenClaims {
  gnt: number;
  tt: 0 | 1;
  /** Refresh tokens only (`omitempty`: absent when 0). */
  cnt?: number;
  exp: number;
  iat: number;
}

/** Signs `claims` in Gitea's field order, header `{alg, kid?, typ: JWT}`. */
export function mintToken(key: SigningKey, claims: GiteaTokenClaims): Promise<string> {
  const { gnt, tt, cnt, exp, iat } = claims;
  const body = cnt ? { gnt, tt, cnt, exp, iat } : { gnt, tt, exp, iat };
  return signJwt(key, body);
}

/** Signs any claim set with the key's header (`kid` for asymmetric keys, as PreProcessToken adds it). */
export function signJwt(key: SigningKey, claims: Record<string, unknown>): Promise<string> {
  const header = key.kid ? { alg: key.alg, kid: key.kid, typ: 'JWT' } : { alg: key.alg, typ: 'JWT' };
  return new SignJWT(claims).setProtectedHeader(header).sign(key.signKey);
}

/**
 * The claims of a token signed by `key` that has not expired at `now`
 * (golang-jwt: expired when now is after exp); null otherwise.
 */
export async function parseToken(key: SigningKey, token: string, now: Date): Promise<GiteaTokenClaims | null> {
  let payload: unknown;
  try {
    const verified = await compactVerify(token, key.verifyKey, { algorithms: [key.alg] });
    payload = JSON.parse(new TextDecoder().decode(verified.payload));
  } catch {
    return null;
  }
  if (typeof payload !== 'object' || payload === null) return null;
  const { gnt, tt, cnt, exp, iat } = payload as Record<string, unknown>;
  if (typeof gnt !== 'number' || (tt !== 0 && tt !== 1) || typeof exp !== 'number') return null;
  if (now.getTime() > exp * 1000) return null;
  return { gnt, tt, exp, iat: typeof iat === 'number' ? iat : 0, ...(typeof cnt === 'number' ? { cnt } : {}) };
}

/** Unix seconds of `d`, as Gitea's TimeStampNow. */
export function unixSeconds(d: Date): number {
  return Math.floor(d.getTime() / 1000);
}
