/**
 * node:http plumbing for the routes served without Hono's Node adapter
 * (`POST /mcp` and the REST tool calls of non-browser clients, see app.ts):
 * request headers behind the `HeaderReader` interface, a capped body read,
 * and writing an answer.
 * The adapter turns every request into a web `Request` and every answer into
 * a stream-backed `Response`; on the hottest routes that was the largest cost
 * of a call (bench/RESULTS.md). Nothing here decides anything: the route's
 * checks are the app's own functions.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type HeaderReader, isResponse, type McpAnswer } from '../mcp/index.js';
import type { BodyRead } from './guards.js';

/** The headers of `req` by lower-case name; repeated headers are joined with ", " as `Headers.get` does. */
export function nodeHeaders(req: IncomingMessage): HeaderReader {
  return {
    get(name) {
      const value = req.headers[name];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

/** A signal aborted when the connection of `res` closes before its answer was written (the client went away). */
export function clientGone(res: ServerResponse): AbortSignal {
  const gone = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) gone.abort(new DOMException('The client closed the connection.', 'AbortError'));
  });
  return gone.signal;
}

/** `req` as a web `Request` without a body (for the SDK transport, which gets the parsed body separately). */
export function webRequestOf(req: IncomingMessage): Request {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string);
  return new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers });
}

const utf8 = new TextDecoder();

/**
 * Reads at most `maxBodyBytes` of the body, as `readBodyCapped` does for web
 * requests: refuses early on a larger Content-Length and stops reading once a
 * chunked body passes the cap (the answer then closes the connection).
 */
export function readNodeBody(req: IncomingMessage, maxBodyBytes: number): Promise<BodyRead> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > maxBodyBytes) return Promise.resolve({ ok: false });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const done = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total <= maxBodyBytes) return void chunks.push(chunk);
      done();
      req.pause();
      resolve({ ok: false });
    };
    const onEnd = () => {
      done();
      // TextDecoder, like the web lane's: a leading byte order mark is dropped, bad bytes become U+FFFD.
      resolve({ ok: true, text: utf8.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total)) });
    };
    const onError = (err: Error) => {
      done();
      reject(err);
    };
    const onClose = () => {
      done();
      reject(new Error('the client closed the connection before sending the whole body'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/**
 * Writes `answer` with `edge` applied to its headers (the headers the app's
 * middleware gives every answer), names sorted as a web `Headers` lists them.
 * A request whose body was not read to the end gets `Connection: close`.
 */
export async function writeAnswer(
  req: IncomingMessage,
  res: ServerResponse,
  answer: McpAnswer,
  edge: (headers: Record<string, string>) => void,
): Promise<void> {
  let status: number;
  let body: string | Uint8Array;
  const headers: Record<string, string> = {};
  if (isResponse(answer)) {
    status = answer.status;
    answer.headers.forEach((value, name) => {
      headers[name] = value;
    });
    body = new Uint8Array(await answer.arrayBuffer());
  } else {
    status = answer.status;
    for (const [name, value] of Object.entries(answer.headers)) headers[name.toLowerCase()] = value;
    body = answer.body;
  }
  edge(headers);
  const sorted: Record<string, string> = {};
  for (const name of Object.keys(headers).sort()) sorted[name] = headers[name] as string;
  if (!req.complete) sorted.connection = 'close';
  sorted['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
  res.writeHead(status, sorted);
  res.end(body);
}
