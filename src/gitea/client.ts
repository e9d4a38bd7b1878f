/**
 * The Gitea REST client: one instance is bound to one caller's token
 * (`Authorization: token …`, never the query string, where it would end up in
 * access logs), so tools cannot act as anyone else. Timeouts on every attempt;
 * every answer read up to a size bound, so one huge diff, log or file cannot
 * exhaust the memory every caller shares;
 * bounded retries with backoff for idempotent GETs only (a retried write could
 * apply twice); keep-alive connection reuse through one undici Agent per Gitea,
 * created at the composition root and shared by all callers. Paging follows
 * Gitea's `page`/`limit` (default 30, max 50), `X-Total-Count` and `Link`
 * (reference/gitea-oauth-and-api.md §4.3).
 */
import { Agent, type Dispatcher, request as undiciRequest } from 'undici';
import type { z } from 'zod';
import { errorFromResponse, GiteaError } from './errors.js';
import { type GiteaPath, isGiteaPath } from './path.js';

/** One query parameter value; `undefined` leaves the parameter out. */
export type QueryValue = string | number | boolean | undefined;

/** Query parameters; arrays repeat the key (`?labels=a&labels=b`). */
export type Query = Record<string, QueryValue | readonly string[]>;

/** Options of one request. */
export interface RequestOptions<T = unknown> {
  query?: Query;
  /** JSON body for POST/PUT/PATCH/DELETE. */
  body?: unknown;
  /** `json` (default) parses the body; `text` returns it as a string; `raw` as bytes. */
  accept?: 'json' | 'text' | 'raw';
  /** Parses the JSON answer (network data is checked at the edge); a mismatch is `bad_response`. */
  schema?: z.ZodType<T>;
  /**
   * Asks for part of a file-like answer (`Range`; Gitea serves logs and raw
   * files with http.ServeContent): `length` bytes from `from`, or the last
   * `lastBytes`. Gitea answers 206 with Content-Range, or 200 with all of it
   * where it ignores ranges; 416 (a start past the end) comes back as an empty
   * answer whose Content-Range gives the size.
   */
  range?: { from: number; length: number } | { lastBytes: number };
  signal?: AbortSignal;
}

/** A successful answer. */
export interface GiteaResponse<T> {
  data: T;
  status: number;
  headers: Headers;
}

/** Options of one page request. */
export interface PageOptions<T = unknown> {
  query?: Query;
  /** 1-based page number (default 1). */
  page?: number;
  /** Page size, clamped to 1…GITEA_MAX_PAGE_SIZE (default 30, as Gitea). */
  limit?: number;
  /** Parses each item; a mismatch is `bad_response`. */
  itemSchema?: z.ZodType<T>;
  signal?: AbortSignal;
}

/** One page of a list endpoint. */
export interface GiteaPage<T> {
  items: T[];
  page: number;
  perPage: number;
  /** From `X-Total-Count`, when Gitea sends it. */
  total: number | null;
  /** The next page number when there is one (from `Link`, or from the count). */
  nextPage: number | null;
}

/** The start of a file Gitea serves outside the API. */
export interface GiteaDownload {
  /** At most the requested number of bytes, from the start of the file. */
  data: Uint8Array;
  /** The file's full size, when Gitea says (Content-Range or Content-Length). */
  totalBytes: number | null;
}

/** A client bound to one token. */
export interface GiteaClient {
  /** `path` comes from `giteaPath` only: no caller builds a Gitea URL from text. */
  request<T = unknown>(method: string, path: GiteaPath, opts?: RequestOptions<T>): Promise<GiteaResponse<T>>;
  requestPage<T = unknown>(method: string, path: GiteaPath, opts?: PageOptions<T>): Promise<GiteaPage<T>>;
  /**
   * Fetches the first `maxBytes` of a file Gitea serves outside /api/v1 (an
   * attachment's download URL) with a Range request. The URL must be on this
   * Gitea: the token is never sent anywhere else.
   */
  download(url: string, opts: { maxBytes: number; signal?: AbortSignal }): Promise<GiteaDownload>;
}

