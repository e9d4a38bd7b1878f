/**
 * Every answer is read up to a size bound: a huge diff, job log or file (or a
 * hostile upstream) cannot fill the memory all callers share. Real HTTP on
 * loopback through undici, and the proof is taken at the upstream: how much it
 * managed to send before the client hung up.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGiteaAgent,
  createGiteaClient,
  type GiteaClient,
  GiteaError,
  giteaPath,
} from '../../../src/gitea/index.js';
import { ENDLESS_BYTES, writeBytes } from '../../support/endless-answer.js';

const LIMIT = 1024 * 1024;
const SMALL = 3 * 64 * 1024;

/** Per path: bytes the server got onto the wire before the client closed, once it has. */
const sent = new Map<string, Promise<number>>();
let base: string;
const agent = createGiteaAgent();
const server = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const route = ROUTES[path.replace(/^\/api\/v1/, '')];
  if (!route) {
    res.statusCode = 404;
    res.end('{"message":"no route"}');
    return;
  }
  res.statusCode = route.status;
  if (route.length !== undefined) res.setHeader('content-length', route.length);
  sent.set(path, writeBytes(res, route.total));
});
const ROUTES: Record<string, { status: number; length?: number; total: number }> = {
  '/endless': { status: 200, total: ENDLESS_BYTES },
  '/declared-large': { status: 200, length: ENDLESS_BYTES, total: ENDLESS_BYTES },
  '/endless-error': { status: 500, total: ENDLESS_BYTES },
  '/attachments/endless': { status: 200, total: ENDLESS_BYTES },
  '/small-chunked': { status: 200, total: SMALL },
};

let gitea: GiteaClient;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  gitea = createGiteaClient({
    baseUrl: base,
    token: 'secret-token',
    timeoutMs: 10_000,
    retries: 0,
    agent,
    maxResponseBytes: LIMIT,
  });
});

afterAll(async () => {
  await agent.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function giteaFailure(p: Promise<unknown>): Promise<GiteaError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof GiteaError)) throw new Error(`expected a GiteaError, got ${String(err)}`);
  return err;
}

/** The upstream stopped well short of its endless answer: the client read about LIMIT and hung up. */
async function upstreamCutShort(path: string): Promise<void> {
  const written = await sent.get(path);
  expect(written).toBeDefined();
  // Socket buffers on both sides hold a few MiB at most; without the bound all of ENDLESS_BYTES goes.
  expect(written).toBeLessThan(64 * 1024 * 1024);
}

describe('the Gitea client reads at most maxResponseBytes of an answer', () => {
  it.each(['json', 'text', 'raw'] as const)(
    'an endless chunked answer is too_large (%s), and the upstream is cut off',
    async (accept) => {
      const err = await giteaFailure(gitea.request('GET', giteaPath('/endless'), { accept }));
      expect(err).toMatchObject({ code: 'too_large', status: 200, path: '/endless' });
      expect(err.giteaMessage).toBe(
        `the answer is more than ${LIMIT} bytes; Gatea reads at most ${LIMIT} bytes of one`,
      );
      await upstreamCutShort('/api/v1/endless');
    },
  );

  it('a declared Content-Length over the bound is refused before the body is read', async () => {
    const err = await giteaFailure(gitea.request('GET', giteaPath('/declared-large'), { accept: 'text' }));
    expect(err).toMatchObject({
      code: 'too_large',
      giteaMessage: expect.stringContaining(`is ${ENDLESS_BYTES} bytes`),
    });
    await upstreamCutShort('/api/v1/declared-large');
  });

  it("an error answer's body is read only as far as its message needs", async () => {
    const err = await giteaFailure(gitea.request('GET', giteaPath('/endless-error')));
    expect(err.code).toBe('upstream_error');
    expect(err.giteaMessage?.length).toBeLessThanOrEqual(500);
    await upstreamCutShort('/api/v1/endless-error');
  });

  it('a download from a server that ignores Range stops at maxBytes', async () => {
    const got = await gitea.download(`${base}/attachments/endless`, { maxBytes: 1000 });
    expect(got.data.byteLength).toBe(1000);
    await upstreamCutShort('/attachments/endless');
  });

  it('an answer within the bound arrives whole, in chunks, and the pool still serves afterwards', async () => {
    const text = await gitea.request<string>('GET', giteaPath('/small-chunked'), { accept: 'text' });
    expect(text.data).toBe(' '.repeat(SMALL));
    const raw = await gitea.request<Uint8Array>('GET', giteaPath('/small-chunked'), { accept: 'raw' });
    expect(Buffer.from(raw.data).equals(Buffer.alloc(SMALL, ' '))).toBe(true);
    expect(await sent.get('/api/v1/small-chunked')).toBe(SMALL);
  });
});
