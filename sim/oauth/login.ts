/**
 * The sign-in page (routers/web/auth/auth.go SignIn/SignInPost): a CSRF-guarded
 * form for user name (or email) and password; success regenerates the
 * session and 303s to the `redirect_to` cookie that reqSignIn left, or to /.
 * A wrong password re-renders the form (200) with Gitea's message.
 */
import type { Hono } from 'hono';
import type { SimEnv } from '../context.js';
import type { SimUser } from '../state.js';
import { readForm } from './form.js';
import { signInPage } from './pages.js';
import {
  constantTimeEqual,
  csrfFailure,
  csrfValid,
  rememberRedirectTo,
  type SessionStore,
  takeRedirectTo,
} from './session.js';

/** Gitea's flash for a failed sign-in (locale form.username_password_incorrect). */
export const SIGN_IN_FAILED = 'Username or password is incorrect.';
const PROHIBITED = 'This account is prohibited from signing in, please contact your site administrator.';

function findAccount(users: Iterable<SimUser>, name: string): SimUser | undefined {
  const lower = name.toLowerCase();
  for (const u of users) {
    if (u.type !== 'user') continue;
    if (u.login.toLowerCase() === lower || (name.includes('@') && u.email.toLowerCase() === lower)) return u;
  }
  return undefined;
}

/** Registers GET/POST /user/login and POST /user/logout. */
export function registerLoginRoutes(app: Hono<SimEnv>, sessions: SessionStore): void {
  app.get('/user/login', (c) => {
    const redirectTo = c.req.query('redirect_to');
    if (redirectTo) rememberRedirectTo(c, redirectTo);
    if (sessions.user(c)) return c.redirect(takeRedirectTo(c) ?? '/', 303);
    const session = sessions.ensure(c);
    return c.html(signInPage(session.csrf, ''));
  });

  app.post('/user/login', async (c) => {
    const form = await readForm(c);
    const session = sessions.current(c);
    if (!csrfValid(c, session, form._csrf ?? '')) return csrfFailure(c);
    const userName = form.user_name ?? '';
    const user = findAccount(c.get('sim').state.users.values(), userName);
    if (!user || user.password === '' || !constantTimeEqual(user.password, form.password ?? ''))
      return c.html(signInPage(session?.csrf ?? '', userName, SIGN_IN_FAILED));
    if (user.prohibitLogin) return c.html(signInPage(session?.csrf ?? '', userName, PROHIBITED));
    sessions.start(c, user.id);
    user.lastLogin = c.get('sim').now();
    return c.redirect(takeRedirectTo(c) ?? '/', 303);
  });

  app.post('/user/logout', async (c) => {
    const form = await readForm(c);
    if (!csrfValid(c, sessions.current(c), form._csrf ?? '')) return csrfFailure(c);
    sessions.end(c);
    return c.redirect('/', 303);
  });
}
