/**
 * Gitea tokens encrypted at rest with AES-256-GCM (NIST SP 800-38D), with key
 * rotation: new blobs use the current key, and blobs made with a previous key
 * still decrypt until they have been re-encrypted.
 *
 * Blob layout, version 1 (all lengths in bytes):
 *
 *   | 1 version (=1) | 8 key id | 12 IV | ciphertext | 16 GCM tag |
 *
 * The key id is the first 8 bytes of SHA-256 of the key: it says which key to
 * use without revealing the key. The version byte and key id are the GCM
 * associated data, so neither can be changed or swapped without the tag
 * failing. IVs are random; with 96-bit random IVs one key stays safe for far
 * more than the 2^32 encryptions SP 800-38D §8.3 allows.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 1;
const KEY_BYTES = 32;
const KEY_ID_BYTES = 8;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + KEY_ID_BYTES;
const MIN_BLOB_BYTES = HEADER_BYTES + IV_BYTES + TAG_BYTES;

/** Why a blob could not be decrypted. */
export type TokenCipherErrorCode = 'unknown_key' | 'corrupt';

/** A blob that cannot be decrypted; the message never contains key material or plaintext. */
export class TokenCipherError extends Error {
  constructor(
    readonly code: TokenCipherErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'TokenCipherError';
  }
}

/** Encrypts and decrypts Gitea tokens for storage. */
export interface TokenCipher {
  /** A new blob of `plaintext` under the current key (a fresh random IV each time). */
  encrypt(plaintext: string): Uint8Array;
  /** The plaintext of a blob made with the current or a previous key; throws TokenCipherError. */
  decrypt(blob: Uint8Array): string;
  /** False when `blob` was made with a previous key, so the caller should re-encrypt it. */
  usesCurrentKey(blob: Uint8Array): boolean;
}

/** The keys: `current` encrypts; `current` and `previous` decrypt. Each is 32 bytes. */
export interface TokenCipherKeys {
  current: Buffer;
  previous?: readonly Buffer[];
}

/** A cipher over the given keys; throws TypeError when a key is not 32 bytes. */
export function createTokenCipher(keys: TokenCipherKeys): TokenCipher {
  const current = checkedKey(keys.current, 'current');
  const currentId = keyIdOf(current);
  const byId = new Map<string, Buffer>();
  for (const [i, key] of (keys.previous ?? []).entries())
    byId.set(hex(keyIdOf(checkedKey(key, `previous[${i}]`))), key);
  byId.set(hex(currentId), current);

  return {
    encrypt(plaintext) {
      const header = Buffer.concat([Buffer.of(VERSION), currentId]);
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(header);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return new Uint8Array(Buffer.concat([header, iv, body, cipher.getAuthTag()]));
    },

    decrypt(blob) {
      const bytes = checkedBlob(blob);
      const key = byId.get(hex(bytes.subarray(1, HEADER_BYTES)));
      if (!key)
        throw new TokenCipherError(
          'unknown_key',
          'A stored Gitea token was encrypted with a key Gatea does not have. If GATEA_ENCRYPTION_KEY was changed, put the old key in GATEA_ENCRYPTION_KEY_PREVIOUS; otherwise the user must sign in again.',
        );
      const iv = bytes.subarray(HEADER_BYTES, HEADER_BYTES + IV_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(bytes.subarray(0, HEADER_BYTES));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      try {
        const plain = Buffer.concat([
          decipher.update(bytes.subarray(HEADER_BYTES + IV_BYTES, bytes.length - TAG_BYTES)),
          decipher.final(),
        ]);
        return plain.toString('utf8');
      } catch {
        // The cause is not kept: OpenSSL's message adds nothing, and nothing of the blob should travel further.
        throw corrupt('its authentication tag does not match (altered, truncated or mixed up with another value)');
      }
    },

    usesCurrentKey(blob) {
      return checkedBlob(blob).subarray(1, HEADER_BYTES).equals(currentId);
    },
  };
}

function checkedKey(key: Buffer, name: string): Buffer {
  if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES)
    throw new TypeError(`The ${name} token encryption key must be a Buffer of ${KEY_BYTES} bytes.`);
  return key;
}

/** The blob as a Buffer view, after the checks that need no key (version, length). */
function checkedBlob(blob: Uint8Array): Buffer {
  if (!(blob instanceof Uint8Array)) throw new TypeError('A token blob must be a Uint8Array.');
  const bytes = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (bytes.length === 0 || bytes[0] !== VERSION) throw corrupt('its format version is not one Gatea knows');
  if (bytes.length < MIN_BLOB_BYTES) throw corrupt('it is too short');
  return bytes;
}

function corrupt(why: string): TokenCipherError {
  return new TokenCipherError(
    'corrupt',
    `A stored Gitea token cannot be decrypted: ${why}. The user must sign in again.`,
  );
}

function keyIdOf(key: Buffer): Buffer {
  return createHash('sha256').update(key).digest().subarray(0, KEY_ID_BYTES);
}

function hex(bytes: Buffer): string {
  return bytes.toString('hex');
}
