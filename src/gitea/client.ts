/**
 * The Gitea REST client: one instance is bound to one caller's token
 * (`Authorization: token …`, never the query string), so tools cannot act as
 * anyone else. Timeouts on every call; bounded retries with backoff for
 * idempotent GETs only; keep-alive connection reuse through one undici Agent
 * per Gitea, shared by all callers. Paging follows Gitea's `page`/`limit`
 * (default 30, max 50), `X-Total-Count` and `Link` (reference §4.3).
 */
import { Agent, fetch as undiciFetch } from 'undici';
import { errorFromResponse, GiteaError } from './errors.js';

export type QueryValue = string | number | boolean | undefined;

export interface RequestOptions {
  query?: Record<string, QueryValue | readonly string[]>;
  /** JSON body for POST/PUT/PATCH/DELETE. */
  body?: unknown;
  /** `json` (default) parses the body; `text` returns it as a string; `raw` as bytes. */
  accept?: 'json' | 'text' | 'raw';
  signal?: AbortSignal;
}

export interface GiteaResponse<T> {
  data: T;
  status: number;
  headers: Headers;
}

export interface PageOptions {
  query?: Record<string, QueryValue | readonly string[]>;
  page?: number;
  limit?: number;
  signal?: AbortSignal;
}

export interface GiteaPage<T> {
  items: T[];
  page: number;
  perPage: number;
  /** From `X-Total-Count`, when Gitea sends it. */
  total: number | null;
  /** The next page number when there is one (from `Link`, or from the count). */
  nextPage: number | null;
}

/** A client bound to one token. */
export interface GiteaClient {
  request<T = unknown>(method: string, path: string, opts?: RequestOptions): Promise<GiteaResponse<T>>;
  requestPage<T = unknown>(method: string, path: string, opts?: PageOptions): Promise<GiteaPage<T>>;
}

export interface GiteaClientOptions {
  /** Gitea's root URL, e.g. `https://git.example.com` (the API is under /api/v1). */
  baseUrl: string;
  /** The caller's Gitea token (OAuth access token or PAT). */
  token: string;
  /** Per-attempt timeout in milliseconds. */
  timeoutMs: number;
  /** Extra attempts for idempotent GETs on network errors and 502/503/504. */
  retries: number;
  /** Shared connection pool; see createGiteaAgent. A private one is made when absent. */
  agent?: Agent;
}

/** Gitea's hard cap on page size (`[api] MAX_RESPONSE_ITEMS`). */
export const GITEA_MAX_PAGE_SIZE = 50;
const RETRY_STATUSES = new Set([502, 503, 504]);
const RETRY_BASE_DELAY_MS = 100;

/** One keep-alive connection pool for a Gitea, shared by every caller's client. */
export function createGiteaAgent(): Agent {
  return new Agent({ keepAliveTimeout: 30_000, connections: 64 });
}

function buildUrl(apiBase: string, path: string, query: RequestOptions['query']): string {
  if (!path.startsWith('/')) throw new TypeError(`Gitea API path must start with "/": ${path}`);
  const url = new URL(apiBase + path);
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const item of v) url.searchParams.append(k, item);
    else url.searchParams.set(k, String(v));
  }
  return url.toString();
}

function nextFromLink(link: string | null): number | null {
  const next = link?.split(',').find((part) => /rel="next"/.test(part));
  const m = next && /[?&]page=(\d+)/.exec(next);
  return m ? Number(m[1]) : null;
}

async function readMessage(res: { text(): Promise<string> }): Promise<string | undefined> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { message?: unknown };
    return typeof body.message === 'string' ? body.message : text.slice(0, 500);
  } catch {
    return text.slice(0, 500) || undefined;
  }
}

function isConnectionError(err: unknown): boolean {
  const cause = (err as { cause?: { code?: string } } | null)?.cause;
  return (
    err instanceof TypeError ||
    ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_SOCKET'].includes(cause?.code ?? '')
  );
}

