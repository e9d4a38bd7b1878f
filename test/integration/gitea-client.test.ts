/**
 * The Gitea REST client against the simulator: auth header, paging, every
 * error case told apart, retries for GETs only, timeouts, and faults.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../sim/index.js';
import {
  createGiteaAgent,
  createGiteaClient,
  detectGiteaServer,
  type GiteaClient,
  GiteaError,
  getGiteaVersion,
  giteaPath,
  paginateAll,
} from '../../src/gitea/index.js';
import { seededToken, startTestSim } from '../support/sim.js';
import { addScopedToken } from './sim/tokens.js';

let sim: RunningSimulator;
let alice: GiteaClient;
const agent = createGiteaAgent();

async function failure(p: Promise<unknown>): Promise<GiteaError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof GiteaError)) throw new Error(`expected a GiteaError, got ${String(err)}`);
  return err;
}

beforeAll(async () => {
  sim = await startTestSim();
  alice = createGiteaClient({
    baseUrl: sim.url,
    token: seededToken(sim, 'alice'),
    timeoutMs: 2000,
    retries: 2,
    backoffMs: 10,
    agent,
  });
});
afterAll(async () => {
  await agent.close();
  await sim?.close();
});
// Faults a test injected (and did not use up, if it failed half-way) never reach the next test.
afterEach(() => {
  sim?.sim.faults.clear();
});

describe('Gitea client', () => {
  it('sends the token in the Authorization header and parses JSON', async () => {
    const { data, status } = await alice.request<{ login: string }>('GET', giteaPath('/user'));
    expect(status).toBe(200);
    expect(data.login).toBe('alice');
  });

  it('pages with X-Total-Count and Link, capping limit at 50', async () => {
    const first = await alice.requestPage<{ name: string }>('GET', giteaPath('/user/repos'), { limit: 1 });
    expect(first.items).toHaveLength(1);
    expect(first.perPage).toBe(1);
    expect(first.total).toBeGreaterThan(1);
    expect(first.nextPage).toBe(2);
    const capped = await alice.requestPage('GET', giteaPath('/users/alice/repos'), { limit: 500 });
    expect(capped.perPage).toBe(50);
  });

  it('tells invalid token, missing scope, public-only, forbidden and not found apart', async () => {
    const bad = createGiteaClient({ baseUrl: sim.url, token: 'f'.repeat(40), timeoutMs: 2000, retries: 0 });
    const e401 = await failure(bad.request('GET', giteaPath('/version')));
    expect([e401.code, e401.status, e401.giteaMessage]).toEqual([
      'invalid_token',
      401,
      'user does not exist [uid: 0, name: ]',
    ]);

    const userOnly = createGiteaClient({
      baseUrl: sim.url,
      token: await addScopedToken(sim, 'alice', 'read:user'),
      timeoutMs: 2000,
      retries: 0,
    });
    const scope = await failure(userOnly.request('GET', giteaPath('/repos/alice/hello-world')));
    expect(scope.code).toBe('missing_scope');
    expect(scope.requiredScopes).toEqual(['read:repository']);
    expect(scope.tokenScope).toBe('read:user');

    const publicOnly = createGiteaClient({
      baseUrl: sim.url,
      token: await addScopedToken(sim, 'alice', 'public-only,read:repository'),
      timeoutMs: 2000,
      retries: 0,
    });
    expect((await failure(publicOnly.request('GET', giteaPath('/repos/alice/secret-notes')))).code).toBe('public_only');

    const carol = createGiteaClient({
      baseUrl: sim.url,
      token: seededToken(sim, 'carol'),
      timeoutMs: 2000,
      retries: 0,
    });
    const forbidden = await failure(
      carol.request('PATCH', giteaPath('/repos/alice/hello-world'), { body: { description: 'x' } }),
    );
    expect(forbidden.code).toBe('forbidden');
    expect(forbidden.status).toBe(403);

    const bob = createGiteaClient({ baseUrl: sim.url, token: seededToken(sim, 'bob'), timeoutMs: 2000, retries: 0 });
    const hidden = await failure(
      bob.request('GET', giteaPath('/repos/alice/secret-notes'), { query: { secret: 'x' } }),
    );
    expect(hidden.code).toBe('not_found');
    expect(hidden.path).toBe('/repos/alice/secret-notes');
    expect(hidden.message).toContain('not found or not visible to you');
    expect(hidden.message).not.toContain('secret=x');
    const missing = await failure(bob.request('GET', giteaPath('/repos/alice/no-such-repo')));
    expect([missing.code, missing.status]).toEqual(['not_found', 404]);
  });

  it('reads /version and tells Gitea from Forgejo', async () => {
    expect(await getGiteaVersion(alice)).toBe(sim.sim.profile.apiVersion);
    expect(await detectGiteaServer({ baseUrl: sim.url, timeoutMs: 2000, retries: 0, agent })).toEqual({
      flavor: 'gitea',
      version: sim.sim.profile.apiVersion,
      giteaCompatVersion: sim.sim.profile.apiVersion,
    });
    const forgejo = await startTestSim({ flavor: 'forgejo', version: '11.0.1', seed: false });
    try {
      expect(await detectGiteaServer({ baseUrl: forgejo.url, timeoutMs: 2000, retries: 0 })).toEqual({
        flavor: 'forgejo',
        version: '11.0.1',
        giteaCompatVersion: '1.22.0',
      });
    } finally {
      await forgejo.close();
    }
  });

  it('walks every page of a listing up to a bound', async () => {
    const all = await paginateAll<{ full_name: string }>(alice, giteaPath('/user/repos'), { maxItems: 1000, limit: 1 });
    const first = await alice.requestPage('GET', giteaPath('/user/repos'), { limit: 50 });
    expect(all.items.map((r) => r.full_name).sort()).toEqual(
      (first.items as { full_name: string }[]).map((r) => r.full_name).sort(),
    );
    expect([all.total, all.truncated]).toEqual([first.total, false]);
    const cut = await paginateAll(alice, giteaPath('/user/repos'), { maxItems: 1, limit: 1 });
    expect([cut.items.length, cut.truncated]).toEqual([1, true]);
  });

  it('retries an idempotent GET after a 503 but never a write', async () => {
    sim.sim.faults.add({ path: '^/api/v1/version$', kind: 'status', status: 503, times: 1 });
    const { data } = await alice.request<{ version: string }>('GET', giteaPath('/version'));
    expect(data.version).toBe(sim.sim.profile.apiVersion);

    sim.sim.faults.add({
      method: 'PATCH',
      path: '^/api/v1/repos/alice/hello-world$',
      kind: 'status',
      status: 503,
      times: 1,
    });
    const write = await failure(
      alice.request('PATCH', giteaPath('/repos/alice/hello-world'), { body: { description: 'retry?' } }),
    );
    expect([write.code, write.status]).toEqual(['upstream_error', 503]);
    // Had the client retried, the second PATCH would have gone through.
    const repo = await alice.request<{ description: string }>('GET', giteaPath('/repos/alice/hello-world'));
    expect(repo.data.description).not.toBe('retry?');

    sim.sim.faults.add({ path: '^/api/v1/version$', kind: 'reset', times: 1 });
    expect((await getGiteaVersion(alice)).length).toBeGreaterThan(0);
  });

  it('maps resets, malformed JSON, timeouts and refused connections', async () => {
    const once = createGiteaClient({
      baseUrl: sim.url,
      token: seededToken(sim, 'alice'),
      timeoutMs: 300,
      retries: 0,
      agent,
    });
    sim.sim.faults.add({ path: '^/api/v1/version$', kind: 'reset', times: 1 });
    expect((await failure(once.request('GET', giteaPath('/version')))).code).toBe('unreachable');
    sim.sim.faults.add({ path: '^/api/v1/version$', kind: 'malformed-json', times: 1 });
    expect((await failure(once.request('GET', giteaPath('/version')))).code).toBe('bad_response');
    sim.sim.faults.add({ path: '^/api/v1/version$', kind: 'latency', delayMs: 1000, times: 1 });
    expect((await failure(once.request('GET', giteaPath('/version')))).code).toBe('timeout');
    const nowhere = createGiteaClient({ baseUrl: 'http://127.0.0.1:9', token: 't', timeoutMs: 1000, retries: 0 });
    expect((await failure(nowhere.request('GET', giteaPath('/version')))).code).toBe('unreachable');
  });

  it('the deadline covers the body: one that stops after the headers times out, and a finished call leaves no timer', async () => {
    const stalled = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"version":');
    });
    await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
    const { port } = stalled.address() as AddressInfo;
    try {
      const slow = createGiteaClient({ baseUrl: `http://127.0.0.1:${port}`, token: 't', timeoutMs: 300, retries: 0 });
      const err = await failure(slow.request('GET', giteaPath('/version')));
      expect([err.code, err.message]).toEqual(['timeout', expect.stringMatching(/no answer within 300 ms/)]);
    } finally {
      stalled.closeAllConnections();
      await new Promise((resolve) => stalled.close(resolve));
    }
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    const long = createGiteaClient({
      baseUrl: sim.url,
      token: seededToken(sim, 'alice'),
      timeoutMs: 600_000,
      retries: 0,
    });
    await long.request('GET', giteaPath('/version'));
    await long.request('GET', giteaPath('/repos/alice/hello-world'));
    expect(timers()).toBe(before);
  });

  it('refuses to be built without a token: there is no shared fallback', () => {
    expect(() => createGiteaClient({ baseUrl: sim.url, token: '', timeoutMs: 1000, retries: 0 })).toThrow(/token/);
  });
});
