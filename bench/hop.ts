/**
 * The zero-logic hop the benchmark compares Gatea with: a node:http server that
 * reads the body, parses it, calls the simulator with undici `request()` on a
 * keep-alive agent and wraps the text in a JSON-RPC result. It is the floor of
 * "one more Node process in the path". Usage: hop.ts <upstream URL> <token>;
 * prints the port it listens on.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';

const [upstream, token] = process.argv.slice(2);
if (!upstream || !token) throw new Error('usage: hop.ts <upstream URL> <token>');
const agent = new Agent({ keepAliveTimeout: 30_000, connections: 64 });

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', async () => {
    try {
      const msg = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id?: unknown };
      const up = await request(upstream, { headers: { authorization: `token ${token}` }, dispatcher: agent });
      const text = await up.body.text();
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ result: { content: [{ type: 'text', text }] }, jsonrpc: '2.0', id: msg.id ?? null }));
    } catch (err) {
      res.statusCode = 500;
      res.end(String(err));
    }
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => server.close(() => agent.close()));
