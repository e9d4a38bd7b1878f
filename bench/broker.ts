/**
 * Broker mode for the benchmark, set up the way an operator and a client do
 * it: Gatea's callback registered with the Gitea OAuth app through Gitea's API
 * (which issues a new client secret, as Gitea does on every update), then a
 * Gatea access token through dynamic client registration, the user's sign-in
 * and consent at Gatea and Gitea, and the code exchange with PKCE.
 */
import { Browser } from '../test/support/broker-browser.js';
import { pkcePair } from '../test/support/sim-oauth.js';
import type { SimInfo } from './procs.js';

/** A redirect URI of the benchmark's client: the code is read from the Location, nothing listens there. */
const CLIENT_REDIRECT = 'http://127.0.0.1:9/callback';

async function ok(res: Response, what: string): Promise<Response> {
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
  return res;
}

/**
 * Adds `${gatewayUrl}/oauth/callback` to the redirect URIs of the simulator's
 * Gatea app, as its admin; returns the app's credentials (the secret is new).
 */
export async function registerGatewayCallback(
  sim: SimInfo,
  gatewayUrl: string,
): Promise<{ clientId: string; clientSecret: string }> {
  const admin = sim.users.find((u) => u.admin);
  if (!admin || !sim.oauthApp) throw new Error('the simulator seeded no admin or no OAuth app');
  const api = `${sim.url}/api/v1/user/applications/oauth2`;
  const headers = { authorization: `token ${admin.token}`, 'content-type': 'application/json' };
  const apps = (await (await ok(await fetch(api, { headers }), 'list OAuth apps')).json()) as {
    id: number;
    name: string;
    client_id: string;
    redirect_uris: string[];
    confidential_client: boolean;
  }[];
  const app = apps.find((a) => a.client_id === sim.oauthApp?.clientId);
  if (!app) throw new Error('the Gatea OAuth app is not among the admin’s applications');
  const updated = await ok(
    await fetch(`${api}/${app.id}`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({
        name: app.name,
        redirect_uris: [...app.redirect_uris, `${gatewayUrl}/oauth/callback`],
        confidential_client: app.confidential_client,
      }),
    }),
    'register the callback',
  );
  return { clientId: app.client_id, clientSecret: ((await updated.json()) as { client_secret: string }).client_secret };
}

/** Signs `login` in through the whole broker flow of the gateway at `gatewayUrl`; returns the access token. */
export async function brokerAccessToken(sim: SimInfo, gatewayUrl: string, login: string): Promise<string> {
  const user = sim.users.find((u) => u.login === login);
  if (!user) throw new Error(`no user ${login} in the simulator`);
  const registered = await ok(
    await fetch(`${gatewayUrl}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        redirect_uris: [CLIENT_REDIRECT],
        client_name: 'Gatea benchmark',
        token_endpoint_auth_method: 'none',
      }),
    }),
    'dynamic client registration',
  );
  const clientId = ((await registered.json()) as { client_id: string }).client_id;
  const { verifier, challenge } = pkcePair();
  const browser = new Browser({ giteaUrl: sim.url, gatewayUrl }, login, user.password);
  await browser.signIn();
  const landed = await browser.authorize(
    `${gatewayUrl}/authorize?${new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: CLIENT_REDIRECT,
      state: 'bench',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    })}`,
  );
  const code = landed.searchParams.get('code');
  if (!code) throw new Error(`no code in the redirect: ${landed.search}`);
  const tokens = await ok(
    await fetch(`${gatewayUrl}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        client_id: clientId,
        redirect_uri: CLIENT_REDIRECT,
        code_verifier: verifier,
      }),
    }),
    'code exchange',
  );
  return ((await tokens.json()) as { access_token: string }).access_token;
}
