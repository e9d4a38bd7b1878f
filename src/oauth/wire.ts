/**
 * The wire forms the facade speaks: OAuth JSON errors (RFC 6749 §5.2),
 * form bodies, client authentication at the token and revocation endpoints
 * (none, client_secret_post, client_secret_basic; secrets compared by hash in
 * constant time), browser-bound cookies, and escaped HTML pages.
 */
import { timingSafeEqual } from 'node:crypto';
import type { ClientRegistration, Store } from '../store/index.js';
import { hashSecret } from './grants.js';

/** `error` + `error_description` as JSON, never cached. */
export function oauthError(status: number, error: string, description: string, headers: Record<string, string> = {}) {
  return Response.json(
    { error, error_description: description },
    { status, headers: { 'cache-control': 'no-store', pragma: 'no-cache', ...headers } },
  );
}

/** Constant-time equality of two strings (unequal lengths are unequal, still without early exit on content). */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The body of a form POST (application/x-www-form-urlencoded); the routes cap its size. */
export async function readForm(req: Request): Promise<URLSearchParams | null> {
  const type = req.headers.get('content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) return null;
  return new URLSearchParams(await req.text());
}

/** The authenticated client of a token or revocation request, or the error response to send. */
export async function authenticateClient(
  req: Request,
  form: URLSearchParams,
  store: Store,
): Promise<ClientRegistration | Response> {
  let clientId = form.get('client_id');
  let secret = form.get('client_secret');
  const header = req.headers.get('authorization');
  if (header?.toLowerCase().startsWith('basic ')) {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return oauthError(401, 'invalid_client', 'The Basic credentials are malformed.');
    // RFC 6749 §2.3.1: both parts are form-urlencoded inside Basic.
    try {
      clientId = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '));
      secret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' '));
    } catch {
      return oauthError(401, 'invalid_client', 'The Basic credentials are malformed.');
    }
  }
  const unknown = () =>
    oauthError(
      401,
      'invalid_client',
      'This client is not registered with Gatea (or its registration was removed). Register again.',
    );
  if (!clientId) return oauthError(400, 'invalid_request', 'client_id is required.');
  const client = await store.findClient(clientId);
  if (!client) return unknown();
  if (client.clientSecretHash === null) return client;
  if (!secret || !sameSecret(hashSecret(secret), client.clientSecretHash))
    return oauthError(401, 'invalid_client', 'The client secret is missing or wrong.');
  return client;
}

/** Cookie names: `__Host-` on https (RFC 6265bis), plain on http loopback where `Secure` cannot be set. */
export function cookieName(base: string, issuer: string): string {
  return issuer.startsWith('https:') ? `__Host-${base}` : base;
}

/** A `Set-Cookie` value for a short-lived, browser-bound secret. */
export function setCookie(name: string, value: string, issuer: string, maxAgeSeconds: number): string {
  const secure = issuer.startsWith('https:') ? '; Secure' : '';
  return `${name}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure}`;
}

/** The value of cookie `name` in `req`, if present. */
export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

/**
 * Headers of every page the facade renders: no framing, no caching, nothing
 * loaded from elsewhere. `same-origin` (not the app's `no-referrer`): with no
 * referrer at all, browsers send `Origin: null` on the consent form's POST,
 * which the Origin check must refuse; cross-origin requests still get none.
 */
export const PAGE_HEADERS = {
  'referrer-policy': 'same-origin',
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
};

/** A small HTML page with a title and paragraphs (all escaped). */
export function page(status: number, title: string, paragraphs: readonly string[], extraHtml = ''): Response {
  const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)} — Gatea</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#222}h1{font-size:1.4rem}code{background:#f3f3f3;padding:0 .2em}.actions{display:flex;gap:1rem;margin-top:1.5rem}button{font:inherit;padding:.5rem 1.2rem;border-radius:6px;border:1px solid #888;background:#fff;cursor:pointer}button.primary{background:#1f6feb;color:#fff;border-color:#1f6feb}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}</style></head><body><h1>${escapeHtml(title)}</h1>\n${body}\n${extraHtml}</body></html>`;
  return new Response(html, { status, headers: PAGE_HEADERS });
}
