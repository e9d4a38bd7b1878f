/**
 * The set-up the outside review attacked: `gatea serve` (startGateway) in
 * front of the simulator with direct tokens, writes, every toolset and the
 * legacy SSE transport on, plus service keys acting with alice's token. Every
 * way in is reachable here: POST /mcp and its alias /mcp/sse (single and
 * batch), GET /sse + POST /messages, POST /api/tools/{name} and its alias
 * POST /mcp/tool/call. Attacks are judged by the simulator's
 * state (`simFingerprint`), not by the gateway's answer.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGit } from '../../sim/git.js';
import type { RunningSimulator, StartSimulatorOptions } from '../../sim/index.js';
import { type RunningGateway, startGateway } from '../../src/cli/gateway.js';
import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/observability/index.js';
import { captureLogs } from '../support/log-capture.js';
import { createServiceKey } from '../support/service-keys.js';
import { seededToken, startTestSim } from '../support/sim.js';

export interface SecurityRig {
  readonly sim: RunningSimulator;
  readonly gateway: RunningGateway;
  readonly base: string;
  /** Service keys acting with the Gitea token of `keyUser` (alice unless told). */
  readonly keys: { readonly aliceRead: string; readonly aliceWrite: string };
  /** Every log line the gateway wrote, parsed. */
  readonly logs: Record<string, unknown>[];
  /** Raw log text, for secret searches. */
  logText(): string;
  /** An OAuth access token Gitea issues to `login` for Gatea's app with `scope`. */
  oauthToken(login: string, scope: string): Promise<string>;
  close(): Promise<void>;
}

