/**
 * get_job_log's window over Gitea's answer to a ranged request: 206 with the
 * part asked for, 200 with the whole log (a Gitea or proxy that ignores
 * Range), 416 past the end. Offsets are bytes of the stored log; a window
 * never cuts a character, ends at a line end when it holds one, and the tail
 * starts at a line.
 */
import { describe, expect, it } from 'vitest';
import type { GiteaResponse } from '../../../src/gitea/index.js';
import { logWindow } from '../../../src/tools/actions-runs.js';

const MAX = 32 * 1024;

/** Gitea's answer for `log` to a request for bytes [start, end) (Go's http.ServeContent). */
function partial(log: Buffer, start: number, end: number): GiteaResponse<Uint8Array> {
  const headers = new Headers({ 'content-range': `bytes ${start}-${end - 1}/${log.length}` });
  return { data: log.subarray(start, end), status: 206, headers };
}
const whole = (log: Buffer): GiteaResponse<Uint8Array> => ({ data: log, status: 200, headers: new Headers() });
const lines = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => `line ${i}\n`).join(''));

describe('logWindow', () => {
  it('shows the tail from the first whole line, and the same when Gitea sent the whole log', () => {
    const log = lines(10_000);
    const tail = logWindow(partial(log, log.length - MAX, log.length), undefined);
    const start = log.indexOf(0x0a, log.length - MAX) + 1;
    expect(tail).toMatchObject({ fromOffset: start, nextOffset: null, logBytes: log.length });
    expect(tail.log).toBe(log.subarray(start).toString());
    expect(tail.note).toBe(`Bytes before ${start} are not shown: call again with logOffset=0 (or any earlier offset).`);
    expect(logWindow(whole(log), undefined)).toEqual(tail);
  });

  it('keeps a tail that starts at a line when the byte before it came along', () => {
    const log = Buffer.from(`${'x'.repeat(99)}\n${'\n'.padStart(16, 'y').repeat(MAX / 16)}`);
    const tail = logWindow(partial(log, log.length - MAX - 1, log.length), undefined);
    expect(tail).toMatchObject({ fromOffset: log.length - MAX, log: log.subarray(log.length - MAX).toString() });
  });

  it('pages from an offset, ending at a line end, and the next page continues exactly there', () => {
    const log = lines(10_000);
    const first = logWindow(partial(log, 0, MAX), 0);
    expect(first.fromOffset).toBe(0);
    const next = first.nextOffset as number;
    expect(log[next - 1]).toBe(0x0a);
    expect(first.log).toBe(log.subarray(0, next).toString());
    expect(first.note).toBe(`More follows: call again with logOffset=${next}.`);
    expect(logWindow(whole(log), 0)).toEqual(first);
    const second = logWindow(partial(log, next, next + MAX), next);
    expect(second.fromOffset).toBe(next);
    expect(String(second.log).startsWith(`line ${String(first.log).split('\n').length - 1}\n`)).toBe(true);
  });

  it('never cuts a character: an offset inside one starts after it, a window without a line end stops before a cut one', () => {
    // One long line of 3-byte characters: no line end anywhere.
    const log = Buffer.from('€'.repeat(20_000));
    const inside = logWindow(partial(log, 1, 1 + MAX), 1);
    expect(inside.fromOffset).toBe(3);
    const end = inside.nextOffset as number;
    expect(end % 3).toBe(0);
    expect(inside.log).toBe('€'.repeat((end - 3) / 3));
    const tail = logWindow(partial(log, log.length - MAX, log.length), undefined);
    expect((tail.fromOffset as number) % 3).toBe(0);
    expect(String(tail.log)).not.toContain('\uFFFD');
  });

  it('says so when logOffset is past the end (416), and shows an empty log as empty', () => {
    const past = logWindow(
      { data: new Uint8Array(0), status: 416, headers: new Headers({ 'content-range': 'bytes */120' }) },
      500,
    );
    expect(past).toMatchObject({ log: '', logBytes: 120, fromOffset: 120, nextOffset: null });
    expect(past.note).toBe(
      'The log has 120 bytes, so logOffset=500 is past its end; leave logOffset out to read its tail.',
    );
    const empty = logWindow(
      { data: new Uint8Array(0), status: 206, headers: new Headers({ 'content-range': 'bytes 0--1/0' }) },
      undefined,
    );
    expect(empty).toMatchObject({ log: '', logBytes: 0, fromOffset: 0, nextOffset: null, note: undefined });
  });

  it('removes hidden control characters (terminal escapes) from what it shows', () => {
    const log = Buffer.from('\u001b[31mred\u001b[0m\n');
    expect(logWindow(whole(log), undefined).log).toBe('[31mred[0m\n');
  });
});
