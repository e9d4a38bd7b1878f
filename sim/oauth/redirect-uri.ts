/**
 * Redirect-URI matching as OAuth2Application.ContainsRedirectURI
 * (models/auth/oauth2.go, reference §1.3): exact string comparison after
 * lower-casing both sides and dropping one trailing `/`; for public clients
 * only, an `http` URI whose host is a loopback IP literal with a port also
 * matches with the port removed (RFC 8252 §7.3). `localhost` is no IP, and
 * https loopback is not covered.
 */
import { isIP } from 'node:net';
import type { SimProfile } from '../profile.js';
import type { SimOAuthApp } from '../state.js';

function fold(uri: string, asciiOnly: boolean): string {
  // Go's strings.ToLower folds all of Unicode; 1.26.2 (#37706) folds ASCII only.
  const lower = asciiOnly ? uri.replace(/[A-Z]/g, (ch) => ch.toLowerCase()) : uri.toLowerCase();
  return lower.endsWith('/') ? lower.slice(0, -1) : lower;
}

/** IPv4 127.0.0.0/8, ::1, or an IPv4-mapped loopback (net.IP.IsLoopback). */
function isLoopbackIp(host: string): boolean {
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) !== 6) return false;
  // WHATWG URL canonicalises IPv6 (::ffff:127.0.0.1 → [::ffff:7f00:1]).
  const canonical = new URL(`http://[${host}]/`).hostname;
  return canonical === '[::1]' || canonical.startsWith('[::ffff:7f');
}

/**
 * The URI with the port of a loopback host removed, re-serialised as Go's
 * url.String() does after `uri.Host = uri.Hostname()`: the brackets of an IPv6
 * host are lost (`http://::1/cb`), so a registered `http://[::1]/cb` never
 * matches a `[::1]` URI with a port. Null when the wildcard does not apply.
 */
function withoutLoopbackPort(uri: string): string | null {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)(.*)$/s.exec(uri);
  if (!m) return null;
  const [, scheme = '', authority = '', rest = ''] = m;
  if (scheme.toLowerCase() !== 'http' || authority.includes('@')) return null;
  const hostPort = /^(\[[^\]]*\]|[^:]*):(\d+)$/.exec(authority);
  if (!hostPort) return null;
  const host = (hostPort[1] ?? '').replace(/^\[(.*)\]$/, '$1');
  if (!isLoopbackIp(host)) return null;
  return `http://${host}${rest}`;
}

/** ContainsRedirectURI for `app` under this version's folding rules. */
export function containsRedirectUri(app: SimOAuthApp, uri: string, profile: SimProfile): boolean {
  const ascii = profile.asciiRedirectUriFolding;
  const registered = app.redirectUris.map((u) => fold(u, ascii));
  const contains = (candidate: string) => registered.includes(fold(candidate, ascii));
  if (!app.confidential) {
    const stripped = withoutLoopbackPort(uri);
    if (stripped !== null && contains(stripped)) return true;
  }
  return contains(uri);
}
