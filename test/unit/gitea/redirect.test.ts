/**
 * The token must not follow a redirect to another origin (a compromised or
 * misconfigured Gitea could otherwise harvest callers' tokens). undici drops
 * Authorization on cross-origin redirects and the client's undici `request()`
 * adapter (requestFetch) follows fetch's redirect rules; this pins both.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, expect, it } from 'vitest';
import { createGiteaClient, giteaPath } from '../../../src/gitea/index.js';

const servers: Server[] = [];

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

it('follows a redirect to another origin without the Authorization header', async () => {
  let seen: IncomingHttpHeaders | undefined;
  const elsewhere = await listen((req, res) => {
    seen = req.headers;
    res.setHeader('content-type', 'application/json');
    res.end('{"version":"1.25.0"}');
  });
  const gitea = await listen((_req, res) => {
    res.statusCode = 307;
    res.setHeader('location', `${elsewhere}/api/v1/version`);
    res.end();
  });
  const client = createGiteaClient({ baseUrl: gitea, token: 'secret-token', timeoutMs: 2000, retries: 0 });
  expect((await client.request('GET', giteaPath('/version'))).data).toEqual({ version: '1.25.0' });
  expect(seen).toBeDefined();
  expect(seen?.authorization).toBeUndefined();
});

it('keeps the Authorization header on a redirect within Gitea (a renamed repository)', async () => {
  const seen: (string | undefined)[] = [];
  const gitea = await listen((req, res) => {
    seen.push(req.headers.authorization);
    if (req.url === '/api/v1/repos/alice/old') {
      res.statusCode = 301;
      res.setHeader('location', '/api/v1/repos/alice/new');
      res.end();
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end('{"name":"new"}');
  });
  const client = createGiteaClient({ baseUrl: gitea, token: 'secret-token', timeoutMs: 2000, retries: 0 });
  const res = await client.request('GET', giteaPath('/repos/{owner}/{repo}', { owner: 'alice', repo: 'old' }));
  expect(res.data).toEqual({ name: 'new' });
  expect(seen).toEqual(['token secret-token', 'token secret-token']);
});

it('does not carry the token back after a redirect left the origin once', async () => {
  const seen: (string | undefined)[] = [];
  let giteaUrl = '';
  const elsewhere = await listen((req, res) => {
    seen.push(req.headers.authorization);
    res.statusCode = 302;
    res.setHeader('location', `${giteaUrl}/api/v1/version2`);
    res.end();
  });
  giteaUrl = await listen((req, res) => {
    seen.push(req.headers.authorization);
    if (req.url === '/api/v1/version') {
      res.statusCode = 302;
      res.setHeader('location', `${elsewhere}/bounce`);
      res.end();
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end('{"version":"1.25.0"}');
  });
  const client = createGiteaClient({ baseUrl: giteaUrl, token: 'secret-token', timeoutMs: 2000, retries: 0 });
  expect((await client.request('GET', giteaPath('/version'))).data).toEqual({ version: '1.25.0' });
  expect(seen).toEqual(['token secret-token', undefined, undefined]);
});

it('continues a POST answered with 303 as a GET without the body, as fetch does', async () => {
  const seen: { method?: string; type?: string; body: string }[] = [];
  const gitea = await listen((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += String(d);
    });
    req.on('end', () => {
      seen.push({ method: req.method, type: req.headers['content-type'], body });
      if (req.method === 'POST') {
        res.statusCode = 303;
        res.setHeader('location', '/api/v1/version');
        res.end();
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
    });
  });
  const client = createGiteaClient({ baseUrl: gitea, token: 'secret-token', timeoutMs: 2000, retries: 0 });
  expect((await client.request('POST', giteaPath('/markdown'), { body: { text: 'x' } })).data).toEqual({ ok: true });
  expect(seen).toEqual([
    { method: 'POST', type: 'application/json', body: '{"text":"x"}' },
    { method: 'GET', type: undefined, body: '' },
  ]);
});

it('refuses redirects to other schemes and endless redirect loops as unreachable', async () => {
  const loop = await listen((_req, res) => {
    res.statusCode = 302;
    res.setHeader('location', '/api/v1/version');
    res.end();
  });
  const client = createGiteaClient({ baseUrl: loop, token: 'secret-token', timeoutMs: 2000, retries: 0 });
  await expect(client.request('GET', giteaPath('/version'))).rejects.toMatchObject({ code: 'unreachable' });
  const toFile = await listen((_req, res) => {
    res.statusCode = 302;
    res.setHeader('location', 'file:///etc/passwd');
    res.end();
  });
  const other = createGiteaClient({ baseUrl: toFile, token: 'secret-token', timeoutMs: 2000, retries: 0 });
  await expect(other.request('GET', giteaPath('/version'))).rejects.toMatchObject({ code: 'unreachable' });
});
