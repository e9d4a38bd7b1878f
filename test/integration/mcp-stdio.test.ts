/**
 * `gatea stdio` as a child process (node --import tsx) driven by the official
 * SDK client over stdio, against the Gitea simulator.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../sim/index.js';
import { seededToken, startTestSim } from '../support/sim.js';

const STDIO_MODULE = fileURLToPath(new URL('../../src/cli/stdio.ts', import.meta.url));
const ENTRY = `const m = await import(${JSON.stringify(STDIO_MODULE)}); process.exitCode = await m.runStdio();`;
const ARGS = ['--import', 'tsx', '--input-type=module', '-e', ENTRY];

function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const k of ['PATH', 'HOME', 'NODE_OPTIONS', 'TMPDIR']) if (process.env[k]) env[k] = process.env[k] as string;
  return env;
}

let sim: RunningSimulator;
let client: Client;

beforeAll(async () => {
  sim = await startTestSim();
  client = new Client({ name: 'gatea-stdio-test', version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: ARGS,
      env: { ...baseEnv(), GITEA_URL: sim.url, GITEA_TOKEN: seededToken(sim, 'bob'), GATEA_TOOLSETS: 'all' },
      stderr: 'pipe',
    }),
  );
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

  it('reports a private repository of another user as not found or not visible', async () => {
    const res = await client.callTool({ name: 'get_repository', arguments: { owner: 'alice', repo: 'secret-notes' } });
    expect(res.isError).toBe(true);
    expect((res.content as { text: string }[])[0]?.text).toMatch(/not found or not visible to you/);
  });

  it('exits 2 naming the setting when the token is empty or a placeholder', () => {
    for (const token of ['', 'changeme', '<your-token>']) {
      const r = spawnSync(process.execPath, ARGS, {
        env: { ...baseEnv(), GITEA_URL: 'https://gitea.example.com', GITEA_TOKEN: token },
        input: '',
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/GITEA_TOKEN/);
    }
  });
});
