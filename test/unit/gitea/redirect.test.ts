/**
 * The token must not follow a redirect to another origin (a compromised or
 * misconfigured Gitea could otherwise harvest callers' tokens). undici drops
 * Authorization on cross-origin redirects; this pins that behaviour.
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