/** The subset of a fetch Response the client reads (undici's and the web-standard one both fit). */
export interface FetchResponseLike {
  readonly status: number;
  readonly headers: { forEach(cb: (value: string, name: string) => void): void };
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
  /** The body as chunks; the iterator's `return()` cancels the rest. */
  readonly body: (AsyncIterable<Uint8Array> & { cancel(): Promise<void> }) | null;
}

/** What the client passes to fetch. */
export interface FetchInitLike {
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  signal: AbortSignal;
  dispatcher: Agent | undefined;
  redirect: 'follow';
}

/** A fetch implementation; tests inject one to simulate faults. */
export type GiteaFetch = (url: string, init: FetchInitLike) => Promise<FetchResponseLike>;

/** Options of createGiteaClient; checked when it is called. */
export interface GiteaClientOptions {
  /** Gitea's root URL, e.g. `https://git.example.com` (the API is under /api/v1). */
  baseUrl: string;
  /** The caller's Gitea token (OAuth access token or PAT). */
  token: string;
  /** Per-attempt timeout in milliseconds. */
  timeoutMs: number;
  /** Extra attempts for idempotent GETs on network errors and 502/503/504 (0–5). */
  retries: number;
  /** First backoff delay in milliseconds, doubled per retry (default 100). */
  backoffMs?: number;
  /** The largest answer read, in bytes (default DEFAULT_MAX_RESPONSE_BYTES); a larger one is `too_large`. */
  maxResponseBytes?: number;
  /** Shared connection pool; see createGiteaAgent. Undici's global dispatcher when absent. */
  agent?: Agent;
  /** Replaces undici's fetch (fault-injection tests). */
  fetch?: GiteaFetch;
  /** Told of every attempt: route template (never the filled path), HTTP status or failure code, seconds. */
  observe?: (method: string, route: string, status: number | string, seconds: number) => void;
}

/** Gitea's hard cap on page size (`[api] MAX_RESPONSE_ITEMS`, reference §4.3). */
export const GITEA_MAX_PAGE_SIZE = 50;
/** Gitea's default page size (`[api] DEFAULT_PAGING_NUM`). */
export const GITEA_DEFAULT_PAGE_SIZE = 30;
/**
 * The largest Gitea answer the client reads by default: above what the API
 * sends for the biggest file it returns inline (base64 of `[api]
 * DEFAULT_MAX_BLOB_SIZE`, 10 MiB: 13.4 MiB), far above any page of a list.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
/** Decodes whole bodies as fetch's text() does (a BOM dropped, bad bytes replaced); stateless, so shared. */
const utf8 = new TextDecoder();
/** What is read of an error answer: its message is cut to MAX_MESSAGE_CHARS anyway. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;
const RETRY_STATUSES = new Set([502, 503, 504]);
const IDEMPOTENT = new Set(['GET', 'HEAD']);
const MAX_RETRIES = 5;
const MAX_MESSAGE_CHARS = 500;
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'ETIMEDOUT',
]);

/** One keep-alive connection pool for a Gitea, shared by every caller's client; close it on shutdown. */
export function createGiteaAgent(): Agent {
  return new Agent({ keepAliveTimeout: 30_000, connections: 64 });
}

/** Statuses that redirect (Fetch "redirect status"). */
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Fetch's redirect limit. */
const MAX_REDIRECTS = 20;

/** undici's `request()` answer seen through the slice of a fetch Response the client reads. */
function asFetchResponse(res: Dispatcher.ResponseData): FetchResponseLike {
  return {
    status: res.statusCode,
    headers: {
      forEach(cb) {
        for (const [name, value] of Object.entries(res.headers)) {
          if (Array.isArray(value)) for (const v of value) cb(v, name);
          else if (value !== undefined) cb(value, name);
        }
      },
    },
    text: () => res.body.text(),
    arrayBuffer: () => res.body.arrayBuffer(),
    body: { cancel: () => res.body.dump(), [Symbol.asyncIterator]: () => res.body[Symbol.asyncIterator]() },
  };
}

