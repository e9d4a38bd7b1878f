/**
 * Seeds the OAuth2 application "Gatea": confidential (a server-side client),
 * owned by the site admin, with a placeholder redirect URI that the gateway
 * replaces later, plus any redirect URIs the caller passes (DESIGN §5 `oauthApp`).
 */
import type { SimContext } from '../context.js';
import { createOAuthApp } from '../oauth/apps.js';

/** The placeholder callback registered before Gatea sets its own. */
export const GATEA_REDIRECT_PLACEHOLDER = 'http://127.0.0.1/oauth/callback';

export interface SeededOAuthApp {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

/** Registers "Gatea" for the admin; undefined when there is no admin account. */
export function seedOAuthApp(sim: SimContext, extraRedirectUris: readonly string[] = []): SeededOAuthApp | undefined {
  const admin = sim.state.userByLogin('admin');
  if (!admin) return undefined;
  const redirectUris = [...new Set([GATEA_REDIRECT_PLACEHOLDER, ...extraRedirectUris])];
  const { app, clientSecret } = createOAuthApp(
    sim.state,
    { ownerId: admin.id, name: 'Gatea', redirectUris, confidential: true, skipSecondaryAuthorization: false },
    sim.now(),
  );
  return { clientId: app.clientId, clientSecret, redirectUris: [...app.redirectUris] };
}
