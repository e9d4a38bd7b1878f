/**
 * Go's http.ServeContent for one byte range, as Gitea serves attachments and
 * job logs (services/context/base.go ServeContent; net/http/fs.go parseRange):
 * no Range, the whole content (200); `bytes=a-b` and `bytes=a-` from `a`, the
 * end clamped to the content (206 with Content-Range); `bytes=-n` the last `n`
 * bytes, all of them when `n` is larger (206); a start at or past the end 416
 * with `Content-Range: bytes *\/size`; a malformed range 416 without it.
 * Several ranges (multipart answers) are not simulated: Gatea asks for one.
 */
import type { Context } from 'hono';
import type { SimEnv } from '../context.js';

export function serveContent(c: Context<SimEnv>, content: Uint8Array, headers: Record<string, string>): Response {
  const size = content.length;
  const all = { ...headers, 'Accept-Ranges': 'bytes' };
  const header = c.req.header('Range');
  if (header === undefined) return c.body(new Uint8Array(content), 200, { ...all, 'Content-Length': String(size) });
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return refuse(c, 'invalid range');
  let start: number;
  let end: number;
  if (m[1] === '') {
    // `bytes=-n`: the last n bytes.
    start = size - Math.min(Number(m[2]), size);
    end = size - 1;
  } else {
    start = Number(m[1]);
    if (start >= size) return refuse(c, 'invalid range: failed to overlap', { 'Content-Range': `bytes */${size}` });
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
    if (end < start) return refuse(c, 'invalid range');
  }
  return c.body(new Uint8Array(content.subarray(start, end + 1)), 206, {
    ...all,
    'Content-Range': `bytes ${start}-${end}/${size}`,
    'Content-Length': String(end - start + 1),
  });
}

/** http.Error's 416: the reason as plain text. */
function refuse(c: Context<SimEnv>, reason: string, headers: Record<string, string> = {}): Response {
  return c.body(`${reason}\n`, 416, {
    ...headers,
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
  });
}
