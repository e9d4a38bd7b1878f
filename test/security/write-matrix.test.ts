/**
 * Every surface (including the seed-compatible /mcp/sse and /mcp/tool/call)
 * × every write tool (and write method) × read-only callers:
 * the simulator's state must not change, and every call must be refused by
 * Gatea's scope decision itself (not by argument validation, which would
 * hide a missing gate). Arguments are generated from each tool's own input
 * schema, so a new write tool joins the matrix by being declared.
 *
 * Read-only callers: a service key created with `--scopes read`; a Gitea
 * OAuth token with only read scopes (direct mode); and `gatea stdio` with
 * GATEA_READ_ONLY=true, where write tools are not exposed at all.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_TOOLS, TOOL_ALIASES, type ToolDefinition } from '../../src/tools/index.js';
import { connectStdio } from '../support/mcp-stdio.js';
import { seededToken } from '../support/sim.js';
import {
  answerText,
  openSse,
  postMcp,
  postRest,
  postToolCall,
  type SecurityRig,
  simFingerprint,
  startSecurityRig,
  toolCall,
} from './harness.js';
import { generatedCalls } from './tool-args.js';

/** One call per write method (or per write tool without methods), with valid arguments. */
function writeCalls(): { label: string; tool: ToolDefinition; args: Record<string, unknown> }[] {
  return generatedCalls().filter(({ tool, method }) => {
    if (tool.annotations.readOnlyHint) return false;
    return method === undefined || (tool.methods?.[method]?.scopes ?? []).some((s) => s.startsWith('write:'));
  });
}

const CALLS = writeCalls();

let rig: SecurityRig;
let callers: { what: string; authorization: string; refusal: RegExp }[];

beforeAll(async () => {
  rig = await startSecurityRig();
  const readScopes = 'read:repository read:issue read:organization read:user read:notification read:package read:misc';
  callers = [
    {
      what: 'read-only service key',
      authorization: `Bearer ${rig.keys.aliceRead}`,
      refusal: /service key is read-only/,
    },
    {
      what: 'read-scoped OAuth token',
      authorization: `Bearer ${await rig.oauthToken('alice', readScopes)}`,
      refusal: /scope, which your grant lacks/,
    },
  ];
});
afterAll(async () => {
  await rig?.close();
});

describe('read-only callers change nothing, whatever the way in', () => {
  it('covers every write tool', () => {
    const tools = new Set(CALLS.map((c) => c.tool.name));
    const writeTools = ALL_TOOLS.filter((t) => !t.annotations.readOnlyHint).map((t) => t.name);
    expect([...tools].sort()).toEqual([...writeTools].sort());
    expect(CALLS.length).toBeGreaterThan(40);
  });

  it('the generated arguments are valid, so refusals below come from the scope decision', () => {
    const invalid = CALLS.flatMap(({ label, tool, args }) => {
      try {
        tool.parse(args);
        return [];
      } catch (err) {
        return [`${label}: ${(err as Error).message}`];
      }
    });
    expect(invalid).toEqual([]);
  });

  it('POST /mcp and /mcp/sse (single and batch), legacy SSE, REST and /mcp/tool/call refuse every write; Gitea state is unchanged', async () => {
    const before = await simFingerprint(rig.sim);
    const problems: string[] = [];
    for (const caller of callers) {
      const sse = await openSse(rig, caller.authorization);
      try {
        let id = 0;
        for (const { label, tool, args } of CALLS) {
          const expectRefusal = (surface: string, r: { isError: boolean; text: string }) => {
            if (!r.isError || !caller.refusal.test(r.text))
              problems.push(`${caller.what} ${surface} ${label}: ${r.isError ? r.text : 'not refused'}`);
          };
          const single = await postMcp(rig, toolCall(tool.name, args, ++id), caller.authorization);
          if (single.status !== 403) problems.push(`${caller.what} /mcp ${label}: HTTP ${single.status}`);
          expectRefusal('/mcp', answerText(single.json));

          const batch = await postMcp(
            rig,
            [toolCall(tool.name, args, ++id), { jsonrpc: '2.0', id: ++id, method: 'ping' }],
            caller.authorization,
          );
          const answers = batch.json as { id: number }[];
          expectRefusal('batch', answerText(answers.find((a) => a.id === id - 1)));

          await sse.post(toolCall(tool.name, args, ++id));
          expectRefusal('sse', answerText(await sse.answer(id)));

          const seedMcp = await postMcp(rig, toolCall(tool.name, args, ++id), caller.authorization, '/mcp/sse');
          if (seedMcp.status !== 403) problems.push(`${caller.what} /mcp/sse ${label}: HTTP ${seedMcp.status}`);
          expectRefusal('/mcp/sse', answerText(seedMcp.json));

          const rest = await postRest(rig, tool.name, args, caller.authorization);
          if (rest.status !== 403) problems.push(`${caller.what} REST ${label}: HTTP ${rest.status}`);
          expectRefusal('REST', { isError: true, text: String(rest.json.message) });

          const seedRest = await postToolCall(rig, tool.name, args, caller.authorization);
          if (seedRest.status !== 403) problems.push(`${caller.what} /mcp/tool/call ${label}: HTTP ${seedRest.status}`);
          expectRefusal('/mcp/tool/call', { isError: true, text: String(seedRest.json.message) });
        }
      } finally {
        await sse.close();
      }
    }
    expect(problems).toEqual([]);
    expect(await simFingerprint(rig.sim)).toBe(before);
  }, 120_000);

  it('gatea stdio in read-only mode exposes and runs no write tool; Gitea state is unchanged', async () => {
    const before = await simFingerprint(rig.sim);
    const client: Client = await connectStdio({
      GITEA_URL: rig.sim.url,
      GITEA_TOKEN: seededToken(rig.sim, 'alice'),
      GATEA_TOOLSETS: 'all',
      GATEA_READ_ONLY: 'true',
    });
    try {
      const listed = new Set((await client.listTools()).tools.map((t) => t.name));
      const problems: string[] = [];
      for (const { label, tool, args } of CALLS) {
        if (listed.has(tool.name)) problems.push(`${label} is listed`);
        const r = await client.callTool({ name: tool.name, arguments: args });
        const text = (r.content as { text: string }[])[0]?.text ?? '';
        if (r.isError !== true || !/read-only/.test(text)) problems.push(`${label}: ${text}`);
      }
      expect(problems).toEqual([]);
      // Old names are one more way in: an alias resolves to its tool and the same rules.
      for (const [alias, current] of Object.entries(TOOL_ALIASES)) {
        expect(listed.has(alias)).toBe(false);
        expect(listed.has(current)).toBe(true);
      }
    } finally {
      await client.close();
    }
    expect(await simFingerprint(rig.sim)).toBe(before);
  }, 120_000);
});
