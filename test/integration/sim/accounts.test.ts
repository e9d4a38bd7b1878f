/** Simulator accounts: users, auth failures, Sudo, scopes per version, paging, orgs and teams. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../sim/index.js';
import { callApi, seededToken, startTestSim } from '../../support/sim.js';
import { addScopedToken } from './tokens.js';

type User = { login: string; email: string; is_admin: boolean; last_login: string };
type Org = { name: string };
type Team = { name: string; organization: Org | null; permission: string };

describe('simulator accounts (Gitea 1.25)', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startTestSim();
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('seeds users with deterministic passwords and an admin', () => {
    expect(sim.seed.users.map((u) => [u.login, u.admin, u.password])).toEqual([
      ['admin', true, 'admin-password-1'],
      ['alice', false, 'alice-password-1'],
      ['bob', false, 'bob-password-1'],
      ['carol', false, 'carol-password-1'],
      ['dave', false, 'dave-password-1'],
    ]);
    for (const u of sim.seed.users) expect(u.token).toMatch(/^[0-9a-f]{40}$/);
  });

  it('GET /user shows admin-only fields to the user themself only', async () => {
    const self = await callApi<User>(sim, 'GET', '/user', { token: seededToken(sim, 'bob') });
    expect(self.body.login).toBe('bob');
    expect(self.body.email).toBe('bob@example.com');
    expect(self.body.last_login).not.toBe('0001-01-01T00:00:00Z');
    const other = await callApi<User>(sim, 'GET', '/users/bob', { token: seededToken(sim, 'alice') });
    // bob keeps his email private: others get the noreply placeholder and no admin-only fields.
    expect(other.body.email).toBe('bob@noreply.127.0.0.1');
    expect(other.body.last_login).toBe('0001-01-01T00:00:00Z');
    const admin = await callApi<User>(sim, 'GET', '/users/admin', { token: seededToken(sim, 'alice') });
    expect(admin.body.is_admin).toBe(false);
    const adminSelf = await callApi<User>(sim, 'GET', '/user', { token: seededToken(sim, 'admin') });
    expect(adminSelf.body.is_admin).toBe(true);
  });

  it('answers 401 "user does not exist" for a bad token, even on /version', async () => {
    const res = await callApi(sim, 'GET', '/version', { token: 'f'.repeat(40) });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: 'user does not exist [uid: 0, name: ]', url: `${sim.url}/api/swagger` });
    const anon = await callApi(sim, 'GET', '/user');
    expect(anon.status).toBe(401);
    expect(anon.body).toMatchObject({ message: 'token is required' });
  });

  it('lets only site admins sudo', async () => {
    const asAlice = await callApi<User>(sim, 'GET', '/user', {
      token: seededToken(sim, 'admin'),
      headers: { Sudo: 'alice' },
    });
    expect(asAlice.body.login).toBe('alice');
    const denied = await callApi(sim, 'GET', '/user', { token: seededToken(sim, 'bob'), headers: { Sudo: 'alice' } });
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({ message: 'Only administrators allowed to sudo.' });
  });

  it('hides a private profile from everybody but itself and admins', async () => {
    expect((await callApi(sim, 'GET', '/users/dave')).status).toBe(404);
    expect((await callApi(sim, 'GET', '/users/dave', { token: seededToken(sim, 'bob') })).status).toBe(404);
    expect((await callApi(sim, 'GET', '/users/dave', { token: seededToken(sim, 'admin') })).status).toBe(200);
    const search = await callApi<{ ok: boolean; data: User[] }>(sim, 'GET', '/users/search?q=', {
      token: seededToken(sim, 'bob'),
    });
    expect(search.body.ok).toBe(true);
    expect(search.body.data.map((u) => u.login)).toEqual(['admin', 'alice', 'bob', 'carol']);
  });

  it('pages user search with X-Total-Count and Link in next,last,first,prev order', async () => {
    const res = await callApi<{ data: User[] }>(sim, 'GET', '/users/search?limit=2&page=2', {
      token: seededToken(sim, 'admin'),
    });
    expect(res.headers.get('x-total-count')).toBe('5');
    expect(res.body.data.map((u) => u.login)).toEqual(['bob', 'carol']);
    const base = `${sim.url}/api/v1/users/search?limit=2&page=`;
    expect(res.headers.get('link')).toBe(
      `<${base}3>; rel="next",<${base}3>; rel="last",<${base}1>; rel="first",<${base}1>; rel="prev"`,
    );
  });

  it('defaults to 30 items per page and caps limit at 50', async () => {
    const own = await startTestSim();
    try {
      const template = own.sim.state.userByLogin('carol');
      if (!template) throw new Error('seed has no carol');
      for (let i = 0; i < 60; i++) {
        const id = own.sim.state.nextId('user');
        own.sim.state.users.set(id, { ...template, id, login: `user${String(i).padStart(2, '0')}` });
      }
      const token = seededToken(own, 'admin');
      const dflt = await callApi<{ data: User[] }>(own, 'GET', '/users/search', { token });
      expect(dflt.body.data).toHaveLength(30);
      const capped = await callApi<{ data: User[] }>(own, 'GET', '/users/search?limit=100', { token });
      expect(capped.body.data).toHaveLength(50);
      expect(capped.headers.get('x-total-count')).toBe('65');
    } finally {
      await own.close();
    }
  });

  it('lists organizations with private memberships hidden from others', async () => {
    const mine = await callApi<Org[]>(sim, 'GET', '/user/orgs', { token: seededToken(sim, 'carol') });
    expect(mine.body.map((o) => o.name)).toEqual(['acme', 'opensource']);
    const carolSeenByBob = await callApi<Org[]>(sim, 'GET', '/users/carol/orgs', { token: seededToken(sim, 'bob') });
    expect(carolSeenByBob.body).toEqual([]);
    const alicePublic = await callApi<Org[]>(sim, 'GET', '/users/alice/orgs');
    expect(alicePublic.body.map((o) => o.name)).toEqual(['acme']);
    const members = await callApi<User[]>(sim, 'GET', '/orgs/acme/members');
    expect(members.body.map((u) => u.login)).toEqual(['alice']);
    const allMembers = await callApi<User[]>(sim, 'GET', '/orgs/acme/members', { token: seededToken(sim, 'carol') });
    expect(allMembers.body.map((u) => u.login)).toEqual(['alice', 'bob', 'carol']);
  });

  it('guards teams with Gitea membership rules', async () => {
    const dave = seededToken(sim, 'dave');
    const notMember = await callApi(sim, 'GET', '/orgs/acme/teams', { token: dave });
    expect(notMember.status).toBe(403);
    expect(notMember.body).toMatchObject({ message: 'Must be an organization member' });
    const teams = await callApi<Team[]>(sim, 'GET', '/orgs/acme/teams', { token: seededToken(sim, 'bob'), raw: true });
    expect(teams.body.map((t) => [t.name, t.permission, t.organization])).toEqual([
      ['developers', 'write', null],
      ['Owners', 'owner', null],
    ]);
    const owners = await callApi(sim, 'GET', '/teams/1', { token: seededToken(sim, 'bob') });
    expect(owners.status).toBe(403);
    expect(owners.body).toMatchObject({ message: 'Must be a team member' });
    expect((await callApi(sim, 'GET', '/teams/1', { token: dave })).status).toBe(404);
    const dev = await callApi<Team>(sim, 'GET', '/teams/3', { token: seededToken(sim, 'alice') });
    expect(dev.body.organization?.name).toBe('acme');
  });

  it('creates repositories, with auto_init producing a README commit', async () => {
    const token = seededToken(sim, 'bob');
    const init = await callApi<{ empty: boolean; full_name: string; permissions: unknown }>(
      sim,
      'POST',
      '/user/repos',
      {
        token,
        json: { name: 'with-readme', description: 'hello', auto_init: true },
      },
    );
    expect(init.status).toBe(201);
    expect(init.body).toMatchObject({ empty: false, full_name: 'bob/with-readme' });
    expect(init.body.permissions).toEqual({ admin: true, push: true, pull: true });
    const bare = await callApi<{ empty: boolean }>(sim, 'POST', '/user/repos', { token, json: { name: 'bare' } });
    expect(bare.body.empty).toBe(true);
    const dup = await callApi(sim, 'POST', '/user/repos', { token, json: { name: 'bare' } });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ message: 'The repository with the same name already exists.' });
    const bad = await callApi(sim, 'POST', '/user/repos', { token, json: { name: 'no spaces' } });
    expect(bad.status).toBe(422);
    const orgDenied = await callApi(sim, 'POST', '/orgs/opensource/repos', {
      token: seededToken(sim, 'carol'),
      json: { name: 'nope' },
    });
    expect(orgDenied.status).toBe(403);
    expect(orgDenied.body).toMatchObject({
      message: 'Given user is not allowed to create repository in organization.',
    });
  });

  it('stars and unstars', async () => {
    const token = seededToken(sim, 'dave');
    expect((await callApi(sim, 'GET', '/user/starred/alice/hello-world', { token })).status).toBe(404);
    expect((await callApi(sim, 'PUT', '/user/starred/alice/hello-world', { token })).status).toBe(204);
    const starred = await callApi<{ full_name: string }[]>(sim, 'GET', '/user/starred', { token });
    expect(starred.body.map((r) => r.full_name)).toEqual(['alice/hello-world']);
    expect(starred.headers.get('x-total-count')).toBe('1');
    expect((await callApi(sim, 'DELETE', '/user/starred/alice/hello-world', { token })).status).toBe(204);
    // A private repository the caller cannot see is 404, not 403.
    expect((await callApi(sim, 'PUT', '/user/starred/alice/secret-notes', { token })).status).toBe(404);
  });
});

describe.each([
  ['gitea', '1.22.6', 'token does not have at least one of required scope(s): [read:user]'],
  [
    'gitea',
    '1.25.0',
    'token does not have at least one of required scope(s), required=[read:user], token scope=read:repository',
  ],
  ['forgejo', '11.0.1', 'token does not have at least one of required scope(s): [read:user]'],
] as const)('scope 403 on %s %s', (flavor, version, message) => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startTestSim({ flavor, version });
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('rejects a token without read:user on GET /user with the version-specific message', async () => {
    const token = await addScopedToken(sim, 'alice', 'read:repository');
    const res = await callApi(sim, 'GET', '/user', { token });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ message, url: `${sim.url}/api/swagger` });
  });

  it('needs both categories on /user/repos', async () => {
    const token = await addScopedToken(sim, 'alice', 'read:user');
    const res = await callApi<{ message: string }>(sim, 'GET', '/user/repos', { token });
    expect(res.status).toBe(403);
    expect(res.body.message).toContain('[read:user read:repository]');
    const ok = await callApi(sim, 'GET', '/user/repos', {
      token: await addScopedToken(sim, 'alice', 'read:user,read:repository'),
    });
    expect(ok.status).toBe(200);
  });
});
