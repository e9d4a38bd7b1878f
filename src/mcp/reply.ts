/**
 * Answers of the MCP endpoint that are already serialised: status, headers
 * and a JSON text. The fast path and the transport-level refusals produce
 * them; the node:http lane writes them straight to the socket, the web
 * (Hono) lane turns them into a `Response` once. Only answers of the SDK
 * transport stay `Response`s.
 */
import type { HeaderReader } from '../auth/index.js';

export type { HeaderReader };

/** A serialised answer. */
export interface JsonReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** What the MCP endpoint answers with. */
export type McpAnswer = JsonReply | Response;

/** A JSON answer: `value` serialised once, with a JSON content type. */
export function jsonReply(status: number, value: unknown, headers: Record<string, string> = {}): JsonReply {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) };
}

/** True for a web `Response` (the SDK transport's answers, auth refusals), false for a serialised reply. */
export function isResponse(answer: McpAnswer): answer is Response {
  return typeof (answer as Response).arrayBuffer === 'function';
}

/** `answer` as a web `Response`. */
export function toResponse(answer: McpAnswer): Response {
  if (isResponse(answer)) return answer;
  // No body at all for an empty one: a Response made from '' would get a text/plain content type.
  return new Response(answer.body === '' ? null : answer.body, { status: answer.status, headers: answer.headers });
}

/** `answer` with extra headers and, optionally, another status (a `Response` is rebuilt around its body for that). */
export function withHeaders(answer: McpAnswer, extra: Record<string, string>, status = answer.status): McpAnswer {
  if (!isResponse(answer)) return { ...answer, status, headers: { ...answer.headers, ...extra } };
  const headers = status === answer.status ? answer.headers : new Headers(answer.headers);
  for (const [name, value] of Object.entries(extra)) headers.set(name, value);
  return status === answer.status ? answer : new Response(answer.body, { status, headers });
}
