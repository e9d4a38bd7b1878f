/**
 * A read-only gateway (the default) over real HTTP on 127.0.0.1, driven by
 * the official SDK client: write tools are not listed, and calling one
 * explains why. The tools themselves are exercised in tools-*.test.ts.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../sim/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { callTool } from '../support/mcp-tools-harness.js';
import { seededToken, startTestSim } from '../support/sim.js';

let sim: RunningSimulator;
let gateway: TestGateway;
let client: Client;

beforeAll(async () => {
  sim = await startTestSim();
  gateway = await startTestGateway(sim, { readOnly: true });
  client = new Client({ name: 'gatea-test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(gateway.mcpUrl), {
      requestInit: { headers: { Authorization: `Bearer ${seededToken(sim, 'alice')}` } },
    }),
  );
});

afterAll(async () => {
  await client?.close();
  await gateway?.close();
  await sim?.close();
});

describe('read-only gateway', () => {
  it('hides write tools and explains a call to one', async () => {
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    expect(names).toContain('get_file_contents');
    expect(names).not.toContain('create_branch');
    expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
    const r = await callTool(client, 'create_branch', { owner: 'alice', repo: 'hello-world', branch: 'x' });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/read-only/);
  });
});

describe('MCP logging (issue #14)', () => {
  it('declares the logging capability and answers logging/setLevel with {}', async () => {
    expect(client.getServerCapabilities()?.logging).toEqual({});
    await expect(client.setLoggingLevel('warning')).resolves.toEqual({});
  });
});
