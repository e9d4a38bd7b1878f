/**
 * Gitea's API error bodies (services/context/api.go): `{message, url}` with a
 * trailing newline, and `{errors, message, url}` for 404s. Route code throws
 * SimApiError; the app's error handler renders it.
 */
import type { Context } from 'hono';
import type { SimEnv } from '../context.js';

/** An API failure with Gitea's status and message. `noUrl` for the few bodies without `url`. */
export class SimApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly options: {
      notFound?: boolean;
      noUrl?: boolean;
      noBody?: boolean;
      /** For a 404: the texts of the errors passed to `APIErrorNotFound(…, err)`, in its `errors` field. */
      errors?: string[];
    } = {},
  ) {
    super(message);
    this.name = 'SimApiError';
  }
}

/**
 * Go's net/http buffers 2048 bytes of an answer (bufferBeforeChunkingSize):
 * an answer the handler writes whole within that gets a Content-Length, a
 * larger one (json.Encoder writes in one call) goes out chunked, without one.
 */
const GO_CHUNKING_THRESHOLD = 2048;

/**
 * Gitea's JSON encoder output: compact JSON plus a newline, `application/json;charset=utf-8`,
 * framed as Go frames it.
 */
export function giteaJson(c: Context<SimEnv>, body: unknown, status = 200): Response {
  const text = `${JSON.stringify(body)}\n`;
  const headers = { 'Content-Type': 'application/json;charset=utf-8' };
  if (Buffer.byteLength(text) <= GO_CHUNKING_THRESHOLD) return c.body(text, status as 200, headers);
  const bytes = Buffer.from(text);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
  return c.body(stream, status as 200, { ...headers, 'Transfer-Encoding': 'chunked' });
}

export function renderApiError(c: Context<SimEnv>, err: SimApiError): Response {
  const sim = c.get('sim');
  const url = `${sim.appUrl()}api/swagger`;
  if (err.options.noBody) return c.body(null, err.status as 403);
  if (err.options.notFound) {
    const errors = err.options.errors ?? sim.profile.notFoundErrors;
    return giteaJson(c, { errors, message: err.message, url }, 404);
  }
  return giteaJson(c, err.options.noUrl ? { message: err.message } : { message: err.message, url }, err.status);
}

/** 404 with the flavor/version's wording ("not found" or "The target couldn't be found."). */
export function notFound(c: Context<SimEnv>): SimApiError {
  return new SimApiError(404, c.get('sim').profile.notFoundMessage, { notFound: true });
}

/**
 * `ctx.APIErrorNotFound("Some message", err)`: a 404 whose message names the
 * failing lookup and whose `errors` carries the underlying error texts.
 */
export function notFoundWith(message: string, ...errors: string[]): SimApiError {
  return new SimApiError(404, message, { notFound: true, errors: errors.length > 0 ? errors : undefined });
}

/** A missing tag or commit: Gitea 1.25 describes it, older versions used the bare name as the message. */
export function gitNotFound(c: Context<SimEnv>, described: string, bare: string): SimApiError {
  return new SimApiError(404, c.get('sim').profile.describedGitNotFound ? described : bare, { notFound: true });
}

/** `ctx.APIErrorNotFound(err)`: the default 404 message with the error's text in `errors`. */
export function notFoundErr(c: Context<SimEnv>, error: string): SimApiError {
  return new SimApiError(404, c.get('sim').profile.notFoundMessage, { notFound: true, errors: [error] });
}

/**
 * `ctx.APIErrorInternal(err)`: a 500 whose message is empty in production
 * unless the doer is a site admin (services/context/api.go apiErrorInternal).
 */
export function internalError(c: Context<SimEnv>, error: string): SimApiError {
  return new SimApiError(500, c.get('doer')?.isAdmin ? error : '');
}

/** `ErrUserRedirectNotExist` (models/user/redirect.go): what an unknown user or organization name reports. */
export function userRedirectNotExist(name: string): string {
  return `user redirect does not exist [name: ${name.toLowerCase()}]`;
}

export function forbidden(message: string): SimApiError {
  return new SimApiError(403, message);
}

/** `ctx.Status(403)`: several issue handlers refuse with no body at all. */
export function forbiddenWithoutBody(): SimApiError {
  return new SimApiError(403, '', { noBody: true });
}

export function unprocessable(message: string): SimApiError {
  return new SimApiError(422, message);
}
