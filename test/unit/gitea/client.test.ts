/**
 * The client's own behaviour with an injected fetch (faults only: the real
 * HTTP path is covered against the simulator in test/integration).
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createGiteaClient,
  type FetchInitLike,
  type GiteaClientOptions,
  GiteaError,
  type GiteaFetch,
  type GiteaPath,
  giteaPath,
} from '../../../src/gitea/index.js';

interface Call {
  url: string;
  init: FetchInitLike;
}

type Step = Response | Error | 'hang';

/** A fetch that answers from a script, one step per call, and records each call. */
function scripted(...steps: Step[]): { fetch: GiteaFetch; calls: Call[] } {
  const calls: Call[] = [];
  const fetch: GiteaFetch = (url, init) => {
    calls.push({ url, init });
    const step = steps.length > 1 ? steps.shift() : steps[0];
    if (step === 'hang')
      return new Promise((_resolve, reject) => {
        init.signal.addEventListener('abort', () => reject(init.signal.reason), { once: true });
      });
    if (step instanceof Error) return Promise.reject(step);
    if (!step) throw new Error('script exhausted');
    return Promise.resolve(step.clone());
  };
  return { fetch, calls };
}

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

function client(fetch: GiteaFetch, extra: Partial<GiteaClientOptions> = {}) {
  return createGiteaClient({
    baseUrl: 'https://git.example.com/',
    token: 'tok123',
    timeoutMs: 1000,
    retries: 2,
    backoffMs: 0,
    fetch,
    ...extra,
  });
}

function connectionReset(): Error {
  return new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
}

async function failure(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e,
  );
}

async function giteaFailure(p: Promise<unknown>): Promise<GiteaError> {
  const err = await failure(p);
  if (!(err instanceof GiteaError)) throw new Error(`expected a GiteaError, got ${String(err)}`);
  return err;
}

describe('createGiteaClient requests', () => {
  it('sends the token only in the Authorization header, builds the URL and the JSON body', async () => {
    const { fetch, calls } = scripted(json({ id: 1 }, 201));
    const res = await client(fetch, { baseUrl: 'https://git.example.com/gitea/' }).request(
      'POST',
      giteaPath('/user/repos'),
      {
        body: { name: 'x' },
        query: { labels: ['a', 'b'], page: 2, skip: undefined },
      },
    );
    expect(res).toMatchObject({ data: { id: 1 }, status: 201 });
    const [call] = calls;
    expect(call?.url).toBe('https://git.example.com/gitea/api/v1/user/repos?labels=a&labels=b&page=2');
    expect(call?.url).not.toContain('tok123');
    expect(call?.init.headers).toEqual({
      Authorization: 'token tok123',
      Accept: 'application/json',
      'Content-Type': 'application/json',
    });
    expect(call?.init.body).toBe('{"name":"x"}');
  });

  it('returns text and raw bodies, and undefined for 204', async () => {
    const { fetch } = scripted(
      new Response('line 1\n'),
      new Response(new Uint8Array([0, 255])),
      new Response(null, { status: 204 }),
    );
    const c = client(fetch);
    expect((await c.request('GET', giteaPath('/raw'), { accept: 'text' })).data).toBe('line 1\n');
    expect((await c.request('GET', giteaPath('/raw'), { accept: 'raw' })).data).toEqual(new Uint8Array([0, 255]));
    expect((await c.request('DELETE', giteaPath('/x'))).data).toBeUndefined();
  });

  it('asks for a byte range, and returns a 416 to a range as an empty answer with its Content-Range', async () => {
    const { fetch, calls } = scripted(
      new Response('abc', { status: 206, headers: { 'content-range': 'bytes 5-7/100' } }),
      new Response('abc', { status: 206, headers: { 'content-range': 'bytes 97-99/100' } }),
      new Response('invalid range: failed to overlap\n', { status: 416, headers: { 'content-range': 'bytes */100' } }),
    );
    const c = client(fetch);
    const part = await c.request('GET', giteaPath('/log'), { accept: 'text', range: { from: 5, length: 3 } });
    expect([part.status, part.data]).toEqual([206, 'abc']);
    await c.request('GET', giteaPath('/log'), { accept: 'raw', range: { lastBytes: 3 } });
    const past = await c.request('GET', giteaPath('/log'), { accept: 'raw', range: { from: 200, length: 3 } });
    expect([past.status, past.data, past.headers.get('content-range')]).toEqual([
      416,
      new Uint8Array(0),
      'bytes */100',
    ]);
    expect(calls.map((call) => call.init.headers.Range)).toEqual(['bytes=5-7', 'bytes=-3', 'bytes=200-202']);
    for (const range of [{ from: -1, length: 3 }, { from: 0, length: 0 }, { lastBytes: 0 }, { lastBytes: 1.5 }])
      await expect(c.request('GET', giteaPath('/log'), { range })).rejects.toThrow(/range/);
    expect(calls).toHaveLength(3);
  });

  it('takes only paths made by giteaPath, never text', async () => {
    const { fetch, calls } = scripted(json({}));
    const text = '/repos/a/../../../admin' as unknown as GiteaPath;
    await expect(client(fetch).request('GET', text)).rejects.toThrow(/giteaPath/);
    await expect(client(fetch).requestPage('GET', text)).rejects.toThrow(/giteaPath/);
    expect(calls).toHaveLength(0);
  });

  it('parses with a schema at the edge: a mismatch is bad_response, malformed JSON too', async () => {
    const schema = z.object({ version: z.string() });
    const ok = client(scripted(json({ version: '1.25.0' })).fetch);
    expect((await ok.request('GET', giteaPath('/version'), { schema })).data.version).toBe('1.25.0');
    const wrong = await giteaFailure(
      client(scripted(json({ version: 7 })).fetch).request('GET', giteaPath('/version'), { schema }),
    );
    expect([wrong.code, wrong.giteaMessage]).toEqual(['bad_response', 'unexpected shape at version']);
    const broken = client(scripted(new Response('{"message": "trunc', { status: 200 })).fetch);
    expect((await giteaFailure(broken.request('GET', giteaPath('/version')))).code).toBe('bad_response');
  });

  it('keeps Gitea message, status, method and the path without query on failures', async () => {
    const { fetch } = scripted(json({ message: 'not found', url: 'x' }, 404));
    const err = await giteaFailure(client(fetch).request('get', giteaPath('/repos/a/b'), { query: { token: 'leak' } }));
    expect(err).toMatchObject({
      code: 'not_found',
      status: 404,
      method: 'GET',
      path: '/repos/a/b',
      giteaMessage: 'not found',
    });
    expect(err.message).not.toContain('leak');
    const html = await giteaFailure(
      client(scripted(new Response('<html>Bad Gateway</html>', { status: 500 })).fetch).request(
        'POST',
        giteaPath('/x'),
      ),
    );
    expect([html.code, html.giteaMessage]).toEqual(['upstream_error', '<html>Bad Gateway</html>']);
  });
});

