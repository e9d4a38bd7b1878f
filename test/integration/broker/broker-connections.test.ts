/**
 * `/connections`: a user signs in through Gitea, sees the clients connected
 * in their name (and nobody else's), and revokes one — whose tokens stop
 * working at once while the others keep working. Forged revoke forms and
 * other users' grants are refused.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formFields } from '../../support/sim-oauth.js';
import { type BrokerRig, Browser, startBrokerRig } from './harness.js';

let rig: BrokerRig;
const REDIRECT = 'http://127.0.0.1:8124/callback';

beforeAll(async () => {
  rig = await startBrokerRig();
});
afterAll(async () => {
  await rig?.close();
});

/** Registers `name`, signs `login` in with it and returns its access token. */
async function connect(login: string, name: string): Promise<string> {
  const reg = await fetch(`${rig.base}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ redirect_uris: [REDIRECT], client_name: name, token_endpoint_auth_method: 'none' }),
  });
  const { client_id } = (await reg.json()) as { client_id: string };
  const verifier = randomBytes(32).toString('base64url');
  const browser = new Browser(rig, login);
  await browser.signIn();
  const landed = await browser.authorize(
    `${rig.base}/authorize?${new URLSearchParams({
      response_type: 'code',
      client_id,
      redirect_uri: REDIRECT,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    })}`,
  );
  const res = await fetch(`${rig.base}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id,
      code: landed.searchParams.get('code') as string,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

/** A browser signed in to /connections as `login`. */
async function connectionsSession(login: string): Promise<Browser> {
  const browser = new Browser(rig, login);
  await browser.signIn();
  let res = await browser.web.fetch(`${rig.base}/connections/login`);
  res = await browser.web.fetch(res.headers.get('location') as string);
  if (res.status === 200) {
    const { submitConsent } = await import('../../support/sim-oauth.js');
    res = await submitConsent(browser.web, await res.text(), true);
  }
  res = await browser.web.fetch(res.headers.get('location') as string);
  expect(res.headers.get('location')).toBe('/connections');
  return browser;
}

const works = async (token: string) =>
  (await fetch(`${rig.base}/api/tools/get_me`, { method: 'POST', headers: { authorization: `Bearer ${token}` } }))
    .status;

describe('/connections', () => {
  it('asks to sign in first', async () => {
    const res = await fetch(`${rig.base}/connections`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('href="/connections/login"');
  });

  it('lists my clients only, and revoking one stops its tokens at once', async () => {
    const claude = await connect('alice', 'Claude');
    const cursor = await connect('alice', 'Cursor');
    const bobs = await connect('bob', 'Bob Client');
    const alice = await connectionsSession('alice');
    const html = await (await alice.web.fetch(`${rig.base}/connections`)).text();
    expect(html).toContain('Signed in to Gitea as alice.');
    expect(html).toContain('Claude');
    expect(html).toContain('Cursor');
    expect(html).not.toContain('Bob Client');

    const forms = [...html.matchAll(/<tr>[\s\S]*?<\/tr>/g)].map((m) => m[0]);
    const claudeRow = forms.find((f) => f.includes('Claude')) as string;
    const fields = formFields(claudeRow);
    const revoked = await alice.web.post(`${rig.base}/connections/revoke`, fields);
    expect(revoked.status).toBe(303);
    expect(await works(claude)).toBe(401);
    expect(await works(cursor)).toBe(200);
    expect(await works(bobs)).toBe(200);
    const after = await (await alice.web.fetch(`${rig.base}/connections`)).text();
    expect(after).not.toContain('Claude');
  });

  it('refuses a forged form and another user’s grant', async () => {
    const bobs = await connect('bob', 'Bob Tool');
    const bob = await connectionsSession('bob');
    const bobGrant = formFields(
      [...(await (await bob.web.fetch(`${rig.base}/connections`)).text()).matchAll(/<tr>[\s\S]*?<\/tr>/g)]
        .map((m) => m[0])
        .find((r) => r.includes('Bob Tool')) as string,
    );
    // Without the session's form token.
    expect((await bob.web.post(`${rig.base}/connections/revoke`, { grant: bobGrant.grant as string })).status).toBe(
      400,
    );
    // Alice, signed in, with her own valid form token (her page has one for her own connection), aiming at bob's grant.
    await connect('alice', 'Alice Tool');
    const alice = await connectionsSession('alice');
    const aliceHtml = await (await alice.web.fetch(`${rig.base}/connections`)).text();
    const aliceCsrf = /name="csrf" value="([^"]+)"/.exec(aliceHtml)?.[1];
    expect(aliceCsrf).toEqual(expect.any(String));
    const res = await alice.web.post(`${rig.base}/connections/revoke`, {
      grant: bobGrant.grant as string,
      csrf: aliceCsrf as string,
    });
    expect(res.status).toBe(404);
    expect(await works(bobs)).toBe(200);
    expect(await (await bob.web.fetch(`${rig.base}/connections`)).text()).toContain('Bob Tool');
  });
});
