/**
 * JSON request bodies as Gitea's API binder reads them (routers/api/v1/api.go
 * bind): undecodable JSON or a field of the wrong type is a 422 whose message
 * is `<[FieldNames]>: <problem>`, from the first error only.
 */
import type { Context } from 'hono';
import type { SimEnv } from '../context.js';
import { SimApiError, unprocessable } from '../http/errors.js';

/** A decoded JSON object body; an empty body counts as `{}` like Go's binder. */
export type JsonBody = Record<string, unknown>;

/** Reads the request's JSON object body or throws Gitea's 422. */
export async function readJsonBody(c: Context<SimEnv>): Promise<JsonBody> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw unprocessable(`[]: ${err instanceof Error ? err.message : 'invalid JSON'}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw unprocessable('[]: json: cannot unmarshal non-object into Go value');
  return parsed as JsonBody;
}

function typeError(field: string, want: string): Error {
  return unprocessable(`json: cannot unmarshal into Go struct field .${field} of type ${want}`);
}

/** An optional string field (absent or null → undefined). */
export function optString(body: JsonBody, field: string): string | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw typeError(field, 'string');
  return v;
}

/** An optional boolean field (absent or null → undefined). */
export function optBool(body: JsonBody, field: string): boolean | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw typeError(field, 'bool');
  return v;
}

/** An optional array of strings (absent or null → undefined). */
export function optStringArray(body: JsonBody, field: string): string[] | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || !v.every((x): x is string => typeof x === 'string')) throw typeError(field, '[]string');
  return v;
}

/** An uploaded file of an …/assets route: multipart field `attachment`, or a raw body named by `?name=` (Gitea 1.22+). */
export async function readUpload(c: Context<SimEnv>): Promise<{ name: string; content: Buffer }> {
  const name = c.req.query('name') ?? '';
  const type = c.req.header('content-type') ?? '';
  if (type.toLowerCase().startsWith('multipart/form-data')) {
    const form = await c.req.formData();
    const file = form.get('attachment');
    if (!file || typeof file === 'string') throw new SimApiError(400, 'http: no such file');
    return { name: name || file.name, content: Buffer.from(await file.arrayBuffer()) };
  }
  if (!name) throw new SimApiError(400, 'name is required');
  return { name, content: Buffer.from(await c.req.arrayBuffer()) };
}
