/**
 * Service keys for in-cluster callers: `gmk_<id>_<secret>`. The id is public
 * and finds the record; only a SHA-256 of the whole key is stored, and the
 * hash is compared in constant time, because key ids are visible in listings.
 */
import { timingSafeEqual } from 'node:crypto';
import { sha256Hex } from './token-probe.js';

export const SERVICE_KEY_PREFIX = 'gmk_';
const KEY_PATTERN = /^gmk_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export interface GeneratedServiceKey {
  id: string;
  /** The full key; shown once, never stored. */
  key: string;
  keyHash: string;
}

/** SHA-256 hex of a key: what the store keeps. */
export function hashServiceKey(key: string): string {
  return sha256Hex(key);
}

/** Creates a new key from `randomBytes` (injected: crypto.randomBytes in production). */
export function generateServiceKey(randomBytes: (n: number) => Buffer): GeneratedServiceKey {
  const idBytes = randomBytes(12);
  const id = Array.from(idBytes, (b) => ID_ALPHABET[b % ID_ALPHABET.length]).join('');
  const key = `${SERVICE_KEY_PREFIX}${id}_${randomBytes(32).toString('base64url')}`;
  return { id, key, keyHash: hashServiceKey(key) };
}

/** The id part of a well-formed key, or null when `candidate` is not a service key. */
export function parseServiceKeyId(candidate: string): string | null {
  return KEY_PATTERN.exec(candidate)?.[1] ?? null;
}

/** Constant-time check of `candidate` against a stored hash. */
export function serviceKeyMatches(candidate: string, storedHash: string): boolean {
  const a = Buffer.from(hashServiceKey(candidate), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
