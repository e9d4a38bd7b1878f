/**
 * Request-body reading for the provider's web endpoints: Gitea's web.Bind
 * accepts form-encoded bodies and, for the token endpoint, JSON too
 * (reference §1.4). Only string values are kept; anything else counts as absent.
 */
import type { Context } from 'hono';
import type { SimEnv } from '../context.js';

export type FormValues = Record<string, string>;

/** The request's fields: JSON object, urlencoded or multipart; query parameters fill gaps on GET-style binds. */
export async function readForm(c: Context<SimEnv>, withQuery = false): Promise<FormValues> {
  const out: FormValues = {};
  if (withQuery) for (const [k, v] of new URL(c.req.url).searchParams) out[k] ??= v;
  const type = (c.req.header('Content-Type') ?? '').toLowerCase();
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return out;
  if (type.includes('application/json')) {
    const body: unknown = await c.req.json().catch(() => null);
    if (typeof body === 'object' && body !== null && !Array.isArray(body))
      for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v;
    return out;
  }
  if (type.includes('application/x-www-form-urlencoded') || type.includes('multipart/form-data')) {
    const body = await c.req.parseBody().catch(() => ({}));
    for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v;
  }
  return out;
}
