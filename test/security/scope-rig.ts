/**
 * The scope matrix's set-up, one per flavor: the security rig (gateway in
 * direct-token mode, writes and every toolset on) in front of a fresh seeded
 * simulator of that flavor; Gitea OAuth access tokens obtained through the
 * simulator's real authorize + consent + token flow, one OAuth app per scope
 * set (Gitea keeps one grant per user and app, and re-authorizing does not
 * change its scope); tool calls over real HTTP POST /mcp; and fixtures that
 * create a case's targets through Gitea's API with a seeded `all` token.
 */
import { Agent, fetch as undiciFetch } from 'undici';
import type { SimRequestRecord } from '../../sim/http/request-log.js';
import type { RunningSimulator } from '../../sim/index.js';
import type { Flavor } from '../../sim/profile.js';
import { callApi, seededToken } from '../support/sim.js';
import { addTestApp, obtainCode, signedIn, tokenRequest, type WebClient } from '../support/sim-oauth.js';
import { type SecurityRig, startSecurityRig, toolCall } from './harness.js';

type Json = Record<string, unknown>;

/** Whom every matrix call acts as: alice owns alice/hello-world and the acme organization. */
export const CALLER = 'alice';
const REDIRECT_URI = 'http://127.0.0.1/callback';

/** A token for one scope set, validated by the gateway once (its tools/list, or its refusal). */
export interface Grant {
  readonly token: string;
  readonly scopes: readonly string[];
  /** Tool names its tools/list shows; null when the gateway refused the token itself. */
  readonly listed: ReadonlySet<string> | null;
}

/** One answer of POST /mcp. */
export interface McpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly json: unknown;
}

export interface ScopeRig {
  readonly flavor: Flavor;
  readonly sim: RunningSimulator;
  readonly security: SecurityRig;
  /** The token for exactly `scopes` (cached: many tools share a scope set). */
  grant(scopes: readonly string[]): Promise<Grant>;
  /**
   * One tools/call over POST /mcp. `fromOwnAddress` sends it from a loopback
   * address no other call used, so the gateway's per-client budget of token
   * validations (30 a minute) is not what answers a token the gateway
   * re-validates on every call (one it refuses for lacking the probe scope).
   */
  callTool(token: string, name: string, args: Json, fromOwnAddress?: boolean): Promise<McpAnswer>;
  /** What reached the simulator after `mark` (from `sim.sim.requests.mark()`). */
  requestsSince(mark: number): readonly SimRequestRecord[];
  readonly fx: Fixtures;
  close(): Promise<void>;
}

/** Set-up and checks through the simulator's API as a seeded user (`all` token), never through Gatea. */
export interface Fixtures {
  readonly sim: RunningSimulator;
  /** `prefix-N`, unique within this simulator. */
  unique(prefix: string): string;
  /** Calls /api/v1`path` as `as` (default alice); throws unless 2xx; the JSON body (or text). */
  api<T = Json>(method: string, path: string, json?: unknown, as?: string): Promise<T>;
  /** The status of GET /api/v1`path` as alice. */
  status(path: string, as?: string): Promise<number>;
}

async function mcpPost(base: string, token: string, body: unknown, dispatcher?: Agent): Promise<McpAnswer> {
  const res = await undiciFetch(`${base}/mcp`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    body: JSON.stringify(body),
    ...(dispatcher ? { dispatcher } : {}),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, headers: res.headers as unknown as Headers, json };
}

function fixtures(sim: RunningSimulator): Fixtures {
  let counter = 0;
  const api = async <T = Json>(method: string, path: string, json?: unknown, as = CALLER): Promise<T> => {
    const r = await callApi<T>(sim, method, path, {
      token: seededToken(sim, as),
      ...(json === undefined ? {} : { json }),
    });
    if (r.status < 200 || r.status >= 300) throw new Error(`fixture ${method} ${path} as ${as}: ${r.status} ${r.text}`);
    return r.body;
  };
  return {
    sim,
    unique: (prefix) => `${prefix}-${++counter}`,
    api,
    async status(path, as = CALLER) {
      return (await callApi(sim, 'GET', path, { token: seededToken(sim, as), raw: true })).status;
    },
  };
}

/** Starts the rig for `flavor`: simulator, gateway, alice signed in to the simulator's web UI. */
export async function startScopeRig(flavor: Flavor): Promise<ScopeRig> {
  const security = await startSecurityRig(CALLER, { flavor });
  const { sim } = security;
  const agents: Agent[] = [];
  let nextAddress = 2;
  let web: WebClient | undefined;
  const grants = new Map<string, Promise<Grant>>();

  /** Authorize (consent) + code exchange for a new confidential app asking for `scope`, as alice. */
  const issue = async (scopes: readonly string[]): Promise<Grant> => {
    web ??= await signedIn(sim, CALLER);
    const owner = sim.sim.state.userByLogin(CALLER);
    if (!owner) throw new Error(`no ${CALLER}`);
    const scope = scopes.join(' ');
    const app = addTestApp(sim, owner, { name: `scope-matrix ${scope}`, redirectUris: [REDIRECT_URI] });
    const code = await obtainCode(web, { client_id: app.clientId, redirect_uri: REDIRECT_URI, scope, state: 's' });
    const res = await tokenRequest(sim, {
      grant_type: 'authorization_code',
      code,
      client_id: app.clientId,
      client_secret: app.clientSecret,
      redirect_uri: REDIRECT_URI,
    });
    const token = res.body.access_token;
    if (res.status !== 200 || typeof token !== 'string') throw new Error(`token for "${scope}": ${res.status}`);
    // The gateway validates a new token once (userinfo, introspection, API probe) and caches a pass.
    const list = await mcpPost(security.base, token, { jsonrpc: '2.0', id: 1, method: 'tools/list' });
    const tools = (list.json as { result?: { tools?: { name: string }[] } } | null)?.result?.tools;
    const listed = list.status === 200 && tools ? new Set(tools.map((t) => t.name)) : null;
    return { token, scopes, listed };
  };

  return {
    flavor,
    sim,
    security,
    fx: fixtures(sim),
    grant(scopes) {
      const sorted = [...new Set(scopes)].sort();
      const key = sorted.join(' ');
      let g = grants.get(key);
      if (!g) {
        g = issue(sorted);
        grants.set(key, g);
      }
      return g;
    },
    callTool(token, name, args, fromOwnAddress = false) {
      let dispatcher: Agent | undefined;
      if (fromOwnAddress) {
        if (nextAddress > 254) throw new Error('out of loopback addresses');
        dispatcher = new Agent({ localAddress: `127.0.0.${nextAddress++}` });
        agents.push(dispatcher);
      }
      return mcpPost(security.base, token, toolCall(name, args), dispatcher);
    },
    requestsSince: (mark) => sim.sim.requests.since(mark),
    async close() {
      for (const a of agents) await a.close();
      await security.close();
    },
  };
}