/**
 * undici `request()` with fetch's redirect rules (Fetch "HTTP-redirect
 * fetch"): about a fifth of fetch's cost per call (reference: bench/RESULTS.md).
 * `request()` follows no redirects itself, so this does, as fetch would:
 * 303 (and 301/302 after a POST) continue as a bodiless GET, only http(s)
 * targets, at most 20 hops — and `Authorization` is dropped as soon as a
 * redirect leaves the origin the request started at, so a compromised or
 * misconfigured Gitea cannot harvest callers' tokens elsewhere.
 */
export const requestFetch: GiteaFetch = async (url, init) => {
  let target = new URL(url);
  const origin = target.origin;
  let method = init.method;
  let body = init.body;
  const headers = { ...init.headers };
  for (let hops = 0; ; hops++) {
    const res = await undiciRequest(target, {
      method,
      headers,
      body,
      signal: init.signal,
      dispatcher: init.dispatcher,
    });
    const location = res.headers.location;
    if (!REDIRECT_STATUSES.has(res.statusCode) || typeof location !== 'string') return asFetchResponse(res);
    await res.body.dump();
    if (hops >= MAX_REDIRECTS) throw new TypeError('fetch failed', { cause: new Error('too many redirects') });
    let next: URL;
    try {
      next = new URL(location, target);
    } catch {
      throw new TypeError('fetch failed', { cause: new Error('redirect to an invalid URL') });
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:')
      throw new TypeError('fetch failed', { cause: new Error('redirect to a non-HTTP URL') });
    if (
      (res.statusCode === 303 && method !== 'HEAD') ||
      ((res.statusCode === 301 || res.statusCode === 302) && method === 'POST')
    ) {
      method = 'GET';
      body = undefined;
      delete headers['Content-Type'];
    }
    if (next.origin !== origin) delete headers.Authorization;
    target = next;
  }
};

const defaultFetch: GiteaFetch = requestFetch;

function buildUrl(apiBase: URL, path: GiteaPath, query: Query | undefined): URL {
  if (!isGiteaPath(path)) throw new TypeError('Gitea API paths must be built with giteaPath()');
  const url = new URL(apiBase.href + path.path);
  // giteaPath refuses everything the URL parser would rewrite; a mismatch here means it let one through.
  if (url.pathname !== apiBase.pathname + path.path)
    throw new TypeError(`Gitea API path was rewritten by URL parsing: ${path.template}`);
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined) continue;
    if (typeof v === 'object') for (const item of v) url.searchParams.append(k, item);
    else url.searchParams.set(k, String(v));
  }
  return url;
}

/** The `page` of the `rel="next"` entry of a Link header. */
export function nextPageFromLink(link: string | null): number | null {
  const next = link?.split(',').find((part) => /;\s*rel="?next"?/.test(part));
  const m = next ? /[?&]page=(\d+)/.exec(next) : null;
  return m ? Number(m[1]) : null;
}

/**
 * At most `limit` bytes of a response body, and whether that was all of it;
 * the rest is never read (the stream is cancelled). Every answer Gatea reads
 * from Gitea, or from a client's metadata URL, goes through it.
 */
export async function readUpTo(
  stream: AsyncIterable<Uint8Array> | null,
  limit: number,
): Promise<{ bytes: Uint8Array; complete: boolean }> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const joined = () => {
    // Most answers arrive in one chunk: no copy.
    if (chunks.length === 1) return chunks[0] as Uint8Array;
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.byteLength;
    }
    return bytes;
  };
  const body = stream?.[Symbol.asyncIterator]();
  while (body) {
    const next = await body.next();
    if (next.done) break;
    const chunk = next.value;
    if (size + chunk.byteLength > limit) {
      chunks.push(chunk.subarray(0, limit - size));
      size = limit;
      // Not awaited: cancelling one branch of a teed stream waits for the other.
      body.return?.().catch(() => undefined);
      return { bytes: joined(), complete: false };
    }
    chunks.push(chunk);
    size += chunk.byteLength;
  }
  return { bytes: joined(), complete: true };
}

