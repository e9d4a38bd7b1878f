/**
 * Test helpers for the Gitea simulator: start one per test file and call its
 * API with every JSON body checked against Gitea's swagger definitions.
 */
import { type RunningSimulator, type StartSimulatorOptions, startSimulator } from '../../sim/index.js';
import { matchPathTemplate, validateGiteaResponse } from './swagger.js';

export interface ApiResult<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface CallOptions {
  /** A PAT or OAuth token sent as `Authorization: token …`. */
  token?: string;
  headers?: Record<string, string>;
  /** JSON body for POST/PUT/PATCH/DELETE. */
  json?: unknown;
  /** Skip swagger validation (only for deliberate non-API paths). */
  raw?: boolean;
  /** A multipart body (file uploads); sent instead of `json`. */
  form?: FormData;
}

/**
 * Calls `/api/v1{path}` and, for JSON answers whose status the swagger file
 * documents with a schema, fails on any mismatch. Error bodies are checked
 * against APIError/APINotFound shapes by the status-specific tests instead.
 */
export async function callApi<T = unknown>(
  sim: RunningSimulator,
  method: string,
  path: string,
  opts: CallOptions = {},
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.Authorization = `token ${opts.token}`;
  if (opts.json !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${sim.url}/api/v1${path}`, {
    method,
    headers,
    body: opts.form ?? (opts.json === undefined ? undefined : JSON.stringify(opts.json)),
  });
  const text = await res.text();
  const isJson = (res.headers.get('content-type') ?? '').includes('application/json');
  const body = (isJson && text ? JSON.parse(text) : text) as T;
  if (!opts.raw && isJson && res.status < 300) {
    const pathOnly = path.split('?')[0] as string;
    const template = matchPathTemplate(method, pathOnly);
    if (!template) throw new Error(`no swagger operation for ${method} ${pathOnly}`);
    const problems = validateGiteaResponse(method, template, res.status, body);
    if (problems.length > 0)
      throw new Error(`${method} ${path} → ${res.status} does not match swagger ${template}:\n${problems.join('\n')}`);
  }
  return { status: res.status, headers: res.headers, body, text };
}

/** Starts a seeded simulator; call `close()` in afterAll. */
export function startTestSim(opts: StartSimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulator(opts);
}

/** The seeded PAT (scope `all`) of a user. */
export function seededToken(sim: RunningSimulator, login: string): string {
  const u = sim.seed.users.find((x) => x.login === login);
  if (!u) throw new Error(`no seeded user ${login}`);
  return u.token;
}

/**
 * Calls the API as a seeded user and fails unless Gitea answered 2xx: how a
 * test sets up (or reads back) what it needs without touching the simulator's
 * tables.
 */
export async function apiAs<T = unknown>(
  sim: RunningSimulator,
  login: string,
  method: string,
  path: string,
  opts: Omit<CallOptions, 'token'> = {},
): Promise<T> {
  const res = await callApi<T>(sim, method, path, { ...opts, token: seededToken(sim, login) });
  if (res.status >= 300) throw new Error(`${method} ${path} as ${login} → ${res.status}: ${res.text.slice(0, 300)}`);
  return res.body;
}
