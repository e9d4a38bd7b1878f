/**
 * The doctor's HTTP: every request has a timeout, redirects are never
 * followed (a redirect is itself a finding, and a token must never travel to
 * another origin), bodies are read up to a cap, and a request that gets no
 * answer becomes a NetworkFailure with a sentence saying why.
 */

/** Bodies larger than this are cut: metadata documents and error pages are small. */
export const MAX_BODY_BYTES = 256 * 1024;

/** How a request got no HTTP answer. */
export type NetworkFailureKind = 'refused' | 'dns' | 'timeout' | 'tls' | 'reset' | 'blocked_port' | 'other';

/** A request that got no HTTP answer at all. */
export class NetworkFailure extends Error {
  constructor(
    readonly kind: NetworkFailureKind,
    /** A sentence naming the address and what happened, e.g. "Nothing is listening at 127.0.0.1:9 (connection refused)". */
    message: string,
  ) {
    super(message);
    this.name = 'NetworkFailure';
  }
}

/** An HTTP answer, read. */
export interface HttpAnswer {
  readonly url: string;
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  readonly json: unknown;
}

/** What the checks use to talk HTTP. */
export interface DoctorHttp {
  request(
    url: string,
    init?: { method?: string; headers?: Record<string, string>; body?: string },
  ): Promise<HttpAnswer>;
  /** A fetch for other clients (the MCP SDK's transport): same timeout, redirects never followed. */
  readonly fetch: typeof fetch;
}

/** The error code inside Node's `fetch failed` (undici puts it on `cause`, sometimes inside an AggregateError). */
function errorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET') return code;
    const errors = (e as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.length > 0) e = errors[0];
    else e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The message of the innermost cause (`fetch failed` says nothing; its cause says e.g. "bad port"). */
function innermostMessage(err: unknown): string {
  let e: unknown = err;
  for (let depth = 0; depth < 4; depth++) {
    const cause = (e as { cause?: unknown } | undefined)?.cause;
    if (!(cause instanceof Error)) break;
    e = cause;
  }
  return e instanceof Error ? e.message : String(e);
}

/** Turns what `fetch` threw into a NetworkFailure naming `url`'s host. */
export function describeNetworkError(err: unknown, url: string): NetworkFailure {
  const host = new URL(url).host;
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError'))
    return new NetworkFailure('timeout', `No answer from ${host} in time (timed out)`);
  const code = errorCode(err) ?? '';
  if (code === 'ECONNREFUSED')
    return new NetworkFailure('refused', `Nothing is listening at ${host} (connection refused)`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new NetworkFailure('dns', `The name ${new URL(url).hostname} does not resolve (DNS: ${code})`);
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT')
    return new NetworkFailure('timeout', `No connection to ${host} in time (a firewall dropping packets?)`);
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code))
    return new NetworkFailure('tls', `The TLS certificate of ${host} is not accepted (${code})`);
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_CLOSED')
    return new NetworkFailure('reset', `${host} closed the connection without answering (${code})`);
  const inner = innermostMessage(err);
  if (inner === 'bad port')
    return new NetworkFailure(
      'blocked_port',
      `Port ${new URL(url).port} is on fetch's list of blocked ports: Node, browsers and MCP clients refuse to connect to it`,
    );
  const what = code || inner;
  return new NetworkFailure('other', `No answer from ${host} (${what})`);
}

async function readCapped(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.byteLength;
    if (total >= MAX_BODY_BYTES) {
      await reader.cancel();
      break;
    }
  }
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(all);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Creates the doctor's HTTP on top of `baseFetch`; throws TypeError when `timeoutMs` cannot work. */
export function createDoctorHttp(baseFetch: typeof fetch, timeoutMs: number): DoctorHttp {
  if (!(timeoutMs > 0)) throw new TypeError('createDoctorHttp needs a positive timeoutMs');
  const guardedFetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return baseFetch(input, { ...init, redirect: 'manual', signal });
  }) as typeof fetch;
  return {
    fetch: guardedFetch,
    async request(url, init = {}) {
      let res: Response;
      try {
        res = await guardedFetch(url, { method: init.method ?? 'GET', headers: init.headers, body: init.body });
      } catch (err) {
        throw describeNetworkError(err, url);
      }
      let text: string;
      try {
        text = await readCapped(res);
      } catch (err) {
        throw describeNetworkError(err, url);
      }
      return { url, status: res.status, headers: res.headers, text, json: parseJson(text) };
    },
  };
}

/** A JSON object from an answer, or undefined when the body is not one. */
export function jsonObject(answer: HttpAnswer): Record<string, unknown> | undefined {
  const j = answer.json;
  return j !== null && typeof j === 'object' && !Array.isArray(j) ? (j as Record<string, unknown>) : undefined;
}

/** Where a redirect answer points, without its query or fragment (they may carry state), or undefined. */
export function redirectTarget(answer: HttpAnswer): string | undefined {
  if (answer.status < 300 || answer.status >= 400) return undefined;
  const location = answer.headers.get('location');
  if (!location) return undefined;
  try {
    const u = new URL(location, answer.url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(an unparsable Location)';
  }
}