describe('retries', () => {
  it('retries a GET after 502/503/504 and network errors, up to the bound', async () => {
    const flaky = scripted(json({}, 503), connectionReset(), json({ ok: true }));
    expect((await client(flaky.fetch).request('GET', giteaPath('/version'))).data).toEqual({ ok: true });
    expect(flaky.calls).toHaveLength(3);

    const down = scripted(json({ message: 'down' }, 502));
    const err = await giteaFailure(client(down.fetch).request('GET', giteaPath('/version')));
    expect([err.code, err.status]).toEqual(['upstream_error', 502]);
    expect(down.calls).toHaveLength(3);
  });

  it('never retries writes', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const s = scripted(json({}, 503));
      expect((await giteaFailure(client(s.fetch).request(method, giteaPath('/repos/a/b'), { body: {} }))).status).toBe(
        503,
      );
      const r = scripted(connectionReset());
      expect((await giteaFailure(client(r.fetch).request(method, giteaPath('/repos/a/b')))).code).toBe('unreachable');
      expect([s.calls.length, r.calls.length]).toEqual([1, 1]);
    }
  });

  it('does not retry 4xx answers', async () => {
    const s = scripted(json({ message: 'user does not exist [uid: 0, name: ]' }, 401));
    expect((await giteaFailure(client(s.fetch).request('GET', giteaPath('/user')))).code).toBe('invalid_token');
    expect(s.calls).toHaveLength(1);
  });
});

describe('timeouts and cancellation', () => {
  it('turns a hung call into timeout, without retrying it', async () => {
    const s = scripted('hang');
    const err = await giteaFailure(client(s.fetch, { timeoutMs: 30 }).request('GET', giteaPath('/version')));
    expect([err.code, err.status]).toEqual(['timeout', undefined]);
    expect(s.calls).toHaveLength(1);
  });

  it("passes the caller's abort through untouched", async () => {
    const ctl = new AbortController();
    const p = client(scripted('hang').fetch).request('GET', giteaPath('/version'), { signal: ctl.signal });
    ctl.abort(new DOMException('client went away', 'AbortError'));
    const err = await failure(p);
    expect(err).not.toBeInstanceOf(GiteaError);
    expect(err).toMatchObject({ name: 'AbortError' });
  });
});