/** Starts the rig; `simOptions` picks the simulator's flavor and version (Gitea 1.25 by default), `extraEnv` adds settings. */
export async function startSecurityRig(
  keyUser = 'alice',
  simOptions: StartSimulatorOptions = {},
  extraEnv: Record<string, string> = {},
): Promise<SecurityRig> {
  const sim = await startTestSim(simOptions);
  const dir = await mkdtemp(join(tmpdir(), 'gatea-security-'));
  const app = sim.seed.oauthApp;
  if (!app) throw new Error('no seeded OAuth app');
  const env: Record<string, string> = {
    GITEA_URL: sim.url,
    GATEA_PORT: '0',
    GATEA_DATABASE_URL: `sqlite:${join(dir, 'gatea.db')}`,
    GATEA_DIRECT_TOKENS: 'true',
    GATEA_READ_ONLY: 'false',
    GATEA_TOOLSETS: 'all',
    GATEA_LEGACY_SSE: 'true',
    GITEA_OAUTH_CLIENT_ID: app.clientId,
    GITEA_OAUTH_CLIENT_SECRET: app.clientSecret,
    GATEA_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
    ALICE_GITEA_TOKEN: seededToken(sim, keyUser),
    ...extraEnv,
  };
  const createKey = (name: string, scopes: 'read' | 'write') =>
    createServiceKey(env.GATEA_DATABASE_URL as string, name, scopes, 'ALICE_GITEA_TOKEN');
  const keys = {
    aliceRead: await createKey('alice-reader', 'read'),
    aliceWrite: await createKey('alice-writer', 'write'),
  };
  const captured = captureLogs();
  const gateway = await startGateway(
    loadConfig(env),
    env,
    createLogger({ level: 'debug', destination: captured.sink }),
  );
  return {
    sim,
    gateway,
    base: gateway.url,
    keys,
    logs: captured.lines,
    logText: captured.text,
    async oauthToken(login, scope) {
      const user = sim.sim.state.userByLogin(login);
      const oauthApp = [...sim.oauth.store.apps.values()][0];
      if (!user || !oauthApp) throw new Error('seed');
      return (await sim.oauth.issueTokens(user.id, oauthApp, scope)).accessToken;
    },
    async close() {
      await gateway.close();
      await sim.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A digest of everything a write could change in the simulator: its tables
 * (issues, labels, releases, secrets, …) and every ref of every repository
 * and wiki on disk. Token bookkeeping (last use) is left out: reads touch it.
 */
export async function simFingerprint(sim: RunningSimulator): Promise<string> {
  const state = sim.sim.state as unknown as Record<string, unknown>;
  const skip = new Set(['tokens', 'oauthApps', 'oauthGrants', 'oauthCodes', 'counters']);
  const tables = Object.entries(state).filter(([k]) => !skip.has(k));
  const json = JSON.stringify(tables, (key, value: unknown) => {
    if (key === 'lastLogin') return undefined;
    if (value instanceof Map) return [...value.entries()];
    if (value instanceof Set) return [...value].sort();
    return value;
  });
  const hash = createHash('sha256').update(json);
  for (const repo of sim.sim.state.repos.values())
    for (const gitDir of [repo.gitDir, repo.wikiGitDir]) {
      const refs = await runGit(gitDir, ['for-each-ref', '--format=%(refname) %(objectname)']).catch(() => null);
      hash.update(`${gitDir}\n${refs ? refs.stdout.toString() : 'absent'}\n`);
    }
  return hash.digest('hex');
}

/** One JSON-RPC `tools/call` message. */
export const toolCall = (name: string, args: unknown, id: number | string = 1) => ({
  jsonrpc: '2.0' as const,
  id,
  method: 'tools/call',
  params: { name, arguments: args },
});

/** POST /mcp (or another MCP endpoint path, e.g. `/mcp/sse`) with `body` and `authorization`. */
export async function postMcp(
  rig: SecurityRig,
  body: unknown,
  authorization: string,
  path: '/mcp' | '/mcp/sse' = '/mcp',
): Promise<{ status: number; headers: Headers; json: unknown; text: string }> {
  const res = await fetch(`${rig.base}${path}`, {
    method: 'POST',
    headers: {
      authorization,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: kept as text
  }
  return { status: res.status, headers: res.headers, json, text };
}

/** A plain-JSON tool call's answer. */
export interface RestAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly json: Record<string, unknown>;
}

async function postJson(rig: SecurityRig, path: string, body: unknown, authorization: string): Promise<RestAnswer> {
  const res = await fetch(`${rig.base}${path}`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
}

/** POST /api/tools/{name} with the arguments as the body. */
export function postRest(rig: SecurityRig, name: string, args: unknown, authorization: string): Promise<RestAnswer> {
  return postJson(rig, `/api/tools/${name}`, args, authorization);
}

/** POST /mcp/tool/call with `{"tool": name, "arguments": args}` (the older Gitea MCP setups' shape). */
export function postToolCall(
  rig: SecurityRig,
  name: string,
  args: unknown,
  authorization: string,
): Promise<RestAnswer> {
  return postJson(rig, '/mcp/tool/call', { tool: name, arguments: args }, authorization);
}

/** A legacy SSE session: POST a message, read the answer with its id from the stream. */
export interface SseSession {
  readonly status: number;
  post(message: unknown): Promise<number>;
  /** The next `message` event whose id is `id`. */
  answer(id: number | string): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function openSse(rig: SecurityRig, authorization: string): Promise<SseSession> {
  const controller = new AbortController();
  const res = await fetch(`${rig.base}/sse`, { headers: { authorization }, signal: controller.signal });
  if (res.status !== 200 || !res.body) {
    controller.abort();
    return {
      status: res.status,
      post: () => Promise.reject(new Error('no session')),
      answer: () => Promise.reject(new Error('no session')),
      close: async () => {},
    };
  }
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const events: { event: string; data: string }[] = [];
  const nextEvent = async (): Promise<{ event: string; data: string }> => {
    for (;;) {
      const queued = events.shift();
      if (queued) return queued;
      const { value, done } = await reader.read();
      if (done) throw new Error('SSE stream ended');
      buffer += decoder.decode(value, { stream: true });
      let cut = buffer.indexOf('\n\n');
      while (cut >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data !== undefined) events.push({ event, data });
        cut = buffer.indexOf('\n\n');
      }
    }
  };
  const endpoint = await nextEvent();
  const postUrl = new URL(endpoint.data, rig.base).href;
  return {
    status: res.status,
    async post(message) {
      const r = await fetch(postUrl, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify(message),
      });
      await r.body?.cancel();
      return r.status;
    },
    async answer(id) {
      for (;;) {
        const e = await nextEvent();
        const msg = JSON.parse(e.data) as Record<string, unknown>;
        if (e.event === 'message' && msg.id === id) return msg;
      }
    },
    async close() {
      controller.abort();
      await reader.cancel().catch(() => undefined);
    },
  };
}

/** The text of a JSON-RPC tools/call answer (result content or error message). */
export function answerText(msg: unknown): { isError: boolean; text: string } {
  const m = msg as { result?: { isError?: boolean; content?: { text?: string }[] }; error?: { message?: string } };
  if (m.error) return { isError: true, text: m.error.message ?? '' };
  return { isError: m.result?.isError === true, text: m.result?.content?.[0]?.text ?? '' };
}
