/**
 * The real gateway in direct mode (all toolsets, writes on) in front of a
 * seeded simulator, driven by the official MCP SDK client over Streamable HTTP
 * or stdio: one per test file.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { expect } from 'vitest';
import type { RunningSimulator } from '../../sim/index.js';
import { startTestGateway } from './gateway.js';
import { connectStdio } from './mcp-stdio.js';
import { expectPagingShape } from './paging-shape.js';
import { seededToken, startTestSim } from './sim.js';

/** One tool call's outcome as a test sees it. */
export interface ToolCallResult {
  isError: boolean;
  text: string;
  json: Record<string, unknown>;
}

/** A running simulator plus gateway; `close()` in afterAll. */
export interface ToolHarness {
  readonly sim: RunningSimulator;
  /** An SDK client authenticated as a seeded user (its `all` PAT). */
  connectAs(login: string): Promise<Client>;
  /** An SDK client authenticated with any Gitea token. */
  connectWithToken(token: string): Promise<Client>;
  close(): Promise<void>;
}

/**
 * The transport the tool tests run over: Streamable HTTP by default, `gatea
 * stdio` (one child process per client) when GATEA_TEST_TRANSPORT=stdio —
 * vitest.config.ts runs the tool tests once more that way.
 */
const TRANSPORT = process.env.GATEA_TEST_TRANSPORT === 'stdio' ? 'stdio' : 'http';

async function connectHttp(url: string, token: string): Promise<Client> {
  const client = new Client({ name: 'gatea-test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }),
  );
  return client;
}

function connectStdioAll(giteaUrl: string, token: string): Promise<Client> {
  return connectStdio({ GITEA_URL: giteaUrl, GITEA_TOKEN: token, GATEA_TOOLSETS: 'all', GATEA_READ_ONLY: 'false' });
}

export interface ToolHarnessOptions {
  /** The simulator's clock, for a test that needs to control time (stopwatches); the wall clock when absent. */
  now?: () => Date;
}

/** Starts a seeded simulator and a gateway exposing every toolset with writes enabled. */
export async function startToolHarness(opts: ToolHarnessOptions = {}): Promise<ToolHarness> {
  const sim = await startTestSim({ now: opts.now });
  // The real gateway in direct mode: each client's seeded Gitea token goes through the real auth pipeline.
  const gateway = TRANSPORT === 'http' ? await startTestGateway(sim, { readOnly: false }) : null;
  const clients: Client[] = [];
  const connectWithToken = async (token: string) => {
    const client =
      TRANSPORT === 'stdio' ? await connectStdioAll(sim.url, token) : await connectHttp(gateway?.mcpUrl ?? '', token);
    clients.push(client);
    return client;
  };
  return {
    sim,
    connectWithToken,
    connectAs: (login) => connectWithToken(seededToken(sim, login)),
    async close() {
      for (const c of clients) await c.close();
      await gateway?.close();
      await sim.close();
    },
  };
}

/** Calls a tool; the JSON result is parsed when the call succeeded. */
export async function callTool(client: Client, name: string, args: Record<string, unknown>): Promise<ToolCallResult> {
  const res = await client.callTool({ name, arguments: args });
  const content = Array.isArray(res.content) ? res.content : [];
  const first = content[0] as { type: string; text?: string } | undefined;
  const text = first?.text ?? '';
  const isError = res.isError === true;
  return { isError, text, json: isError ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

/** Calls a tool and fails the test (showing the sentence) unless it succeeded; a list must have the paging shape. */
export async function okTool(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const r = await callTool(client, name, args);
  expect(r.isError, `${name} ${JSON.stringify(args).slice(0, 200)} failed: ${r.text}`).toBe(false);
  expectPagingShape(name, args, r.json);
  return r.json;
}

/** Calls a tool and returns the error sentence, failing the test if the call succeeded. */
export async function failTool(client: Client, name: string, args: Record<string, unknown>): Promise<string> {
  const r = await callTool(client, name, args);
  expect(r.isError, `${name} should have failed but returned ${r.text.slice(0, 300)}`).toBe(true);
  return r.text;
}