describe('requestPage', () => {
  it('caps limit at 50 and reads X-Total-Count and Link', async () => {
    const link =
      '<https://git.example.com/api/v1/user/repos?limit=50&page=3>; rel="next",<https://git.example.com/api/v1/user/repos?limit=50&page=9>; rel="last"';
    const s = scripted(json([{ id: 1 }], 200, { 'x-total-count': '420', link }));
    const page = await client(s.fetch).requestPage('GET', giteaPath('/user/repos'), { page: 2, limit: 500 });
    expect(page).toEqual({ items: [{ id: 1 }], page: 2, perPage: 50, total: 420, nextPage: 3 });
    expect(s.calls[0]?.url).toBe('https://git.example.com/api/v1/user/repos?page=2&limit=50');
  });

  it('guesses the next page from the count or a full page when Link is absent', async () => {
    const counted = await client(scripted(json([1, 2], 200, { 'x-total-count': '4' })).fetch).requestPage(
      'GET',
      giteaPath('/x'),
      {
        limit: 2,
      },
    );
    expect([counted.total, counted.nextPage]).toEqual([4, 2]);
    const last = await client(scripted(json([1])).fetch).requestPage('GET', giteaPath('/x'), { limit: 2 });
    expect([last.total, last.nextPage]).toEqual([null, null]);
  });

  it('rejects a non-array answer and items that fail the schema', async () => {
    expect((await giteaFailure(client(scripted(json({})).fetch).requestPage('GET', giteaPath('/x')))).code).toBe(
      'bad_response',
    );
    const itemSchema = z.object({ id: z.number() });
    const err = await giteaFailure(
      client(scripted(json([{ id: 1 }, { id: 'x' }])).fetch).requestPage('GET', giteaPath('/x'), { itemSchema }),
    );
    expect([err.code, err.giteaMessage]).toEqual(['bad_response', 'item 1 has an unexpected shape']);
  });
});

describe('option checks', () => {
  it('fails at creation, not on the first request', () => {
    const { fetch } = scripted(json({}));
    expect(() => client(fetch, { token: '' })).toThrow(/no anonymous or shared fallback/);
    expect(() => client(fetch, { token: 'a b' })).toThrow(/whitespace/);
    expect(() => client(fetch, { baseUrl: 'ftp://git' })).toThrow(/http\(s\)/);
    expect(() => client(fetch, { baseUrl: 'not a url' })).toThrow(/not a URL/);
    expect(() => client(fetch, { timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => client(fetch, { retries: 9 })).toThrow(/retries/);
    for (const maxResponseBytes of [0, -1, 1.5, Number.NaN])
      expect(() => client(fetch, { maxResponseBytes })).toThrow(/maxResponseBytes/);
  });
});

describe('download', () => {
  it('sends the token and a Range for the first bytes, and reads the full size from Content-Range', async () => {
    const { fetch, calls } = scripted(
      new Response('hello', { status: 206, headers: { 'content-range': 'bytes 0-4/1000' } }),
    );
    const got = await client(fetch).download('https://git.example.com/attachments/abc', { maxBytes: 5 });
    expect(new TextDecoder().decode(got.data)).toBe('hello');
    expect(got.totalBytes).toBe(1000);
    expect(calls[0]?.init.headers).toMatchObject({ Authorization: 'token tok123', Range: 'bytes=0-4' });
  });

  it('cuts a server that ignores Range to maxBytes', async () => {
    const { fetch } = scripted(new Response('0123456789', { status: 200, headers: { 'content-length': '10' } }));
    const got = await client(fetch).download('https://git.example.com/attachments/abc', { maxBytes: 4 });
    expect(new TextDecoder().decode(got.data)).toBe('0123');
    expect(got.totalBytes).toBe(10);
  });

  it('never sends the token to another origin, to the API, or outside a sub-path install', async () => {
    const { fetch, calls } = scripted(new Response('x'));
    for (const url of [
      'https://evil.example.com/attachments/abc',
      'http://git.example.com/attachments/abc',
      'https://git.example.com.evil.example/attachments/abc',
      'https://git.example.com/api/v1/user',
      'not a url',
    ]) {
      const err = await giteaFailure(client(fetch).download(url, { maxBytes: 10 }));
      expect(err.code).toBe('off_site_url');
    }
    const sub = createGiteaClient({
      baseUrl: 'https://example.com/gitea',
      token: 'tok123',
      timeoutMs: 1000,
      retries: 0,
      fetch,
    });
    expect((await giteaFailure(sub.download('https://example.com/other/attachments/x', { maxBytes: 1 }))).code).toBe(
      'off_site_url',
    );
    expect(calls).toEqual([]);
  });

  it('maps 404 like the API', async () => {
    const { fetch } = scripted(new Response('Not Found\n', { status: 404 }));
    const err = await giteaFailure(client(fetch).download('https://git.example.com/attachments/x', { maxBytes: 1 }));
    expect(err.code).toBe('not_found');
  });
});
