import type { ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type ClientMetadataError,
  type ClientMetadataFetcherOptions,
  cacheSeconds,
  createClientMetadataFetcher,
  type HostLookup,
  isPublicAddress,
} from '../../../src/oauth/index.js';
import { selfSignedCertificate } from '../../support/tls.js';

const HOST = 'client.test';

let server: Server;
let port: number;
let caPem: string;
const requests = new Map<string, number>();

function clientId(path: string, host = HOST): string {
  return `https://${host}:${port}${path}`;
}

function documentFor(path: string, host = HOST): Record<string, unknown> {
  return {
    client_id: clientId(path, host),
    client_name: 'Test Client',
    redirect_uris: ['http://localhost/callback', 'https://app.example.com/cb'],
    token_endpoint_auth_method: 'none',
    software_statement_ignored: true,
  };
}

function sendJson(res: ServerResponse, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(200, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Each path is one behaviour of a client's document host. */
const ROUTES: Record<string, (res: ServerResponse, path: string) => void> = {
  '/good': (res, path) => sendJson(res, documentFor(path)),
  '/vnd-json': (res, path) =>
    sendJson(res, documentFor(path), { 'content-type': 'application/vnd.client+json; charset=utf-8' }),
  '/max-age-120': (res, path) => sendJson(res, documentFor(path), { 'cache-control': 'public, max-age=120' }),
  '/no-store': (res, path) => sendJson(res, documentFor(path), { 'cache-control': 'no-store' }),
  '/mismatch': (res, path) => sendJson(res, { ...documentFor(path), client_id: `${clientId(path)}/other` }),
  '/bad-redirect': (res, path) => sendJson(res, { ...documentFor(path), redirect_uris: ['javascript:alert(1)'] }),
  '/big-chunked': (res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    // Streamed without a length: the reader must stop on its own once past the limit.
    for (let i = 0; i < 64; i++) res.write(' '.repeat(1024));
    res.end('{}');
  },
  '/big-declared': (res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(6 * 1024) });
    res.end(' '.repeat(6 * 1024));
  },
  '/slow': () => {
    // Never answers: only the timeout ends the fetch.
  },
  '/redirect': (res) => {
    res.writeHead(302, { location: clientId('/good') });
    res.end();
  },
  '/not-found': (res) => {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{}');
  },
  '/text': (res, path) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(JSON.stringify(documentFor(path)));
  },
};

