import { describe, expect, it } from 'vitest';
import { createTokenCipher, TokenCipherError } from '../../../src/oauth/index.js';

// Fixed keys keep every test deterministic (the IV is the only random part).
const OLD_KEY = Buffer.alloc(32, 0x11);
const NEW_KEY = Buffer.alloc(32, 0x22);
const OTHER_KEY = Buffer.alloc(32, 0x33);
const TOKEN = 'gto_4f2a9c0e1b7d6a5c3e8f0a1b2c3d4e5f6a7b8c9d';

function failure(run: () => unknown): TokenCipherError {
  try {
    run();
  } catch (err) {
    if (err instanceof TokenCipherError) return err;
    throw err;
  }
  throw new Error('expected a TokenCipherError');
}

describe('createTokenCipher', () => {
  it('round-trips, including empty and non-ASCII text', () => {
    const cipher = createTokenCipher({ current: NEW_KEY });
    for (const text of [TOKEN, '', 'tökén ✓ 🔑'.repeat(50)]) expect(cipher.decrypt(cipher.encrypt(text))).toBe(text);
  });

  it('lays a blob out as version, key id, IV, ciphertext and tag', () => {
    const blob = createTokenCipher({ current: NEW_KEY }).encrypt(TOKEN);
    expect(blob[0]).toBe(1);
    expect(blob.length).toBe(1 + 8 + 12 + Buffer.byteLength(TOKEN) + 16);
    expect(Buffer.from(blob).includes(Buffer.from(TOKEN))).toBe(false);
  });

  it('uses a fresh IV, so the same token encrypts differently each time', () => {
    const cipher = createTokenCipher({ current: NEW_KEY });
    const a = Buffer.from(cipher.encrypt(TOKEN));
    const b = Buffer.from(cipher.encrypt(TOKEN));
    expect(a.equals(b)).toBe(false);
    expect(a.subarray(9, 21).equals(b.subarray(9, 21))).toBe(false);
  });

  it('decrypts blobs of the old key after rotation and tells which need re-encrypting', () => {
    const before = createTokenCipher({ current: OLD_KEY });
    const oldBlob = before.encrypt(TOKEN);
    const after = createTokenCipher({ current: NEW_KEY, previous: [OTHER_KEY, OLD_KEY] });
    expect(after.decrypt(oldBlob)).toBe(TOKEN);
    expect(after.usesCurrentKey(oldBlob)).toBe(false);
    const renewed = after.encrypt(after.decrypt(oldBlob));
    expect(after.usesCurrentKey(renewed)).toBe(true);
    // New blobs are under the new key only: the old cipher cannot read them.
    expect(failure(() => before.decrypt(renewed)).code).toBe('unknown_key');
  });

  it('reports an unknown key with the remedy and without key material', () => {
    const blob = createTokenCipher({ current: OLD_KEY }).encrypt(TOKEN);
    const err = failure(() => createTokenCipher({ current: NEW_KEY }).decrypt(blob));
    expect(err.code).toBe('unknown_key');
    expect(err.message).toContain('GATEA_ENCRYPTION_KEY_PREVIOUS');
    for (const secret of [OLD_KEY, NEW_KEY])
      for (const encoding of ['hex', 'base64'] as const) expect(err.message).not.toContain(secret.toString(encoding));
    expect(err.message).not.toContain(Buffer.from(blob).subarray(1, 9).toString('hex'));
  });

  it('refuses every single-bit change: corrupt, or unknown_key when the flip lands in the key id', () => {
    const cipher = createTokenCipher({ current: NEW_KEY, previous: [OLD_KEY] });
    const blob = cipher.encrypt(TOKEN);
    for (let byte = 0; byte < blob.length; byte++)
      for (let bit = 0; bit < 8; bit++) {
        const flipped = Uint8Array.from(blob);
        flipped[byte] = (flipped[byte] as number) ^ (1 << bit);
        const err = failure(() => cipher.decrypt(flipped));
        // A changed key id names a key nobody has; an id that named another known key would fail the tag (AAD).
        expect(err.code, `byte ${byte} bit ${bit}`).toBe(byte >= 1 && byte <= 8 ? 'unknown_key' : 'corrupt');
        expect(err.message).not.toContain(TOKEN);
      }
  });

  it('refuses a blob whose key id was swapped for another known key', () => {
    const cipher = createTokenCipher({ current: NEW_KEY, previous: [OLD_KEY] });
    const blob = Buffer.from(cipher.encrypt(TOKEN));
    const oldId = Buffer.from(createTokenCipher({ current: OLD_KEY }).encrypt('')).subarray(1, 9);
    oldId.copy(blob, 1);
    expect(failure(() => cipher.decrypt(blob)).code).toBe('corrupt');
  });

  it('refuses truncated blobs and unknown versions as corrupt', () => {
    const cipher = createTokenCipher({ current: NEW_KEY });
    const blob = cipher.encrypt(TOKEN);
    for (let length = 0; length < blob.length; length++)
      expect(failure(() => cipher.decrypt(blob.subarray(0, length))).code, `length ${length}`).toBe('corrupt');
    const v2 = Uint8Array.from(blob);
    v2[0] = 2;
    expect(failure(() => cipher.decrypt(v2)).message).toMatch(/format version/);
  });

  it('decrypts a blob that is a view into a larger buffer', () => {
    const cipher = createTokenCipher({ current: NEW_KEY });
    const blob = cipher.encrypt(TOKEN);
    const padded = new Uint8Array(blob.length + 10);
    padded.set(blob, 5);
    expect(cipher.decrypt(padded.subarray(5, 5 + blob.length))).toBe(TOKEN);
  });

  it('throws TypeError for keys that are not 32 bytes, naming which one', () => {
    expect(() => createTokenCipher({ current: Buffer.alloc(16) })).toThrow(TypeError);
    expect(() => createTokenCipher({ current: Buffer.alloc(33) })).toThrow(/current .* 32 bytes/);
    expect(() => createTokenCipher({ current: NEW_KEY, previous: [OLD_KEY, Buffer.alloc(31)] })).toThrow(
      /previous\[1\]/,
    );
    expect(() => createTokenCipher({ current: 'x'.repeat(32) as unknown as Buffer })).toThrow(TypeError);
  });
});
