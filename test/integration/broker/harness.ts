/**
 * Broker mode end to end: `gatea serve` (startGateway) with Gatea's OAuth app
 * in the simulator, a browser stand-in that keeps cookies (for Gatea's consent
 * page, Gitea's login and consent, and the callback), and an OAuthClientProvider
 * for the official SDK client's `auth()`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import type { RunningSimulator } from '../../../sim/index.js';
import { type RunningGateway, startGateway } from '../../../src/cli/gateway.js';
import { loadConfig } from '../../../src/config/index.js';
import { createLogger } from '../../../src/observability/index.js';
import { Browser } from '../../support/broker-browser.js';
import { captureLogs } from '../../support/log-capture.js';
import { startTestSim } from '../../support/sim.js';

export { Browser };

export interface BrokerRig {
  readonly sim: RunningSimulator;
  readonly gateway: RunningGateway;
  readonly base: string;
  readonly logs: Record<string, unknown>[];
  logText(): string;
  close(): Promise<void>;
}

export async function startBrokerRig(
  env: Record<string, string> = {},
  overrides: Parameters<typeof startGateway>[3] = {},
): Promise<BrokerRig> {
  const sim = await startTestSim();
  const app = sim.seed.oauthApp;
  if (!app) throw new Error('no seeded OAuth app');
  const dir = await mkdtemp(join(tmpdir(), 'gatea-broker-'));
  const fullEnv = {
    GITEA_URL: sim.url,
    GATEA_PORT: '0',
    GATEA_DATABASE_URL: `sqlite:${join(dir, 'gatea.db')}`,
    GITEA_OAUTH_CLIENT_ID: app.clientId,
    GITEA_OAUTH_CLIENT_SECRET: app.clientSecret,
    GATEA_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
    GATEA_READ_ONLY: 'false',
    GATEA_TOOLSETS: 'all',
    ...env,
  };
  const captured = captureLogs();
  const gateway = await startGateway(
    loadConfig(fullEnv),
    fullEnv,
    createLogger({ level: 'debug', destination: captured.sink }),
    overrides,
  );
  // Gatea's callback is the one redirect URI of its app in Gitea; the port is known only now.
  for (const a of sim.oauth.store.apps.values())
    if (a.clientId === app.clientId) a.redirectUris.push(`${gateway.url}/oauth/callback`);
  return {
    sim,
    gateway,
    base: gateway.url,
    logs: captured.lines,
    logText: captured.text,
    async close() {
      await gateway.close();
      await sim.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** An in-memory OAuthClientProvider whose "browser" is `browser` (the SDK calls redirectToAuthorization): the HTTP stand-in above, or a real one. */
export class TestClientProvider implements OAuthClientProvider {
  info: OAuthClientInformationMixed | undefined;
  saved: OAuthTokens | undefined;
  verifier = '';
  /** Where the browser ended (the client's redirect with code), after redirectToAuthorization. */
  landed: URL | undefined;
  /** Set to identify the client by a Client ID Metadata Document instead of registering. */
  clientMetadataUrl: string | undefined;

  constructor(
    private readonly browser: Pick<Browser, 'authorize'>,
    readonly metadata: Partial<OAuthClientMetadata> = {},
    readonly redirect = 'http://127.0.0.1:7777/callback',
  ) {}

  get redirectUrl(): string {
    return this.redirect;
  }
  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'Test MCP Client',
      redirect_uris: [this.redirect],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      ...this.metadata,
    };
  }
  state(): string {
    return 'client-state-1';
  }
  clientInformation() {
    return this.info;
  }
  saveClientInformation(info: OAuthClientInformationMixed) {
    this.info = info;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  async redirectToAuthorization(url: URL) {
    this.landed = await this.browser.authorize(url);
  }
  saveCodeVerifier(v: string) {
    this.verifier = v;
  }
  codeVerifier() {
    return this.verifier;
  }
}

/** The official SDK client connected to `serverUrl` over Streamable HTTP, authorized by `provider`. */
export async function connectClient(serverUrl: string, provider: OAuthClientProvider): Promise<Client> {
  const client = new Client({ name: 'gatea-broker-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(serverUrl), { authProvider: provider }));
  return client;
}

/** The Gitea login `client` acts as (get_me). */
export async function loginOf(client: Client): Promise<string> {
  const me = await client.callTool({ name: 'get_me', arguments: {} });
  return (JSON.parse((me.content as { text: string }[])[0]?.text ?? '{}') as { login?: string }).login ?? '';
}
