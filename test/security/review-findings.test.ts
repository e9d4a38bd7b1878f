/**
 * Each finding of the outside review (issue 9), replayed as the reviewer did
 * it against `gatea serve` on loopback. Writes are judged by the simulator's
 * state, not by what Gatea answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SSE_SESSIONS_PER_CALLER } from '../../src/http/legacy-sse.js';
import { MAX_BATCH_MESSAGES } from '../../src/mcp/index.js';
import { callApi, seededToken } from '../support/sim.js';
import {
  answerText,
  openSse,
  postMcp,
  postRest,
  type SecurityRig,
  simFingerprint,
  startSecurityRig,
  toolCall,
} from './harness.js';

let rig: SecurityRig;
let readKey: string;
let bobToken: string;

beforeAll(async () => {
  rig = await startSecurityRig();
  readKey = `Bearer ${rig.keys.aliceRead}`;
  bobToken = `Bearer ${seededToken(rig.sim, 'bob')}`;
});
afterAll(async () => {
  await rig?.close();
});

const branchExists = async (branch: string) =>
  (
    await callApi(rig.sim, 'GET', `/repos/alice/hello-world/branches/${branch}`, {
      token: seededToken(rig.sim, 'alice'),
    })
  ).status === 200;

describe('1. a JSON-RPC batch goes through the same scope decision', () => {
  it('a read-only key cannot create a branch inside a batch', async () => {
    const before = await simFingerprint(rig.sim);
    const res = await postMcp(
      rig,
      [
        toolCall('create_branch', { owner: 'alice', repo: 'hello-world', branch: 'batch-x' }, 7),
        toolCall('get_repository', { owner: 'alice', repo: 'hello-world' }, 8),
      ],
      readKey,
    );
    expect(await branchExists('batch-x')).toBe(false);
    expect(await simFingerprint(rig.sim)).toBe(before);
    // Inside a batch the refusal is that call's tool error.
    const answers = res.json as unknown[];
    expect(Array.isArray(answers)).toBe(true);
    expect(answerText(answers.find((a) => (a as { id: number }).id === 7))).toMatchObject({
      isError: true,
      text: expect.stringMatching(/read-only/),
    });
    expect(answerText(answers.find((a) => (a as { id: number }).id === 8)).isError).toBe(false);
  });

  it(`a batch of more than ${MAX_BATCH_MESSAGES} messages is refused before any call`, async () => {
    const batch = Array.from({ length: MAX_BATCH_MESSAGES + 1 }, (_, i) =>
      toolCall('get_repository', { owner: 'alice', repo: 'hello-world' }, i + 1),
    );
    const calls = rig.logs.filter((l) => l.msg === 'tool_call').length;
    const res = await postMcp(rig, batch, `Bearer ${rig.keys.aliceWrite}`);
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/at most 10 messages/);
    expect(rig.logs.filter((l) => l.msg === 'tool_call').length).toBe(calls);
  });
});

describe('2. legacy SSE goes through the same scope decision', () => {
  it('a read-only key cannot create a branch through /messages', async () => {
    const before = await simFingerprint(rig.sim);
    const sse = await openSse(rig, readKey);
    try {
      expect(
        await sse.post(toolCall('create_branch', { owner: 'alice', repo: 'hello-world', branch: 'sse-x' }, 3)),
      ).toBe(202);
      expect(answerText(await sse.answer(3))).toMatchObject({
        isError: true,
        text: expect.stringMatching(/read-only/),
      });
    } finally {
      await sse.close();
    }
    expect(await branchExists('sse-x')).toBe(false);
    expect(await simFingerprint(rig.sim)).toBe(before);
  });

  it(`one caller holds at most ${MAX_SSE_SESSIONS_PER_CALLER} sessions; others still get theirs`, async () => {
    const mine = [];
    for (let i = 0; i < MAX_SSE_SESSIONS_PER_CALLER; i++) mine.push(await openSse(rig, readKey));
    try {
      expect(mine.map((s) => s.status)).toEqual(mine.map(() => 200));
      const extra = await openSse(rig, readKey);
      expect(extra.status).toBe(429);
      const other = await openSse(rig, `Bearer ${rig.keys.aliceWrite}`);
      expect(other.status).toBe(200);
      await other.close();
    } finally {
      for (const s of mine) await s.close();
    }
  });
});

describe('tools/list shows a caller only what it can call', () => {
  it('a read-only key sees no write tool; a write key sees them', async () => {
    const list = async (auth: string) => {
      const res = await postMcp(rig, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, auth);
      return (res.json as { result: { tools: { name: string; annotations: { readOnlyHint: boolean } }[] } }).result
        .tools;
    };
    const read = await list(readKey);
    const write = await list(`Bearer ${rig.keys.aliceWrite}`);
    expect(read.filter((t) => !t.annotations.readOnlyHint)).toEqual([]);
    expect(read.length).toBeGreaterThan(20);
    expect(write.filter((t) => !t.annotations.readOnlyHint).length).toBeGreaterThan(15);
  });
});

describe('3. dot segments never leave the tool’s endpoint', () => {
  it('delete_branch with branch "../../dotfiles" leaves bob/dotfiles in place', async () => {
    const before = await simFingerprint(rig.sim);
    const res = await postMcp(
      rig,
      toolCall('delete_branch', { owner: 'bob', repo: 'dotfiles', branch: '../../dotfiles' }),
      bobToken,
    );
    expect(answerText(res.json)).toMatchObject({ isError: true, text: expect.stringMatching(/"branch" may not/) });
    expect(rig.sim.sim.state.repoByName('bob', 'dotfiles')).toBeDefined();
    expect(await simFingerprint(rig.sim)).toBe(before);
  });

  it.each([
    ['get_file_contents', { owner: 'zzz', repo: 'nope', path: '../../../alice/secret-notes/contents/notes.md' }], // traversal payload, not a file path
    ['get_file_contents', { owner: 'zzz', repo: 'nope', path: '../../../../user/repos' }], // traversal payload, not a file path
    ['get_file_contents', { owner: 'alice', repo: 'hello-world', path: 'a/%2e%2e/%2e%2e/secret-notes' }],
    ['get_commit', { owner: 'zzz', repo: 'nope', sha: '../../../../../repos/alice/secret-notes/git/commits/main' }], // traversal payload, not a file path
    ['list_branches', { owner: '..', repo: '..' }],
  ])('%s %j is refused as bad input, with nothing read', async (name, args) => {
    const alice = `Bearer ${seededToken(rig.sim, 'alice')}`;
    const res = await postMcp(rig, toolCall(name, args), alice);
    const answer = answerText(res.json);
    expect(answer.isError).toBe(true);
    expect(answer.text).toMatch(/Invalid arguments/);
    expect(answer.text).not.toMatch(/secret|hello-world"/);
  });
});

describe('4. caches are keyed by who and how', () => {
  it('a read key acting with carol’s token does not cap carol’s own token, nor log as the key', async () => {
    // carol's token used through a read-only key first, then directly.
    const rigCarol = await startSecurityRig('carol');
    const carolToken = seededToken(rigCarol.sim, 'carol');
    try {
      const viaKey = await postMcp(
        rigCarol,
        toolCall('create_branch', { owner: 'carol', repo: 'hello-world', branch: 'via-key' }),
        `Bearer ${rigCarol.keys.aliceRead}`,
      );
      expect(answerText(viaKey.json).text).toMatch(/read-only/);
      const direct = await postMcp(
        rigCarol,
        toolCall('create_branch', { owner: 'carol', repo: 'hello-world', branch: 'direct' }),
        `Bearer ${carolToken}`,
      );
      expect(answerText(direct.json)).toMatchObject({ isError: false });
      const summaries = () => rigCarol.logs.filter((l) => l.msg === 'oauth_auth_summary');
      expect(summaries().at(-1)).toMatchObject({ mode: 'direct', login: 'carol', api_probe: 'pass' });
      // And back: the key, now cached, is still read-only and still logged as the key.
      const again = await postMcp(
        rigCarol,
        toolCall('create_branch', { owner: 'carol', repo: 'hello-world', branch: 'via-key-2' }),
        `Bearer ${rigCarol.keys.aliceRead}`,
      );
      expect(answerText(again.json).text).toMatch(/read-only/);
      expect(summaries().at(-1)).toMatchObject({
        mode: 'service_key',
        login: 'service:alice-reader',
        api_probe: 'skip:cached',
        scopes_effective: expect.not.arrayContaining(['all']),
      });
      const refs = await callApi(rigCarol.sim, 'GET', '/repos/carol/hello-world/branches', { token: carolToken });
      const names = (refs.body as { name: string }[]).map((b) => b.name);
      expect(names).toContain('direct');
      expect(names).not.toContain('via-key');
      expect(names).not.toContain('via-key-2');
    } finally {
      await rigCarol.close();
    }
  });
});

describe('6. credentials are never reflected', () => {
  it.each([
    ['a key with no scheme', (k: string) => k],
    ['a key after an unknown scheme', (k: string) => `Key ${k}`],
  ])('%s', async (_what, header) => {
    const key = rig.keys.aliceWrite;
    const res = await postMcp(rig, toolCall('get_me', {}), header(key));
    expect(res.status).toBe(401);
    expect(res.text).not.toContain(key);
    expect(res.text).not.toContain(key.slice(0, 16));
    expect(res.headers.get('www-authenticate') ?? '').not.toContain(key.slice(0, 16));
    expect(rig.logText()).not.toContain(key.slice(4, 20));
  });
});

describe('7. challenges as RFC 6750 §3 and RFC 9728 write them', () => {
  const PRM = /^Bearer resource_metadata="http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-protected-resource\/mcp"/;

  it('no " or \\ inside error_description; no "unauthorized" body code', async () => {
    const res = await postMcp(rig, toolCall('get_me', {}), 'Bearer gmk_truncated');
    const challenge = res.headers.get('www-authenticate') ?? '';
    expect(challenge).toMatch(PRM);
    const description = /error_description="([^"]*)"$/.exec(challenge)?.[1];
    expect(description).toMatch(/malformed/);
    expect(res.text).not.toMatch(/"error":"unauthorized"/);
    expect((res.json as { error: string }).error).toBe('invalid_token');
  });

  it('Basic and bare keys get the plain challenge with no error code', async () => {
    for (const header of ['Basic YWxpY2U6c2VjcmV0', 'no-scheme-here']) {
      const res = await postMcp(rig, toolCall('get_me', {}), header);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(PRM);
      expect(res.headers.get('www-authenticate')).not.toMatch(/error=/);
    }
  });

  it('REST insufficient_scope names the resource metadata and only the missing scope', async () => {
    const res = await postRest(rig, 'create_branch', { owner: 'alice', repo: 'hello-world', branch: 'r' }, readKey);
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toMatch(PRM);
    expect(res.headers.get('www-authenticate')).toMatch(/scope="write:repository", error="insufficient_scope"/);
    expect(res.json.requiredScopes).toEqual(['write:repository']);
  });

  it('a single /mcp call refused for scope is HTTP 403 with the missing scope', async () => {
    const res = await postMcp(
      rig,
      toolCall('create_branch', { owner: 'alice', repo: 'hello-world', branch: 'm' }),
      readKey,
    );
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toMatch(PRM);
    expect(res.headers.get('www-authenticate')).toMatch(/scope="write:repository"/);
  });

  it('a token without API scope: 403 naming only the one scope it lacks', async () => {
    const token = await rig.oauthToken('dave', 'openid read:user');
    const res = await postMcp(rig, toolCall('get_me', {}), `Bearer ${token}`);
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toMatch(/scope="read:repository", error="insufficient_scope"/);
  });
});

describe('8. argument content is bad input (4xx with words), never an internal error', () => {
  it.each([
    [{ owner: '..', repo: '..' }, 'owner'],
    [{ owner: '\ud800', repo: 'x' }, 'owner'],
    [{ owner: 'a\u0000', repo: 'x' }, 'owner'],
  ])('REST get_repository %j → 400 naming %s', async (args, param) => {
    const res = await postRest(rig, 'get_repository', args, `Bearer ${rig.keys.aliceWrite}`);
    expect(res.status).toBe(400);
    expect(res.json.error).toBe('invalid_input');
    expect(res.json.message).toContain(`"${param}"`);
  });

  it('__proto__ in params gets a JSON-RPC error without a schema dump', async () => {
    const res = await postMcp(
      rig,
      JSON.parse('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"__proto__":{"x":1},"name":"get_me"}}'),
      `Bearer ${rig.keys.aliceWrite}`,
    );
    expect(res.status).toBeLessThan(500);
    expect(res.text).not.toMatch(/-32603/);
    expect(res.text).not.toMatch(/"code":\s*"invalid_type"|"path":\s*\[/);
  });
});

describe('9. hardening', () => {
  it('authenticated answers are no-store, nosniff, no-referrer', async () => {
    const res = await postMcp(rig, toolCall('get_me', {}), `Bearer ${rig.keys.aliceWrite}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const refused = await postMcp(rig, toolCall('get_me', {}), 'Bearer gmk_truncated');
    expect(refused.headers.get('cache-control')).toBe('no-store');
  });

  it('an unknown 40-hex token is checked with Gitea once, then answered from memory', async () => {
    const unknown = 'f'.repeat(40);
    const first = await postMcp(rig, toolCall('get_me', {}), `Bearer ${unknown}`);
    const second = await postMcp(rig, toolCall('get_me', {}), `Bearer ${unknown}`);
    expect([first.status, second.status]).toEqual([401, 401]);
    const results = rig.logs.filter((l) => l.msg === 'oauth_auth_summary' && l.mode === 'direct').map((l) => l.result);
    expect(results.slice(-2)).toEqual(['revoked', 'rejected_recently']);
  });
});

describe('9. a token without API scope costs Gitea one check', () => {
  it('is refused by the probe once, then from memory with the same answer, without asking Gitea', async () => {
    const token = await rig.oauthToken('carol', 'read:user');
    const first = await postMcp(rig, toolCall('get_me', {}), `Bearer ${token}`);
    expect(first.status).toBe(403);
    expect(first.headers.get('www-authenticate')).toMatch(/insufficient_scope.*read:repository/);
    const mark = rig.sim.sim.requests.mark();
    const second = await postMcp(rig, toolCall('get_me', {}), `Bearer ${token}`);
    expect(rig.sim.sim.requests.since(mark)).toEqual([]);
    expect(second.status).toBe(403);
    expect(second.headers.get('www-authenticate')).toBe(first.headers.get('www-authenticate'));
    expect(second.text).toBe(first.text);
    const results = rig.logs.filter((l) => l.msg === 'oauth_auth_summary' && l.mode === 'direct').map((l) => l.result);
    expect(results.at(-1)).toBe('rejected_recently');
  });
});

describe('9. a client cannot make Gatea hammer Gitea with token checks', () => {
  // Last in the file: it spends this client's validation budget for the minute.
  it('after its budget of upstream validations a client gets 429 with Retry-After; service keys still work', async () => {
    let limited: Awaited<ReturnType<typeof postMcp>> | undefined;
    for (let i = 0; i < 40 && !limited; i++) {
      const res = await postMcp(rig, toolCall('get_me', {}), `Bearer ${i.toString(16).padStart(40, 'a')}`);
      if (res.status === 429) limited = res;
      else expect(res.status).toBe(401);
    }
    if (!limited) throw new Error('no 429 within 40 unknown tokens');
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((limited.json as { error: string }).error).toBe('rate_limited');
    const key = await postMcp(rig, toolCall('get_me', {}), `Bearer ${rig.keys.aliceWrite}`);
    expect(key.status).toBe(200);
  });
});
