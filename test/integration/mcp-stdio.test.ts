/**
 * `gatea stdio` as a child process (node --import tsx) driven by the official
 * SDK client over stdio, against the Gitea simulator.
 */
import { spawnSync } from 'node:child_process';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../sim/index.js';
import { connectStdio, STDIO_ARGS, stdioBaseEnv } from '../support/mcp-stdio.js';
import { seededToken, startTestSim } from '../support/sim.js';

let sim: RunningSimulator;
let client: Client;

beforeAll(async () => {
  sim = await startTestSim();
  client = await connectStdio({ GITEA_URL: sim.url, GITEA_TOKEN: seededToken(sim, 'bob'), GATEA_TOOLSETS: 'all' });
});

afterAll(async () => {
  await client?.close();
  await sim?.close();
});

describe('gatea stdio', () => {
  it('identifies as gatea and lists only read tools by default (read-only)', async () => {
    expect(client.getServerVersion()?.name).toBe('gatea');
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['get_me', 'get_file_contents', 'list_tags']));
    expect(names).not.toContain('delete_branch');
  });

  it('calls tools as the token owner', async () => {
    const me = await client.callTool({ name: 'get_me', arguments: {} });
    const text = (me.content as { text: string }[])[0]?.text ?? '';
    expect(JSON.parse(text)).toMatchObject({ login: 'bob', session: { authKind: 'stdio' } });
  });

  it("answers the official gitea-mcp's get_user_orgs as list_my_orgs without listing it", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).not.toContain('get_user_orgs');
    const res = await client.callTool({ name: 'get_user_orgs', arguments: {} });
    const orgs = JSON.parse((res.content as { text: string }[])[0]?.text ?? '{}') as {
      organizations: { name: string }[];
    };
    expect(orgs.organizations.map((o) => o.name)).toContain('opensource');
  });

  it('reports a private repository of another user as not found or not visible', async () => {
    const res = await client.callTool({ name: 'get_repository', arguments: { owner: 'alice', repo: 'secret-notes' } });
    expect(res.isError).toBe(true);
    expect((res.content as { text: string }[])[0]?.text).toMatch(/not found or not visible to you/);
  });

  it('exits 2 naming the setting when the token is empty or a placeholder', () => {
    for (const token of ['', 'changeme', '<your-token>']) {
      const r = spawnSync(process.execPath, STDIO_ARGS, {
        env: { ...stdioBaseEnv(), GITEA_URL: 'https://gitea.example.com', GITEA_TOKEN: token },
        input: '',
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/GITEA_TOKEN/);
    }
  });
});
