/**
 * Helpers for driving the simulator's OAuth2 provider over plain HTTP: a
 * cookie-keeping web client (no redirects followed), sign-in, the consent
 * form, PKCE pairs, and small fixtures for unseeded simulators (fast start).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { RunningSimulator } from '../../sim/index.js';
import type { SimOAuthApp, SimUser } from '../../sim/state.js';

/** A browser-like client: keeps cookies, never follows redirects. */
export class WebClient {
  readonly cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('Cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(path.startsWith('http') ? path : `${this.base}${path}`, {
      ...init,
      headers,
      redirect: 'manual',
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (/max-age=0|expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  /** POSTs an urlencoded form. */
  post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    return this.fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields).toString(),
    });
  }
}

/** The `value` of every `<input name=… value=…>` in `html` (our pages put name before value). */
export function formFields(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<input[^>]*\bname="([^"]+)"[^>]*\bvalue="([^"]*)"/g))
    out[m[1] ?? ''] = (m[2] ?? '').replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));
  return out;
}

/** Signs in through GET+POST /user/login; returns the POST response (303 on success). */
export async function signIn(web: WebClient, login: string, password: string): Promise<Response> {
  const page = await (await web.fetch('/user/login')).text();
  return web.post('/user/login', { _csrf: formFields(page)._csrf ?? '', user_name: login, password });
}

/** A signed-in web client. */
export async function signedIn(sim: RunningSimulator, login: string, password = `${login}-password-1`) {
  const web = new WebClient(sim.url);
  const res = await signIn(web, login, password);
  if (res.status !== 303) throw new Error(`sign-in of ${login} failed: ${res.status}`);
  return web;
}

/** Submits the consent page `html` with granted=true|false. */
export function submitConsent(web: WebClient, html: string, granted: boolean): Promise<Response> {
  const f = formFields(html);
  return web.post('/login/oauth/grant', { ...f, granted: String(granted) });
}

/** An RFC 7636 verifier and its S256 challenge. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** Query parameters of a redirect's Location. */
export function locationParams(res: Response): URLSearchParams {
  return new URL(res.headers.get('location') ?? '', 'http://x').searchParams;
}

/** Adds a user account directly to the state (for unseeded simulators). */
export function addTestUser(sim: RunningSimulator, login: string, extra: Partial<SimUser> = {}): SimUser {
  const state = sim.sim.state;
  const user: SimUser = {
    id: state.nextId('user'),
    type: 'user',
    login,
    fullName: '',
    email: `${login}@example.com`,
    password: `${login}-password-1`,
    isAdmin: false,
    visibility: 'public',
    keepEmailPrivate: false,
    active: true,
    prohibitLogin: false,
    restricted: false,
    description: '',
    website: '',
    location: '',
    language: 'en-US',
    created: new Date('2024-01-01T00:00:00Z'),
    lastLogin: new Date('2024-01-01T00:00:00Z'),
    followers: new Set(),
    following: new Set(),
    ...extra,
  };
  state.users.set(user.id, user);
  return user;
}

/** Registers an OAuth app owned by `owner`; returns it with its plain secret. */
export function addTestApp(
  sim: RunningSimulator,
  owner: SimUser,
  opts: { confidential?: boolean; redirectUris?: string[]; skip?: boolean; name?: string } = {},
): SimOAuthApp & { clientSecret: string } {
  return sim.oauth.store.createApp(
    {
      ownerId: owner.id,
      name: opts.name ?? 'test-app',
      redirectUris: opts.redirectUris ?? ['http://127.0.0.1/callback'],
      confidential: opts.confidential ?? true,
      skipSecondaryAuthorization: opts.skip ?? false,
    },
    sim.sim.now(),
  );
}

/** POSTs a form to the token endpoint; returns status, headers and parsed JSON. */
export async function tokenRequest(
  sim: RunningSimulator,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const res = await fetch(`${sim.url}/login/oauth/access_token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

/** `/login/oauth/authorize?…` with `response_type=code` unless overridden. */
export function authorizePath(params: Record<string, string>): string {
  return `/login/oauth/authorize?${new URLSearchParams({ response_type: 'code', ...params })}`;
}

/**
 * Runs authorize (and consent when shown) for a signed-in `web` and returns
 * the code from the 303 back to the client.
 */
export async function obtainCode(web: WebClient, params: Record<string, string>): Promise<string> {
  let res = await web.fetch(authorizePath(params));
  if (res.status === 200) res = await submitConsent(web, await res.text(), true);
  const code = locationParams(res).get('code');
  if (res.status !== 303 || !code) throw new Error(`no code: ${res.status} ${res.headers.get('location')}`);
  return code;
}
