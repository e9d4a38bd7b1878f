/** Small response builders shared by the HTTP surface. */
import { type JsonReply, jsonReply } from '../mcp/index.js';

/** A JSON response. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** 413 with a sentence naming the limit. */
export function tooLarge(maxBodyBytes: number): JsonReply {
  return jsonReply(413, {
    error: 'body_too_large',
    message: `The request body is larger than ${maxBodyBytes} bytes. Send less per call (e.g. fewer files per commit).`,
  });
}
