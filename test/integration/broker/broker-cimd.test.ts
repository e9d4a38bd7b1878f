/**
 * A client identified by a Client ID Metadata Document (MCP 2025-11-25):
 * the official SDK client sends its document URL as client_id, Gatea fetches
 * the document over HTTPS (here from loopback, through an injected DNS answer
 * and CA — the default fetcher refuses loopback) and the flow ends in tool
 * calls as the user, with no registration at all.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClientMetadataFetcher } from '../../../src/oauth/client-metadata-document.js';
import { selfSignedCertificate } from '../../support/tls.js';
import { type BrokerRig, Browser, connectClient, loginOf, startBrokerRig, TestClientProvider } from './harness.js';

const HOST = 'client.test';
let server: Server;
let documentUrl: string;
let fetches = 0;
let rig: BrokerRig;

beforeAll(async () => {
  const { key, cert } = selfSignedCertificate(HOST);
  server = createServer({ key, cert }, (_req, res) => {
    fetches++;
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=600' });
    res.end(
      JSON.stringify({
        client_id: documentUrl,
        client_name: 'Metadata Document Client',
        redirect_uris: ['http://127.0.0.1/callback'],
        grant_types: ['authorization_code', 'refresh_token'],
        token_endpoint_auth_method: 'none',
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  documentUrl = `https://${HOST}:${(server.address() as AddressInfo).port}/client.json`;
  rig = await startBrokerRig(
    {},
    {
      clientMetadata: createClientMetadataFetcher({
        lookup: async (host) => (host === HOST ? [{ address: '127.0.0.1', family: 4 }] : []),
        isAllowedAddress: (address) => address === '127.0.0.1',
        ca: cert,
      }),
    },
  );
});
afterAll(async () => {
  await rig?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

describe('Client ID Metadata Documents', () => {
  it('the SDK client connects with its document URL as client_id, without registering', async () => {
    const browser = new Browser(rig, 'alice');
    await browser.signIn();
    const provider = new TestClientProvider(browser, {}, 'http://127.0.0.1:43210/callback');
    provider.clientMetadataUrl = documentUrl;
    const serverUrl = `${rig.base}/mcp`;
    expect(await auth(provider, { serverUrl })).toBe('REDIRECT');
    const code = provider.landed?.searchParams.get('code') as string;
    expect(await auth(provider, { serverUrl, authorizationCode: code })).toBe('AUTHORIZED');
    expect((provider.info as { client_id: string }).client_id).toBe(documentUrl);
    expect(rig.logs.some((l) => l.msg === 'oauth_register')).toBe(false);
    const client = await connectClient(serverUrl, provider);
    try {
      expect(await loginOf(client)).toBe('alice');
    } finally {
      await client.close();
    }
    // Cached by max-age: the document was fetched once for the whole flow.
    expect(fetches).toBe(1);
  });
});
