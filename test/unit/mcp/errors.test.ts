/**
 * Error translation end to end: a real Gitea client against a tiny upstream
 * that injects Gitea's failure answers (mocks only for faults, STYLE §2.8),
 * run through the dispatcher; each test checks the remedy in the sentence.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGiteaClient, GiteaError } from '../../../src/gitea/index.js';
import { createToolDispatcher, describeToolFailure, toCallToolResult } from '../../../src/mcp/index.js';
import { ALL_TOOLS, createToolRegistry, type ToolContext, type ToolLogger } from '../../../src/tools/index.js';

const logged: { obj: object; msg?: string }[] = [];
const log: ToolLogger = {
  debug() {},
  info() {},
  warn: (obj, msg) => logged.push({ obj, msg }),
  error: (obj, msg) => logged.push({ obj, msg }),
};

const upstream = new Hono();
upstream.get('/api/v1/repos/scope/x', (c) =>
  c.json(
    {
      message:
        'token does not have at least one of required scope(s), required=[read:repository], token scope=read:user',
      url: 'http://gitea/api/swagger',
    },
    403,
  ),
);
upstream.get('/api/v1/repos/gone/x', (c) =>
  c.json({ errors: null, message: "The target couldn't be found.", url: '' }, 404),
);
upstream.get('/api/v1/repos/down/x', (c) => c.text('Bad Gateway', 502));
upstream.get('/api/v1/repos/slow/x', async (c) => {
  await new Promise((r) => setTimeout(r, 2000));
  return c.json({});
});
// Gitea answers that no longer fit the Repository model (#14): a retyped and a dropped full_name.
upstream.get('/api/v1/repos/retyped/x', (c) => c.json({ full_name: 123, name: 'x', private: false }));
upstream.get('/api/v1/repos/dropped/x', (c) => c.json({ name: 'x', private: false }));
upstream.get('/api/v1/repos/bad/x', (c) => c.json({ message: 'token is required' }, 401));

let server: ReturnType<typeof serve>;
let baseUrl: string;

beforeAll(async () => {
  server = await new Promise((resolve) => {
    const s = serve({ fetch: upstream.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server?.close());

const getRepository = ALL_TOOLS.find((t) => t.name === 'get_repository');
const dispatcher = createToolDispatcher(createToolRegistry(ALL_TOOLS));

async function failWith(owner: string): Promise<{ text: string; kind: string; status: number }> {
  if (!getRepository) throw new Error('get_repository missing');
  const ctx: ToolContext = {
    gitea: createGiteaClient({ baseUrl, token: 'tok', timeoutMs: 300, retries: 0 }),
    caller: { kind: 'direct', requestId: 'req-42' },
    log,
    surface: 'mcp',
    signal: new AbortController().signal,
  };
  const outcome = await dispatcher.call('get_repository', { owner, repo: 'x' }, ctx);
  if (outcome.ok) throw new Error('expected a failure');
  const result = toCallToolResult(outcome);
  expect(result.isError).toBe(true);
  return { text: result.content[0]?.text ?? '', kind: outcome.failure.kind, status: outcome.failure.status };
}

describe('tool failures become sentences with a remedy', () => {
  it('missing scope: names the scope and says to reconnect', async () => {
    const f = await failWith('scope');
    expect(f).toMatchObject({ kind: 'insufficient_scope', status: 403 });
    expect(f.text).toMatch(/lacks the read:repository scope.*Reconnect Gatea and grant it/);
  });

  it('404: "not found or not visible to you"', async () => {
    const f = await failWith('gone');
    expect(f).toMatchObject({ kind: 'not_found', status: 404 });
    expect(f.text).toMatch(/^Repository gone\/x not found or not visible to you/);
  });

  it('404 on a numbered pull request or issue: names the number as the likely missing thing', () => {
    const err = new GiteaError({ code: 'not_found', status: 404, method: 'GET', path: '/repos/o/r/pulls/7' });
    const call = { toolName: 'pull_request_read', scopes: [], requestId: 'req-1', log };
    const f = describeToolFailure(err, { ...call, args: { owner: 'o', repo: 'r', index: 7 } });
    expect(f).toMatchObject({ kind: 'not_found', status: 404 });
    expect(f.message).toMatch(/^Repository o\/r not found or not visible to you, or #7 does not exist in it\. /);
    // A named sub-target (path, branch…) still wins over the number.
    const withPath = describeToolFailure(err, { ...call, args: { owner: 'o', repo: 'r', index: 7, path: 'a.txt' } });
    expect(withPath.message).toMatch(/or the path "a\.txt" does not exist in it\. /);
  });

  it('a download address outside GITEA_URL: says the token was kept back and what the operator should fix', () => {
    const err = new GiteaError({
      code: 'off_site_url',
      method: 'GET',
      path: '/attachments/x',
      giteaMessage: 'https://git.public.example is not GITEA_URL',
    });
    const call = { toolName: 'attachment_read', scopes: [], requestId: 'req-1', log };
    const f = describeToolFailure(err, { ...call, args: {} });
    expect(f).toMatchObject({ kind: 'upstream_unavailable', status: 502 });
    expect(f.message).toMatch(/did not send your token there.*set GITEA_URL to Gitea's ROOT_URL/);
  });

  it('an answer too large to read: names the tool and the bound, and says to ask for less', () => {
    const err = new GiteaError({
      code: 'too_large',
      status: 200,
      method: 'GET',
      path: '/repos/o/r/pulls/7.diff',
      giteaMessage: 'the answer is more than 16777216 bytes; Gatea reads at most 16777216 bytes of one',
    });
    const call = { toolName: 'pull_request_read', scopes: [], requestId: 'req-1', log };
    const f = describeToolFailure(err, { ...call, args: { owner: 'o', repo: 'r', index: 7 } });
    expect(f).toMatchObject({ kind: 'upstream_unavailable', status: 502 });
    expect(f.message).toBe(
      "Gitea's answer to pull_request_read on o/r is too large for Gatea to read (the answer is more than 16777216 bytes; Gatea reads at most 16777216 bytes of one), so it was not read. Open it in Gitea's web interface instead; for a pull request whose diff is this large, pull_request_read method get_files lists the changed files.",
    );
  });

  it('a malformed answer to a write tool: says the change may already have been applied', () => {
    const err = new GiteaError({
      code: 'bad_response',
      status: 201,
      method: 'POST',
      path: '/repos/o/r/issues',
      giteaMessage: 'number: expected number',
    });
    const call = { toolName: 'issue_write', scopes: [], requestId: 'req-1', log, args: {} };
    const write = describeToolFailure(err, { ...call, readOnly: false });
    expect(write).toMatchObject({ kind: 'upstream_unavailable', status: 502 });
    expect(write.message).toMatch(
      /no summary was made\. The change may already have been applied: check before retrying\./,
    );
    for (const readOnly of [true, undefined]) {
      const read = describeToolFailure(err, { ...call, toolName: 'issue_read', readOnly });
      expect(read.message).toMatch(/no summary was made\. This Gitea version may be unsupported/);
      expect(read.message).not.toMatch(/already have been applied/);
    }
  });

  it('invalid token: says to sign in again', async () => {
    const f = await failWith('bad');
    expect(f.kind).toBe('unauthenticated');
    expect(f.text).toMatch(/Reconnect Gatea to sign in again/);
  });

  it('Gitea down or failing: says to retry, never leaks internals', async () => {
    const f = await failWith('down');
    expect(f.kind).toBe('upstream_unavailable');
    expect(f.text).toMatch(/Retry/);
  });

  it('an answer that changed shape: names the field instead of summarising it wrongly (#14)', async () => {
    const retyped = await failWith('retyped');
    expect(retyped).toMatchObject({ kind: 'upstream_unavailable', status: 502 });
    expect(retyped.text).toMatch(
      /^Gitea answered get_repository in a shape Gatea does not understand \(unexpected shape at full_name in GET \/repos\/retyped\/x\).*request id req-42/,
    );
    const dropped = await failWith('dropped');
    expect(dropped.text).toMatch(/unexpected shape at full_name in GET \/repos\/dropped\/x/);
    expect(dropped.text).not.toMatch(/fullName/);
  });

  it('timeout: says to retry or ask for less', async () => {
    const f = await failWith('slow');
    expect(f).toMatchObject({ kind: 'upstream_unavailable', status: 504 });
    expect(f.text).toMatch(/did not answer in time/);
  });

  it('input errors never reach Gitea', async () => {
    if (!getRepository) throw new Error('get_repository missing');
    const ctx = {
      gitea: createGiteaClient({ baseUrl, token: 'tok', timeoutMs: 300, retries: 0 }),
      caller: { kind: 'direct', requestId: 'r' },
      log,
      signal: new AbortController().signal,
      surface: 'mcp',
    } satisfies ToolContext;
    const outcome = await dispatcher.call('get_repository', { owner: 'a' }, ctx);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.failure).toMatchObject({ kind: 'invalid_input', status: 400 });
  });
});
