/**
 * Web sessions for the login, consent and settings pages: a session cookie
 * (`i_like_gitea`, Gitea's default COOKIE_NAME), a per-session CSRF token
 * checked on every web POST (`_csrf` field or `X-Csrf-Token` header), and
 * the `redirect_to` cookie that reqSignIn sets before sending a visitor to
 * /user/login. Sessions live in memory like Gitea's default memory provider.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { SimEnv } from '../context.js';
import type { SimUser } from '../state.js';

export const SESSION_COOKIE = 'i_like_gitea';
const REDIRECT_COOKIE = 'redirect_to';

export interface WebSession {
  readonly id: string;
  userId: number | null;
  readonly csrf: string;
  /** Values the authorize step leaves for the consent POST (client_id, state, redirect_uri, PKCE). */
  readonly data: Map<string, string>;
}

function newSession(): WebSession {
  return {
    id: randomBytes(16).toString('hex'),
    userId: null,
    csrf: randomBytes(24).toString('base64url'),
    data: new Map(),
  };
}

/** In-memory session store keyed by the session cookie. */
export class SessionStore {
  private readonly sessions = new Map<string, WebSession>();

  /** The request's session, if its cookie names a live one. */
  current(c: Context<SimEnv>): WebSession | undefined {
    const id = getCookie(c, SESSION_COOKIE);
    return id ? this.sessions.get(id) : undefined;
  }

  /** The request's session, created (and its cookie set) when missing. */
  ensure(c: Context<SimEnv>): WebSession {
    return this.current(c) ?? this.start(c);
  }

  /** A fresh session replacing the current one (Gitea regenerates the session id at sign-in). */
  start(c: Context<SimEnv>, userId: number | null = null): WebSession {
    const old = this.current(c);
    if (old) this.sessions.delete(old.id);
    const session = newSession();
    session.userId = userId;
    this.sessions.set(session.id, session);
    setCookie(c, SESSION_COOKIE, session.id, { path: '/', httpOnly: true, sameSite: 'Lax' });
    return session;
  }

  /** The signed-in user of the request, if any. */
  user(c: Context<SimEnv>): SimUser | null {
    const session = this.current(c);
    if (!session || session.userId === null) return null;
    const user = c.get('sim').state.users.get(session.userId);
    return user && user.type === 'user' && !user.prohibitLogin ? user : null;
  }

  /** Ends the request's session. */
  end(c: Context<SimEnv>): void {
    const session = this.current(c);
    if (session) this.sessions.delete(session.id);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
  }
}

/**
 * Gitea's CSRF check: header first, then form field; compared in constant
 * time because the token is the only thing stopping a cross-site POST.
 */
export function csrfValid(c: Context<SimEnv>, session: WebSession | undefined, formToken: string): boolean {
  const token = c.req.header('X-Csrf-Token') ?? formToken;
  return !!session && token !== '' && constantTimeEqual(token, session.csrf);
}

/** String equality in constant time for equal lengths (secrets, passwords, CSRF tokens). */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Gitea's answer to a bad CSRF token: 400 plain text from http.Error. */
export function csrfFailure(c: Context<SimEnv>): Response {
  return c.body('Invalid CSRF token.\n', 400, { 'Content-Type': 'text/plain; charset=utf-8' });
}

/** reqSignIn: remember where the visitor was going (cookie; hono URI-escapes the value) and 303 to /user/login. */
export function redirectToLogin(c: Context<SimEnv>): Response {
  const url = new URL(c.req.url);
  setCookie(c, REDIRECT_COOKIE, url.pathname + url.search, { path: '/', httpOnly: true });
  return c.redirect('/user/login', 303);
}

/**
 * The `redirect_to` target after sign-in, if it stays on this site (Gitea
 * ignores external URLs); the cookie is consumed.
 */
export function takeRedirectTo(c: Context<SimEnv>): string | null {
  const target = getCookie(c, REDIRECT_COOKIE);
  if (target === undefined) return null;
  deleteCookie(c, REDIRECT_COOKIE, { path: '/' });
  return target.startsWith('/') && !target.startsWith('//') && !target.startsWith('/\\') ? target : null;
}

/** `/user/login?redirect_to=…` stores the target like reqSignIn does. */
export function rememberRedirectTo(c: Context<SimEnv>, target: string): void {
  setCookie(c, REDIRECT_COOKIE, target, { path: '/', httpOnly: true });
}
