/**
 * Building the redirects back to the client as Go's net/url does: the
 * redirect URI's query is parsed, our keys are set, and the query is
 * re-encoded with keys sorted and url.QueryEscape escaping (space as `+`).
 */

/** Go's url.QueryEscape: only A–Z a–z 0–9 - _ . ~ stay as they are. */
export function queryEscape(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** `uri` with `params` set in its query (url.Values.Set then Encode). */
export function withQuery(uri: string, params: Record<string, string>): string {
  const hash = uri.indexOf('#');
  const fragment = hash >= 0 ? uri.slice(hash) : '';
  const noFragment = hash >= 0 ? uri.slice(0, hash) : uri;
  const q = noFragment.indexOf('?');
  const base = q >= 0 ? noFragment.slice(0, q) : noFragment;
  const values = new Map<string, string[]>();
  for (const [k, v] of new URLSearchParams(q >= 0 ? noFragment.slice(q + 1) : ''))
    values.set(k, [...(values.get(k) ?? []), v]);
  for (const [k, v] of Object.entries(params)) values.set(k, [v]);
  const encoded = [...values.keys()]
    .sort()
    .flatMap((k) => (values.get(k) ?? []).map((v) => `${queryEscape(k)}=${queryEscape(v)}`))
    .join('&');
  return `${base}?${encoded}${fragment}`;
}

/** handleAuthorizeError with a redirect URI: 303 with error, error_description and (always) state. */
export function authorizeErrorLocation(redirectUri: string, error: string, description: string, state: string): string {
  return withQuery(redirectUri, { error, error_description: description, state });
}