/** A Content-Range (`bytes a-b/size`, or `bytes *\/size` on a 416): the first byte sent, and the full size. */
export function parseContentRange(value: string | null): { start: number | null; size: number } | null {
  const m = value === null ? null : /^bytes (?:(\d+)-\S*|\*)\/(\d+)$/.exec(value.trim());
  if (!m) return null;
  return { start: m[1] === undefined ? null : Number(m[1]), size: Number(m[2]) };
}

/** The `Range` header for RequestOptions.range, checked: a bad range is a bug in the caller. */
function rangeHeader(range: RequestOptions['range']): Record<string, string> {
  if (!range) return {};
  const whole = (n: number) => Number.isSafeInteger(n) && n >= 0;
  if ('lastBytes' in range) {
    if (!whole(range.lastBytes) || range.lastBytes === 0)
      throw new TypeError('range.lastBytes must be a positive whole number');
    return { Range: `bytes=-${range.lastBytes}` };
  }
  if (!whole(range.from) || !whole(range.length) || range.length === 0)
    throw new TypeError('range.from must be a whole number and range.length a positive one');
  return { Range: `bytes=${range.from}-${range.from + range.length - 1}` };
}

async function readMessage(res: FetchResponseLike): Promise<string | undefined> {
  const text = await readUpTo(res.body, MAX_ERROR_BODY_BYTES).then(
    ({ bytes }) => utf8.decode(bytes),
    () => '',
  );
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string')
      return body.message.slice(0, MAX_MESSAGE_CHARS);
  } catch {
    // Not JSON (a proxy's HTML page, say): keep a bounded excerpt.
  }
  return text.slice(0, MAX_MESSAGE_CHARS) || undefined;
}

function errorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    if (typeof e !== 'object') return undefined;
    if ('code' in e && typeof e.code === 'string' && CONNECTION_CODES.has(e.code)) return e.code;
    e = 'cause' in e ? e.cause : undefined;
  }
  return undefined;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function checkOptions(opts: Omit<GiteaClientOptions, 'token'>, apiPath: string): URL {
  let base: URL;
  try {
    base = new URL(opts.baseUrl);
  } catch {
    throw new TypeError(`Gitea URL is not a URL: ${opts.baseUrl}`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new TypeError('Gitea URL must be http(s)');
  if (!(opts.timeoutMs > 0)) throw new TypeError('timeoutMs must be positive');
  if (!Number.isInteger(opts.retries) || opts.retries < 0 || opts.retries > MAX_RETRIES)
    throw new TypeError(`retries must be a whole number from 0 to ${MAX_RETRIES}`);
  if (
    opts.maxResponseBytes !== undefined &&
    !(Number.isSafeInteger(opts.maxResponseBytes) && opts.maxResponseBytes > 0)
  )
    throw new TypeError('maxResponseBytes must be a positive whole number');
  return new URL(`${base.origin}${base.pathname.replace(/\/+$/, '')}${apiPath}`);
}

/** Creates a client for one caller. Options are checked here, so misconfiguration fails at start-up. */
export function createGiteaClient(opts: GiteaClientOptions): GiteaClient {
  if (!opts.token) throw new TypeError('a Gitea client needs a token: there is no anonymous or shared fallback');
  if (/\s/.test(opts.token)) throw new TypeError('a Gitea token cannot contain whitespace');
  return buildClient(opts, '/api/v1', `token ${opts.token}`);
}

/**
 * A client without credentials under `apiPath`, for the few public endpoints
 * (`/version`, Forgejo's `/api/forgejo/v1/version`) probed before any caller
 * exists. Not exported from the module: tools always act as a caller.
 */
export function createAnonymousClient(opts: Omit<GiteaClientOptions, 'token'>, apiPath: string): GiteaClient {
  return buildClient(opts, apiPath, null);
}

function buildClient(opts: Omit<GiteaClientOptions, 'token'>, apiPath: string, authorization: string | null) {
  const apiBase = checkOptions(opts, apiPath);
  // Without an agent, undici's process-wide dispatcher pools connections; a private Agent per client would leak sockets.
  const agent = opts.agent;
  const doFetch = opts.fetch ?? defaultFetch;
  const backoffMs = opts.backoffMs ?? 100;
  const maxResponseBytes = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;

  /**
   * One attempt, timed for `observe`. The caller reads the body and then calls
   * `done`, which stops the attempt's deadline (it covers the body too).
   */
  async function attempt(
    method: string,
    url: URL,
    path: string,
    route: string,
    o: RequestOptions<unknown>,
    extraHeaders: Record<string, string> = {},
  ): Promise<Attempt> {
    if (!opts.observe) return send(method, url, path, o, extraHeaders);
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const sent = await send(method, url, path, o, extraHeaders);
      opts.observe(method, route, sent.res.status, seconds());
      return sent;
    } catch (err) {
      opts.observe(method, route, err instanceof GiteaError ? err.code : 'aborted', seconds());
      throw err;
    }
  }

  /** Sends one request; network failures become GiteaErrors, a caller's abort propagates as is. */
  async function send(
    method: string,
    url: URL,
    path: string,
    o: RequestOptions<unknown>,
    extraHeaders: Record<string, string>,
  ): Promise<Attempt> {
    // One controller and one timer per attempt: AbortSignal.timeout and AbortSignal.any cost more per call.
    const deadline = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      deadline.abort(new DOMException(`no answer within ${opts.timeoutMs} ms`, 'TimeoutError'));
    }, opts.timeoutMs);
    const callerAborted = () => deadline.abort(o.signal?.reason);
    if (o.signal?.aborted) callerAborted();
    else o.signal?.addEventListener('abort', callerAborted, { once: true });
    const done = () => {
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', callerAborted);
    };
    const timeoutError = (cause: unknown) =>
      new GiteaError({ code: 'timeout', method, path, giteaMessage: `no answer within ${opts.timeoutMs} ms`, cause });
    const headers: Record<string, string> = { Accept: 'application/json', ...extraHeaders };
    if (authorization) headers.Authorization = authorization;
    if (o.body !== undefined) headers['Content-Type'] = 'application/json';
    try {
      // The default fetch (requestFetch) drops Authorization on a cross-origin redirect, so following
      // Gitea's same-site redirects (renamed repositories) cannot leak the token elsewhere.
      const res = await doFetch(url.href, {
        method,
        headers,
        body: o.body === undefined ? undefined : JSON.stringify(o.body),
        signal: deadline.signal,
        dispatcher: agent,
        redirect: 'follow',
      });
      return { res, done, bodyFailure: (err) => (timedOut && !o.signal?.aborted ? timeoutError(err) : err) };
    } catch (err) {
      done();
      if (o.signal?.aborted) throw err;
      if (timedOut) throw timeoutError(err);
      const code = errorCode(err);
      // undici reports every connection failure as TypeError("fetch failed") with the cause beneath.
      if (code || (err instanceof TypeError && err.message === 'fetch failed'))
        throw new GiteaError({
          code: 'unreachable',
          method,
          path,
          giteaMessage: code ?? 'connection failed',
          cause: err,
        });
      throw err;
    }
  }

  /** The body as text (bytes with `raw`); one above maxResponseBytes is `too_large`, and the rest is not read. */
  async function boundedBody(
    res: FetchResponseLike,
    headers: Headers,
    method: string,
    path: string,
    raw: boolean,
  ): Promise<string | Uint8Array> {
    const tooLarge = (size: string) =>
      new GiteaError({
        code: 'too_large',
        status: res.status,
        method,
        path,
        giteaMessage: `the answer is ${size} bytes; Gatea reads at most ${maxResponseBytes} bytes of one`,
      });
    const length = method === 'HEAD' ? null : headers.get('content-length');
    if (length !== null && /^\d+$/.test(length)) {
      if (Number(length) > maxResponseBytes) {
        res.body?.cancel().catch(() => undefined);
        throw tooLarge(length);
      }
      // A declared length bounds the body (undici stops at it), so the cheaper whole-body readers are safe.
      return raw ? new Uint8Array(await res.arrayBuffer()) : res.text();
    }
    const { bytes, complete } = await readUpTo(res.body, maxResponseBytes);
    if (!complete) throw tooLarge(`more than ${maxResponseBytes}`);
    return raw ? bytes : utf8.decode(bytes);
  }

  async function decode<T>(
    res: FetchResponseLike,
    headers: Headers,
    method: string,
    path: string,
    o: RequestOptions<T>,
  ): Promise<T> {
    const body = await boundedBody(res, headers, method, path, o.accept === 'raw');
    if (o.accept === 'text' || o.accept === 'raw') return body as T;
    const text = body as string;
    let data: unknown;
    try {
      data = text === '' || res.status === 204 ? undefined : JSON.parse(text);
    } catch {
      throw new GiteaError({ code: 'bad_response', status: res.status, method, path, giteaMessage: 'not valid JSON' });
    }
    if (!o.schema) return data as T;
    const parsed = o.schema.safeParse(data);
    if (!parsed.success) {
      const where = parsed.error.issues[0]?.path.join('.') || '(root)';
      const giteaMessage = `unexpected shape at ${where}`;
      throw new GiteaError({ code: 'bad_response', status: res.status, method, path, giteaMessage });
    }
    return parsed.data;
  }

  async function request<T>(method: string, target: GiteaPath, o: RequestOptions<T> = {}): Promise<GiteaResponse<T>> {
    const verb = method.toUpperCase();
    const url = buildUrl(apiBase, target, o.query);
    const path = target.path;
    const rangeHeaders = rangeHeader(o.range);
    // Only idempotent reads are retried: a write that timed out may still have been applied.
    const attempts = IDEMPOTENT.has(verb) ? 1 + opts.retries : 1;
    for (let i = 0; ; i++) {
      const last = i + 1 >= attempts;
      let sent: Attempt;
      try {
        sent = await attempt(verb, url, path, target.template, o, rangeHeaders);
      } catch (err) {
        // A timeout is not retried: a slow Gitea gets slower under repeated load.
        if (last || !(err instanceof GiteaError && err.code === 'unreachable')) throw err;
        await sleep(backoffMs * 2 ** i, o.signal);
        continue;
      }
      const { res, done } = sent;
      try {
        if (RETRY_STATUSES.has(res.status) && !last) {
          // Free the connection; not awaited, a stream's cancel may wait on other readers.
          res.body?.cancel().catch(() => undefined);
          done();
          await sleep(backoffMs * 2 ** i, o.signal);
          continue;
        }
        const headers = new Headers();
        res.headers.forEach((value, name) => {
          headers.append(name, value);
        });
        if (res.status === 416 && o.range) {
          res.body?.cancel().catch(() => undefined);
          const empty = o.accept === 'raw' ? new Uint8Array(0) : o.accept === 'text' ? '' : undefined;
          return { data: empty as T, status: res.status, headers };
        }
        if (res.status >= 400) throw errorFromResponse(res.status, verb, path, await readMessage(res));
        return { data: await decode(res, headers, verb, path, o), status: res.status, headers };
      } catch (err) {
        throw sent.bodyFailure(err);
      } finally {
        done();
      }
    }
  }

  async function requestPage<T>(method: string, target: GiteaPath, o: PageOptions<T> = {}): Promise<GiteaPage<T>> {
    const page = Math.max(1, Math.floor(o.page ?? 1));
    const perPage = Math.min(GITEA_MAX_PAGE_SIZE, Math.max(1, Math.floor(o.limit ?? GITEA_DEFAULT_PAGE_SIZE)));
    const query = { ...o.query, page, limit: perPage };
    const res = await request<unknown>(method, target, { query, signal: o.signal });
    const path = target.path;
    if (!Array.isArray(res.data))
      throw new GiteaError({
        code: 'bad_response',
        status: res.status,
        method: method.toUpperCase(),
        path,
        giteaMessage: 'expected a JSON array',
      });
    const items = o.itemSchema ? parseItems(res.data, o.itemSchema, method, path, res.status) : (res.data as T[]);
    const totalHeader = res.headers.get('x-total-count');
    const total = totalHeader !== null && /^\d+$/.test(totalHeader) ? Number(totalHeader) : null;
    const fromLink = nextPageFromLink(res.headers.get('link'));
    // Without Link, a full page means there may be more; with a count, the count decides.
    const guessed =
      total !== null ? (page * perPage < total ? page + 1 : null) : items.length === perPage ? page + 1 : null;
    return { items, page, perPage, total, nextPage: fromLink ?? guessed };
  }

  /** Gitea's root (origin plus any sub-path), which downloads must stay under. */
  const root = new URL(`${apiBase.href.slice(0, apiBase.href.length - apiPath.length)}/`);

  async function download(rawUrl: string, o: { maxBytes: number; signal?: AbortSignal }): Promise<GiteaDownload> {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      url = new URL('invalid:');
    }
    const path = url.pathname;
    if (url.origin !== root.origin || !path.startsWith(root.pathname) || path.startsWith(apiBase.pathname))
      throw new GiteaError({
        code: 'off_site_url',
        method: 'GET',
        path,
        giteaMessage: `${url.origin} is not GITEA_URL`,
      });
    const maxBytes = Math.max(1, Math.floor(o.maxBytes));
    const sent = await attempt(
      'GET',
      url,
      path,
      '(download)',
      { signal: o.signal },
      { Range: `bytes=0-${maxBytes - 1}` },
    );
    const { res } = sent;
    let data: Uint8Array;
    try {
      // 416: the range starts past the end, i.e. the file is empty.
      if (res.status === 416) return { data: new Uint8Array(0), totalBytes: 0 };
      if (res.status >= 400) throw errorFromResponse(res.status, 'GET', path, await readMessage(res));
      // Read no further than asked, whether or not Gitea honoured the Range.
      data = (await readUpTo(res.body, maxBytes)).bytes;
    } catch (err) {
      throw sent.bodyFailure(err);
    } finally {
      sent.done();
    }
    let totalBytes: number | null = null;
    res.headers.forEach((value, name) => {
      const lower = name.toLowerCase();
      if (lower === 'content-range') totalBytes = parseContentRange(value)?.size ?? null;
      else if (lower === 'content-length' && res.status === 200 && /^\d+$/.test(value)) totalBytes = Number(value);
    });
    return { data, totalBytes };
  }

  const client: GiteaClient = { request, requestPage, download };
  return client;
}

/** A response whose body the caller reads, then calls `done`. */
interface Attempt {
  readonly res: FetchResponseLike;
  readonly done: () => void;
  /** What to throw for `err` from reading the body: a GiteaError `timeout` when the deadline cut it. */
  readonly bodyFailure: (err: unknown) => unknown;
}

function parseItems<T>(data: unknown[], schema: z.ZodType<T>, method: string, path: string, status: number): T[] {
  return data.map((item, i) => {
    const parsed = schema.safeParse(item);
    if (parsed.success) return parsed.data;
    throw new GiteaError({
      code: 'bad_response',
      status,
      method: method.toUpperCase(),
      path,
      giteaMessage: `item ${i} has an unexpected shape`,
    });
  });
}