/** Creates a client for one caller. Options are checked here, so misconfiguration fails at start-up. */
export function createGiteaClient(opts: GiteaClientOptions): GiteaClient {
  const base = new URL(opts.baseUrl);
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new TypeError('Gitea URL must be http(s)');
  if (!opts.token) throw new TypeError('a Gitea client needs a token: there is no anonymous or shared fallback');
  if (!(opts.timeoutMs > 0)) throw new TypeError('timeoutMs must be positive');
  const apiBase = `${base.origin}${base.pathname.replace(/\/+$/, '')}/api/v1`;
  const agent = opts.agent ?? createGiteaAgent();
  const authorization = `token ${opts.token}`;

  async function attempt(method: string, url: string, path: string, o: RequestOptions) {
    const timeout = AbortSignal.timeout(opts.timeoutMs);
    const signal = o.signal ? AbortSignal.any([o.signal, timeout]) : timeout;
    const headers: Record<string, string> = { Authorization: authorization, Accept: 'application/json' };
    if (o.body !== undefined) headers['Content-Type'] = 'application/json';
    try {
      return await undiciFetch(url, {
        method,
        headers,
        body: o.body === undefined ? undefined : JSON.stringify(o.body),
        signal,
        dispatcher: agent,
        redirect: 'follow',
      });
    } catch (err) {
      if (o.signal?.aborted) throw err;
      if (timeout.aborted)
        throw new GiteaError('timeout', undefined, method, path, `no answer within ${opts.timeoutMs} ms`);
      if (isConnectionError(err)) throw new GiteaError('unreachable', undefined, method, path, (err as Error).message);
      throw err;
    }
  }

  async function request<T>(method: string, path: string, o: RequestOptions = {}): Promise<GiteaResponse<T>> {
    const url = buildUrl(apiBase, path, o.query);
    const attempts = method === 'GET' ? 1 + Math.max(0, opts.retries) : 1;
    for (let i = 0; ; i++) {
      let res: Awaited<ReturnType<typeof attempt>>;
      try {
        res = await attempt(method, url, path, o);
      } catch (err) {
        const retryable = err instanceof GiteaError && (err.code === 'unreachable' || err.code === 'timeout');
        if (!retryable || i + 1 >= attempts) throw err;
        await new Promise((r) => setTimeout(r, RETRY_BASE_DELAY_MS * 2 ** i));
        continue;
      }
      if (RETRY_STATUSES.has(res.status) && i + 1 < attempts) {
        await res.body?.cancel();
        await new Promise((r) => setTimeout(r, RETRY_BASE_DELAY_MS * 2 ** i));
        continue;
      }
      const headers = new Headers();
      res.headers.forEach((value, name) => {
        headers.append(name, value);
      });
      if (res.status >= 400) throw errorFromResponse(res.status, method, path, await readMessage(res));
      if (o.accept === 'text') return { data: (await res.text()) as T, status: res.status, headers };
      if (o.accept === 'raw')
        return { data: new Uint8Array(await res.arrayBuffer()) as T, status: res.status, headers };
      const text = await res.text();
      if (text === '' || res.status === 204) return { data: undefined as T, status: res.status, headers };
      try {
        return { data: JSON.parse(text) as T, status: res.status, headers };
      } catch {
        throw new GiteaError('bad_response', res.status, method, path, 'the answer is not valid JSON');
      }
    }
  }

  async function requestPage<T>(method: string, path: string, o: PageOptions = {}): Promise<GiteaPage<T>> {
    const page = Math.max(1, Math.floor(o.page ?? 1));
    const perPage = Math.min(GITEA_MAX_PAGE_SIZE, Math.max(1, Math.floor(o.limit ?? 30)));
    const res = await request<unknown>(method, path, { query: { ...o.query, page, limit: perPage }, signal: o.signal });
    if (!Array.isArray(res.data))
      throw new GiteaError('bad_response', res.status, method, path, 'expected a JSON array');
    const totalHeader = res.headers.get('x-total-count');
    const total = totalHeader !== null && /^\d+$/.test(totalHeader) ? Number(totalHeader) : null;
    const fromLink = nextFromLink(res.headers.get('link'));
    const nextPage =
      fromLink ??
      (total !== null ? (page * perPage < total ? page + 1 : null) : res.data.length === perPage ? page + 1 : null);
    return { items: res.data as T[], page, perPage, total, nextPage };
  }

  return { request, requestPage };
}
