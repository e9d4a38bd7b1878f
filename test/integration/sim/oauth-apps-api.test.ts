/**
 * POST/GET/PATCH/DELETE /api/v1/user/applications/oauth2 (routers/api/v1/user/app.go):
 * the secret is shown on create and on update (which regenerates it), lists
 * hide it, other users' apps are 404, and deleting an app kills its tokens.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningSimulator, StartSimulatorOptions } from '../../../sim/index.js';
import { callApi, startTestSim } from '../../support/sim.js';
import { addTestUser, obtainCode, signedIn, tokenRequest } from '../../support/sim-oauth.js';

const running: RunningSimulator[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await s.close();
});

async function setup(opts: StartSimulatorOptions = {}) {
  const s = await startTestSim({ seed: false, ...opts });
  running.push(s);
  addTestUser(s, 'alice');
  addTestUser(s, 'bob');
  const basic = (login: string) => ({
    Authorization: `Basic ${Buffer.from(`${login}:${login}-password-1`).toString('base64')}`,
  });
  return { s, basic };
}

const body = { name: 'my-app', redirect_uris: ['http://127.0.0.1/callback'], confidential_client: true };

describe('OAuth2 application API', () => {
  it('creates, lists (newest first, no secret), gets, updates (new secret) and deletes', async () => {
    const { s, basic } = await setup();
    const created = await callApi<Record<string, unknown>>(s, 'POST', '/user/applications/oauth2', {
      headers: basic('alice'),
      json: { ...body, skip_secondary_authorization: true },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: 1,
      name: 'my-app',
      confidential_client: true,
      skip_secondary_authorization: true,
      redirect_uris: ['http://127.0.0.1/callback'],
    });
    expect(created.body.client_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.body.client_secret).toMatch(/^gto_[a-z2-7]{52}$/);
    await callApi(s, 'POST', '/user/applications/oauth2', { headers: basic('alice'), json: { ...body, name: 'two' } });

    const list = await callApi<Record<string, unknown>[]>(s, 'GET', '/user/applications/oauth2', {
      headers: basic('alice'),
    });
    expect(list.body.map((a) => [a.name, a.client_secret])).toEqual([
      ['two', ''],
      ['my-app', ''],
    ]);
    expect(list.headers.get('x-total-count')).toBe('2');
    expect((await callApi(s, 'GET', '/user/applications/oauth2/1', { headers: basic('alice') })).body).toMatchObject({
      client_secret: '',
    });

    const updated = await callApi<Record<string, unknown>>(s, 'PATCH', '/user/applications/oauth2/1', {
      headers: basic('alice'),
      json: { name: 'renamed', redirect_uris: ['https://app.example/cb'], confidential_client: false },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      name: 'renamed',
      confidential_client: false,
      client_id: created.body.client_id,
    });
    expect(updated.body.client_secret).not.toBe(created.body.client_secret);

    expect((await callApi(s, 'DELETE', '/user/applications/oauth2/1', { headers: basic('alice') })).status).toBe(204);
    expect((await callApi(s, 'GET', '/user/applications/oauth2/1', { headers: basic('alice') })).status).toBe(404);
  });

  it('validates the required fields with 422 messages', async () => {
    const { s, basic } = await setup();
    const noName = await callApi(s, 'POST', '/user/applications/oauth2', {
      headers: basic('alice'),
      json: { redirect_uris: ['http://x/cb'] },
    });
    expect(noName.status).toBe(422);
    expect(noName.body).toMatchObject({ message: '[Name]: Required' });
    const noUris = await callApi(s, 'POST', '/user/applications/oauth2', {
      headers: basic('alice'),
      json: { name: 'x', redirect_uris: [] },
    });
    expect(noUris.body).toMatchObject({ message: '[RedirectURIs]: Required' });
  });

  it("another user's app is 404 on GET and DELETE; PATCH fails with Gitea's 500", async () => {
    const { s, basic } = await setup();
    await callApi(s, 'POST', '/user/applications/oauth2', { headers: basic('alice'), json: body });
    expect((await callApi(s, 'GET', '/user/applications/oauth2/1', { headers: basic('bob') })).status).toBe(404);
    expect((await callApi(s, 'DELETE', '/user/applications/oauth2/1', { headers: basic('bob') })).status).toBe(404);
    expect(
      (await callApi(s, 'PATCH', '/user/applications/oauth2/1', { headers: basic('bob'), json: body, raw: true }))
        .status,
    ).toBe(500);
  });

  it('Gitea 1.22 and Forgejo have no skip_secondary_authorization', async () => {
    for (const opts of [{ version: '1.22.6' }, { flavor: 'forgejo', version: '11.0.1' }] as const) {
      const { s, basic } = await setup(opts);
      const created = await callApi(s, 'POST', '/user/applications/oauth2', {
        headers: basic('alice'),
        json: { ...body, skip_secondary_authorization: true },
      });
      expect(created.body).not.toHaveProperty('skip_secondary_authorization');
    }
  });

  it('deleting an app revokes its grants, so its tokens die at once', async () => {
    const { s, basic } = await setup();
    const created = await callApi<Record<string, string>>(s, 'POST', '/user/applications/oauth2', {
      headers: basic('alice'),
      json: body,
    });
    const web = await signedIn(s, 'bob');
    const code = await obtainCode(web, {
      client_id: created.body.client_id ?? '',
      redirect_uri: 'http://127.0.0.1/callback',
    });
    const token = await tokenRequest(s, {
      grant_type: 'authorization_code',
      client_id: created.body.client_id ?? '',
      client_secret: created.body.client_secret ?? '',
      code,
    });
    const access = String(token.body.access_token);
    expect((await callApi(s, 'GET', '/user', { token: access })).status).toBe(200);
    await callApi(s, 'DELETE', '/user/applications/oauth2/1', { headers: basic('alice') });
    expect((await callApi(s, 'GET', '/user', { token: access })).status).toBe(401);
  });
});
