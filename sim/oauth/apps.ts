/**
 * OAuth2 applications (models/auth/oauth2.go): UUID client ids, `gto_`
 * secrets shown once and stored hashed, and deletion that takes the app's
 * grants and codes with it. Used by the provider and by api/oauth-apps.ts.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { SimProfile } from '../profile.js';
import type { SimOAuthApp, SimState } from '../state.js';

/** `skip_secondary_authorization` exists from Gitea 1.23 (#31454); Forgejo forked before it. */
export function supportsSkipSecondaryAuthorization(profile: SimProfile): boolean {
  return profile.flavor === 'gitea' && profile.giteaCompat[1] >= 23;
}

const BASE32_LOWER = 'abcdefghijklmnopqrstuvwxyz234567';

/** RFC 4648 base32 in lower case without padding, as Gitea's base32Lower encoder. */
export function base32Lower(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_LOWER[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32_LOWER[(buffer << (5 - bits)) & 31];
  return out;
}

/** `prefix` + base32 of 32 random bytes (52 characters): Gitea's client secrets (`gto_`) and codes (`gta_`). */
export function giteaSecret(prefix: 'gto_' | 'gta_'): string {
  return prefix + base32Lower(randomBytes(32));
}

/**
 * Salted SHA-256 instead of Gitea's bcrypt: the simulator only needs the
 * secret not to be kept in plain text and to be checked like a password.
 */
function hashSecret(secret: string, salt = randomBytes(16).toString('hex')): string {
  return `${salt}$${createHash('sha256').update(salt).update(secret).digest('hex')}`;
}

/** True when `secret` is the app's client secret; compared in constant time (the hash is the only secret-derived value). */
export function verifyClientSecret(app: SimOAuthApp, secret: string): boolean {
  const [salt = '', want = ''] = app.clientSecretHash.split('$');
  const got = hashSecret(secret, salt).split('$')[1] ?? '';
  return got.length === want.length && timingSafeEqual(Buffer.from(got), Buffer.from(want));
}

export interface NewOAuthApp {
  ownerId: number;
  name: string;
  redirectUris: string[];
  confidential: boolean;
  skipSecondaryAuthorization: boolean;
}

/** Creates an app and its first secret (every app gets one, public ones too); returns the plain secret once. */
export function createOAuthApp(
  state: SimState,
  input: NewOAuthApp,
  now: Date,
): { app: SimOAuthApp; clientSecret: string } {
  const clientSecret = giteaSecret('gto_');
  const app: SimOAuthApp = {
    ...input,
    redirectUris: [...input.redirectUris],
    id: state.nextId('oauthApp'),
    clientId: randomUUID(),
    clientSecretHash: hashSecret(clientSecret),
    created: now,
    updated: now,
  };
  state.oauthApps.set(app.id, app);
  return { app, clientSecret };
}

/** Replaces the app's secret (GenerateClientSecret) and returns the new plain secret. */
export function regenerateClientSecret(app: SimOAuthApp): string {
  const secret = giteaSecret('gto_');
  app.clientSecretHash = hashSecret(secret);
  return secret;
}

export function appByClientId(state: SimState, clientId: string): SimOAuthApp | undefined {
  for (const a of state.oauthApps.values()) if (a.clientId === clientId) return a;
  return undefined;
}

/** Deletes an app with its grants and codes (DeleteOAuth2Application), so its tokens die at once. */
export function deleteOAuthApp(state: SimState, appId: number): boolean {
  if (!state.oauthApps.delete(appId)) return false;
  for (const g of [...state.oauthGrants.values()]) {
    if (g.appId !== appId) continue;
    state.oauthGrants.delete(g.id);
    for (const [code, row] of state.oauthCodes) if (row.grantId === g.id) state.oauthCodes.delete(code);
  }
  return true;
}