beforeAll(async () => {
  // A self-signed certificate for client.test, trusted by the fetcher through its `ca` option.
  const { key, cert } = selfSignedCertificate(HOST);
  caPem = cert;
  server = createServer({ key, cert }, (req, res) => {
    const path = req.url ?? '';
    requests.set(path, (requests.get(path) ?? 0) + 1);
    const route = ROUTES[path];
    if (route) route(res, path);
    else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => requests.clear());

/** A lookup that knows only the given names; counts its calls. */
function fakeDns(records: Record<string, string[]>): HostLookup & { calls: number } {
  const lookup = async (hostname: string) => {
    lookup.calls++;
    const addresses = records[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  lookup.calls = 0;
  return lookup;
}

/** A fetcher that may reach the local test server: 127.0.0.1 allowed for this test only, test CA trusted. */
function testFetcher(options: ClientMetadataFetcherOptions = {}) {
  return createClientMetadataFetcher({
    lookup: fakeDns({ [HOST]: ['127.0.0.1'], 'wrong-name.test': ['127.0.0.1'] }),
    isAllowedAddress: (address) => address === '127.0.0.1' || isPublicAddress(address),
    ca: caPem,
    ...options,
  });
}

async function failure(promise: Promise<unknown>): Promise<ClientMetadataError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof Error && err.name === 'ClientMetadataError') return err as ClientMetadataError;
    throw err;
  }
  throw new Error('expected a ClientMetadataError');
}

describe('fetchClientMetadata URL rules', () => {
  it('refuses a bad client_id before any DNS lookup', async () => {
    const lookup = fakeDns({});
    const fetchClientMetadata = createClientMetadataFetcher({ lookup });
    expect((await failure(fetchClientMetadata('https://c.example.com/x?y=1'))).code).toBe('invalid_client_id');
    expect(lookup.calls).toBe(0);
  });
});

describe('cacheSeconds', () => {
  it.each([
    [undefined, 300],
    ['', 300],
    ['public', 300],
    ['max-age=120', 120],
    ['public, MAX-AGE=3600', 3600],
    ['max-age="600"', 600],
    ['max-age=5', 60],
    ['max-age=0', 60],
    ['no-cache', 60],
    ['max-age=999999', 86_400],
    ['no-store', null],
    ['max-age=600, no-store', null],
  ])('%s → %s', (header, seconds) => {
    expect(cacheSeconds(header)).toBe(seconds);
  });
});

describe('fetchClientMetadata over HTTPS', () => {
  it('fetches, pins the vetted address and validates a document', async () => {
    const lookup = fakeDns({ [HOST]: ['127.0.0.1'] });
    const fetchClientMetadata = testFetcher({ lookup });
    const doc = await fetchClientMetadata(clientId('/good'));
    expect(doc).toEqual({
      clientId: clientId('/good'),
      clientName: 'Test Client',
      redirectUris: ['http://localhost/callback', 'https://app.example.com/cb'],
      grantTypes: ['authorization_code'],
      tokenEndpointAuthMethod: 'none',
      clientUri: null,
      logoUri: null,
    });
    // client.test exists in no real DNS: the connection used the one address the fake lookup vetted.
    expect(lookup.calls).toBe(1);
    expect(await testFetcher()(clientId('/vnd-json'))).toMatchObject({ clientName: 'Test Client' });
  });

  it('checks the certificate against the host name, not the pinned address', async () => {
    const err = await failure(testFetcher()(clientId('/good', 'wrong-name.test')));
    expect(err.code).toBe('unreachable');
    expect(err.cause).toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    expect(requests.get('/good')).toBeUndefined();
  });

  it('refuses a document whose client_id is not its URL', async () => {
    const err = await failure(testFetcher()(clientId('/mismatch')));
    expect(err).toMatchObject({ code: 'invalid_document' });
    expect(err.message).toMatch(/client_id is not exactly the URL/);
    expect((await failure(testFetcher()(clientId('/bad-redirect')))).message).toMatch(/javascript: scheme/);
  });

  it('stops reading a body past 5 KiB, streamed or declared', async () => {
    for (const path of ['/big-chunked', '/big-declared']) {
      const err = await failure(testFetcher()(clientId(path)));
      expect(err.code, path).toBe('too_large');
      expect(err.message).toMatch(/larger than 5120 bytes/);
    }
  });

  it('gives up on a slow server after the timeout', async () => {
    const started = Date.now();
    const err = await failure(testFetcher({ timeoutMs: 300 })(clientId('/slow')));
    expect(err.code).toBe('timeout');
    expect(err.message).toMatch(/longer than 300 ms/);
    // Given up on by the 300 ms timeout: not at once, and not much later.
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('times out a DNS lookup that never answers', async () => {
    const never: HostLookup = () => new Promise(() => {});
    expect((await failure(testFetcher({ lookup: never, timeoutMs: 100 })(clientId('/good')))).code).toBe('timeout');
  });

  it('refuses redirects, other statuses and non-JSON content', async () => {
    const err = await failure(testFetcher()(clientId('/redirect')));
    expect(err.code).toBe('redirect');
    expect(err.message).toMatch(/HTTP 302.*does not follow redirects/);
    expect(requests.get('/good')).toBeUndefined();
    expect((await failure(testFetcher()(clientId('/not-found')))).code).toBe('http_status');
    expect((await failure(testFetcher()(clientId('/text')))).code).toBe('not_json');
  });

  it('refuses private and loopback addresses by default, without connecting', async () => {
    for (const addresses of [['127.0.0.1'], ['93.184.216.34', '127.0.0.1'], ['::ffff:7f00:1'], ['169.254.169.254']]) {
      const lookup = fakeDns({ [HOST]: addresses });
      const fetchClientMetadata = createClientMetadataFetcher({ lookup, ca: caPem });
      const err = await failure(fetchClientMetadata(clientId('/good')));
      expect(err.code).toBe('forbidden_address');
      for (const address of addresses) expect(err.message).not.toContain(address);
    }
    expect(requests.size).toBe(0);
  });

  it('resolves with node:dns by default, and localhost is refused', async () => {
    const fetchClientMetadata = createClientMetadataFetcher({ ca: caPem });
    expect((await failure(fetchClientMetadata(`https://localhost:${port}/good`))).code).toBe('forbidden_address');
    expect(requests.size).toBe(0);
  });

  it('reports a host that does not resolve as unreachable', async () => {
    expect((await failure(testFetcher()(clientId('/good', 'nowhere.test')))).code).toBe('unreachable');
  });
});

describe('fetchClientMetadata cache', () => {
  it('serves repeated and concurrent requests from one fetch for 5 minutes by default', async () => {
    let now = 0;
    const fetchClientMetadata = testFetcher({ clock: () => now });
    const id = clientId('/good');
    await Promise.all([fetchClientMetadata(id), fetchClientMetadata(id)]);
    await fetchClientMetadata(id);
    expect(requests.get('/good')).toBe(1);
    now = 299_000;
    await fetchClientMetadata(id);
    expect(requests.get('/good')).toBe(1);
    now = 300_001;
    await fetchClientMetadata(id);
    expect(requests.get('/good')).toBe(2);
  });

  it('honours max-age and no-store', async () => {
    let now = 1_000_000;
    const fetchClientMetadata = testFetcher({ clock: () => now });
    await fetchClientMetadata(clientId('/max-age-120'));
    now += 119_000;
    await fetchClientMetadata(clientId('/max-age-120'));
    expect(requests.get('/max-age-120')).toBe(1);
    now += 2_000;
    await fetchClientMetadata(clientId('/max-age-120'));
    expect(requests.get('/max-age-120')).toBe(2);
    await fetchClientMetadata(clientId('/no-store'));
    await fetchClientMetadata(clientId('/no-store'));
    expect(requests.get('/no-store')).toBe(2);
  });

  it('remembers a failure for 30 seconds', async () => {
    let now = 0;
    const fetchClientMetadata = testFetcher({ clock: () => now });
    const first = await failure(fetchClientMetadata(clientId('/redirect')));
    const again = await failure(fetchClientMetadata(clientId('/redirect')));
    expect(again).toBe(first);
    expect(requests.get('/redirect')).toBe(1);
    now = 31_000;
    await failure(fetchClientMetadata(clientId('/redirect')));
    expect(requests.get('/redirect')).toBe(2);
  });

  it('keeps at most maxCacheEntries client_ids, evicting the oldest', async () => {
    const fetchClientMetadata = testFetcher({ clock: () => 0, maxCacheEntries: 1 });
    await fetchClientMetadata(clientId('/good'));
    await fetchClientMetadata(clientId('/max-age-120'));
    await fetchClientMetadata(clientId('/max-age-120'));
    await fetchClientMetadata(clientId('/good'));
    expect([requests.get('/good'), requests.get('/max-age-120')]).toEqual([2, 1]);
  });

  it('checks its options when created', () => {
    expect(() => createClientMetadataFetcher({ timeoutMs: 0 })).toThrow(TypeError);
    expect(() => createClientMetadataFetcher({ maxCacheEntries: 1.5 })).toThrow(/maxCacheEntries/);
  });
});
