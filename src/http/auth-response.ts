/**
 * The one mapping from auth refusals to HTTP (RFC 6750 §3, RFC 9728 §5.1,
 * MCP 2025-11-25 authorization): every challenge names the protected
 * resource metadata; `scope=` carries the minimal scopes on a 401 and only
 * the missing ones on a 403; a request without usable credentials gets the
 * plain challenge with no error code.
 */
import { type AuthError, buildBearerChallenge } from '../auth/index.js';
import type { ToolFailure } from '../mcp/index.js';
import { json } from './responses.js';

/** What every challenge of this gateway carries. */
export interface ChallengeContext {
  /** URL of the RFC 9728 document. */
  readonly resourceMetadataUrl: string;
  /** What a client should request (the PRM `scopes_supported`). */
  readonly scopes: readonly string[];
}

/** The response for an AuthError. */
export function authErrorResponse(err: AuthError, ctx: ChallengeContext): Response {
  const description = err.message;
  const challenge = (error?: 'invalid_request' | 'invalid_token' | 'insufficient_scope', scope?: readonly string[]) =>
    buildBearerChallenge({
      resourceMetadata: ctx.resourceMetadataUrl,
      scope: (scope ?? ctx.scopes).join(' '),
      ...(error ? { error, errorDescription: description } : {}),
    });
  switch (err.code) {
    case 'missing_credentials':
      return json(401, { error_description: description }, { 'www-authenticate': challenge() });
    case 'invalid_request':
      return json(
        400,
        { error: 'invalid_request', error_description: description },
        { 'www-authenticate': challenge('invalid_request') },
      );
    case 'invalid_token':
      return json(
        401,
        { error: 'invalid_token', error_description: description },
        { 'www-authenticate': challenge('invalid_token') },
      );
    case 'insufficient_scope':
      return json(
        403,
        { error: 'insufficient_scope', error_description: description },
        { 'www-authenticate': challenge('insufficient_scope', err.details.missingScopes) },
      );
    case 'rate_limited':
      return json(
        429,
        { error: 'rate_limited', error_description: description },
        { 'retry-after': String(err.details.retryAfterSeconds ?? 60) },
      );
    case 'temporarily_unavailable':
    case 'service_key_unconfigured':
      return json(503, { error: err.code, error_description: description }, { 'retry-after': '30' });
  }
}

/** The `WWW-Authenticate` value for a tool call refused for scope (missing scopes only). */
export function scopeChallenge(failure: ToolFailure, ctx: ChallengeContext): string {
  return buildBearerChallenge({
    resourceMetadata: ctx.resourceMetadataUrl,
    ...(failure.requiredScopes?.length ? { scope: failure.requiredScopes.join(' ') } : {}),
    error: 'insufficient_scope',
    errorDescription: failure.message,
  });
}
