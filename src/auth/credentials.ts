/**
 * Reads the caller's credentials from a request, telling apart every way a
 * caller can get it wrong so the 401 can say which one it was (issue 5:
 * empty service tokens used to fail with a bare 401 on both sides).
 */

export type Credentials =
  | { kind: 'none' }
  /** `Authorization:` present but blank. */
  | { kind: 'empty_header' }
  /** `Authorization: Bearer` with nothing after it. */
  | { kind: 'empty_bearer' }
  /**
   * A scheme other than Bearer (or Gitea's `token`). `scheme` is set only for a
   * registered HTTP scheme (Basic, Digest, …): a bare key sent without a scheme
   * lands here too, and must never be echoed.
   */
  | { kind: 'unsupported_scheme'; scheme: string | null }
  /** `?access_token=` or `?token=` in the URL (RFC 6750 §2.3 query form is refused). */
  | { kind: 'query_token'; parameter: string }
  | { kind: 'bearer'; token: string };

const QUERY_TOKEN_PARAMS = ['access_token', 'token'] as const;

/** Reads request headers by lower-case name: a web `Headers`, or node:http's headers behind the same method. */
export interface HeaderReader {
  get(name: string): string | null;
}

/** What credentials are read from: a web `Request`, or the node:http lane's view of one (`url` may be a path). */
export interface CredentialSource {
  readonly url: string;
  readonly headers: HeaderReader;
}

/** IANA HTTP authentication schemes: safe to name back to the caller. */
const KNOWN_SCHEMES = new Map(
  ['Basic', 'Digest', 'Negotiate', 'NTLM', 'DPoP', 'HOBA', 'Mutual', 'SCRAM-SHA-256', 'vapid', 'PrivateToken'].map(
    (s) => [s.toLowerCase(), s] as const,
  ),
);

/** Extracts the bearer token of `req` (RFC 6750 §2.1); `token <T>` is accepted as Gitea clients send it. */
export function readCredentials(req: CredentialSource): Credentials {
  if (req.url.includes('?')) {
    const url = new URL(req.url, 'http://gatea.invalid');
    for (const parameter of QUERY_TOKEN_PARAMS)
      if (url.searchParams.has(parameter)) return { kind: 'query_token', parameter };
  }
  const header = req.headers.get('authorization');
  if (header === null) return { kind: 'none' };
  const trimmed = header.trim();
  if (trimmed === '') return { kind: 'empty_header' };
  const space = trimmed.search(/\s/);
  const scheme = space < 0 ? trimmed : trimmed.slice(0, space);
  const value = space < 0 ? '' : trimmed.slice(space + 1).trim();
  const lower = scheme.toLowerCase();
  if (lower !== 'bearer' && lower !== 'token')
    return { kind: 'unsupported_scheme', scheme: KNOWN_SCHEMES.get(lower) ?? null };
  if (value === '') return { kind: 'empty_bearer' };
  return { kind: 'bearer', token: value };
}

/** A sentence for the caller explaining a credentials problem, or null when a token was read. */
export function describeCredentialsProblem(creds: Credentials): string | null {
  switch (creds.kind) {
    case 'none':
      return 'No credentials were sent. Send "Authorization: Bearer <token>" (an access token from Gatea, or a gmk_ service key).';
    case 'empty_header':
      return 'The Authorization header is empty. Send "Authorization: Bearer <token>"; if a service sends this, its token variable is probably unset.';
    case 'empty_bearer':
      return 'The Authorization header says "Bearer" but carries no token. The calling service most likely read an empty token variable.';
    case 'unsupported_scheme':
      return creds.scheme
        ? `The Authorization scheme ${creds.scheme} is not supported. Send "Authorization: Bearer <token>".`
        : 'The Authorization header has no Bearer scheme (a token sent bare?). Send "Authorization: Bearer <token>".';
    case 'query_token':
      return `Tokens are not accepted in the URL (?${creds.parameter}=): URLs end up in logs and browser history. Send "Authorization: Bearer <token>" instead.`;
    case 'bearer':
      return null;
  }
}
