/**
 * `WWW-Authenticate: Bearer …` challenges (RFC 6750 §3, RFC 9728 §5.1,
 * MCP 2025-11-25 authorization: scope in the challenge, step-up with
 * `insufficient_scope`).
 */

export interface BearerChallenge {
  /** URL of the protected resource metadata document (RFC 9728). */
  resourceMetadata: string;
  /** Space-separated scopes that satisfy the request. */
  scope?: string;
  error?: 'invalid_request' | 'invalid_token' | 'insufficient_scope';
  errorDescription?: string;
}

/**
 * A quoted-string whose content needs no escaping: RFC 6750 §3 allows only
 * %x20-21 / %x23-5B / %x5D-7E in `error_description` (no `"`, no `\`), and
 * header values are bytes, so `"` becomes `'`, `\` becomes `/`, and anything
 * outside printable ASCII a space (`…` becomes `...`).
 */
function quote(value: string): string {
  const ascii = value
    .replace(/\u2026/g, '...')
    .replace(/[^\x20-\x7e]/g, ' ')
    .replace(/"/g, "'")
    .replace(/\\/g, '/');
  return `"${ascii}"`;
}

/** Renders the header value, parameters in a stable order. */
export function buildBearerChallenge(ch: BearerChallenge): string {
  const params = [`resource_metadata=${quote(ch.resourceMetadata)}`];
  if (ch.scope) params.push(`scope=${quote(ch.scope)}`);
  if (ch.error) params.push(`error=${quote(ch.error)}`);
  if (ch.errorDescription) params.push(`error_description=${quote(ch.errorDescription)}`);
  return `Bearer ${params.join(', ')}`;
}
