/**
 * A tiny HTTP server on loopback answering from a route table, recording what
 * it was sent: for deployments no Gatea would produce (an authorization
 * server without PKCE S256, an MCP endpoint that redirects elsewhere).
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeAnswer {
  status: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON. */
  body?: string | object;
}

export interface FakeRequest {
  method: string;
  /** Path and query. */
  url: string;
  headers: IncomingHttpHeaders;
}

export interface FakeServer {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly requests: FakeRequest[];
  close(): Promise<void>;
}

/** Serves `route(request, baseUrl)`; unrouted requests get 404. */
export async function startFakeServer(
  route: (req: FakeRequest, base: string) => FakeAnswer | undefined,
): Promise<FakeServer> {
  const requests: FakeRequest[] = [];
  let base = '';
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const r: FakeRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers };
      requests.push(r);
      const answer: FakeAnswer = route(r, base) ?? { status: 404, body: { error: 'not_found' } };
      const json = typeof answer.body === 'object';
      res.writeHead(answer.status, {
        ...(json ? { 'content-type': 'application/json' } : {}),
        ...answer.headers,
      });
      res.end(json ? JSON.stringify(answer.body) : (answer.body ?? ''));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
