/**
 * An answer body as large as a test wants, written as fast as the client reads
 * it: the upstream side of the tests that check Gatea stops reading (the proof
 * is how much the upstream got onto the wire before Gatea hung up).
 */
import type { ServerResponse } from 'node:http';

/** What the endless answers would send if nobody hung up. */
export const ENDLESS_BYTES = 512 * 1024 * 1024;

/**
 * Writes `total` bytes (spaces: valid in JSON and text) to `res`, which has its
 * status and headers set; resolves with the bytes written when it closes.
 */
export function writeBytes(res: ServerResponse, total = ENDLESS_BYTES): Promise<number> {
  const chunk = Buffer.alloc(64 * 1024, ' ');
  let written = 0;
  return new Promise((resolve) => {
    res.on('close', () => resolve(written));
    const pump = () => {
      while (written < total && !res.destroyed) {
        written += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      if (!res.destroyed) res.end();
    };
    pump();
  });
}
