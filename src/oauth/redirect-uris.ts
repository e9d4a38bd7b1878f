/**
 * Which redirect URIs a client may register (RFC 7591 §2, RFC 6749 §3.1.2,
 * RFC 8252 §7) and whether a requested one matches a registration.
 *
 * Matching is exact string comparison (OAuth 2.1 §2.3.1; MCP security best
 * practices: "no pattern matching or wildcards"), with one exception: http
 * loopback URIs ignore the port and treat localhost, 127.0.0.1 and [::1] as
 * one host (RFC 8252 §7.3), because native clients such as Claude Code
 * register `http://localhost/callback` and then listen on an ephemeral port.
 */

/** Longer URIs are refused: nothing legitimate needs more, and they bloat every stored registration. */
export const MAX_REDIRECT_URI_LENGTH = 2000;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Schemes never allowed, with the reason. Any other syntactically valid scheme
 * is a native app's private-use scheme (RFC 8252 §7.1: `com.example.app:`,
 * and editors' own such as `cursor:` or `vscode:`); the operating system hands
 * those to the app that claimed them.
 */
const REFUSED_SCHEMES = new Map<string, string>([
  ['javascript', 'runs script in the page'],
  ['vbscript', 'runs script in the page'],
  ['data', 'makes a page out of the URI itself'],
  ['blob', 'points at data inside the browser'],
  ['filesystem', 'points at data inside the browser'],
  ['about', 'points at a browser-internal page'],
  ['view-source', 'points at a browser-internal page'],
  ['file', 'points at a local file'],
  ['ftp', 'is not a web or app redirect'],
  ['ws', 'is not a web or app redirect'],
  ['wss', 'is not a web or app redirect'],
]);

/** scheme ":" then, when present, "//" authority (RFC 3986 §3), read from the raw text. */
const URI_HEAD = /^([A-Za-z][A-Za-z0-9+.-]*):(?:\/\/([^/?#]*))?/;
/** host (a bracketed IPv6 literal or a name) and optional port of an authority. */
const AUTHORITY = /^(\[[^\]]*\]|[^:]*)(?::\d*)?$/;
/** http loopback URI: host, then path and query (the port is ignored). */
const HTTP_LOOPBACK = /^http:\/\/(?:localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?([/?].*)?$/i;

/**
 * Null when a client may register `uri` as a redirect URI; otherwise one
 * sentence for the RFC 7591 `invalid_redirect_uri` error_description. The URI
 * itself is not repeated in the sentence.
 */
export function redirectUriProblem(uri: string): string | null {
  if (uri.length > MAX_REDIRECT_URI_LENGTH)
    return `The redirect URI is longer than ${MAX_REDIRECT_URI_LENGTH} characters.`;
  // Browsers strip or reinterpret whitespace, control characters and backslashes, so the URI
  // checked here would not be the one they follow; exact matching needs one spelling.
  if (/[^\x21-\x7e]/.test(uri))
    return 'The redirect URI contains spaces, control or non-ASCII characters; percent-encode them.';
  if (uri.includes('\\')) return 'The redirect URI contains a backslash; use / in paths.';
  if (uri.includes('#')) return 'The redirect URI has a fragment (#…), which RFC 6749 §3.1.2 does not allow.';
  const head = URI_HEAD.exec(uri);
  if (!head || !URL.canParse(uri)) return 'The redirect URI is not an absolute URI (scheme:…).';
  const scheme = (head[1] as string).toLowerCase();
  const authority = head[2];
  if (authority?.includes('@'))
    return 'The redirect URI contains a user name or password (user@host), which is not allowed.';
  if (hasDotSegment(uri.slice(head[0].length)))
    return 'The redirect URI has "." or ".." path segments; register the resolved path.';
  const refused = REFUSED_SCHEMES.get(scheme);
  if (refused) return `The redirect URI uses the ${scheme}: scheme, which ${refused}; it is never allowed.`;
  if (scheme === 'https') return authority ? null : 'The https redirect URI has no host (https://host/…).';
  if (scheme === 'http') {
    const host = AUTHORITY.exec(authority ?? '')?.[1]?.toLowerCase();
    return host !== undefined && LOOPBACK_HOSTS.has(host)
      ? null
      : 'Plain http redirect URIs are allowed only on loopback (http://localhost, http://127.0.0.1 or http://[::1], RFC 8252 §7.3); use https.';
  }
  // A private-use scheme of a native app (RFC 8252 §7.1).
  return uri.length > head[0].length || authority ? null : `The redirect URI has nothing after the ${scheme}: scheme.`;
}

/**
 * True when `requested` may be used with a client that registered
 * `registered`: the identical string, or for http loopback the same path and
 * query on any port and any of localhost, 127.0.0.1 and [::1]. Never a prefix
 * or pattern match; https must match to the character, port included.
 */
export function redirectUriMatches(registered: readonly string[], requested: string): boolean {
  if (redirectUriProblem(requested) !== null) return false;
  if (registered.includes(requested)) return true;
  const wanted = loopbackPathAndQuery(requested);
  return wanted !== null && registered.some((uri) => loopbackPathAndQuery(uri) === wanted);
}

/** Path and query of an http loopback URI ("/" when the path is empty, RFC 3986 §6.2.3), else null. */
function loopbackPathAndQuery(uri: string): string | null {
  const match = HTTP_LOOPBACK.exec(uri);
  if (!match) return null;
  const rest = match[1] ?? '';
  return rest.startsWith('/') ? rest : `/${rest}`;
}

/** True when the path (before any query) has a "." or ".." segment, percent-encoded or not. */
function hasDotSegment(afterAuthority: string): boolean {
  const path = afterAuthority.split('?', 1)[0] ?? '';
  return path.split('/').some((segment) => /^(?:\.|%2e){1,2}$/i.test(segment));
}
