/**
 * OAuth applications and grants (models/auth/oauth2.go): one grant per
 * (user, application), holding the raw scope string the client asked for and
 * the refresh counter. Deleting a grant invalidates its tokens at once,
 * because every token is resolved through its grant (reference §2.1).
 */
import { randomBytes, randomUUID } from 'node:crypto';

export interface SimOAuthApp {
  id: number;
  ownerId: number;
  name: string;
  clientId: string;
  /** Plain text (the simulator prints it); Gitea keeps a bcrypt hash. */
  clientSecret: string;
  redirectUris: string[];
  confidential: boolean;
  skipSecondaryAuthorization: boolean;
  created: Date;
}

export interface SimOAuthGrant {
  id: number;
  userId: number;
  appId: number;
  /** Raw, space-separated scope string as requested at /authorize. */
  scope: string;
  nonce: string;
  /** Refresh-token counter (INVALIDATE_REFRESH_TOKENS); DB default 1. */
  counter: number;
  created: Date;
}

/** Lower-case base32 like Gitea's secrets and codes. */
export function giteaRandom(prefix: string, length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  return prefix + Array.from(randomBytes(length), (b) => alphabet[b % 32]).join('');
}

export class OAuthStore {
  readonly apps = new Map<number, SimOAuthApp>();
  readonly grants = new Map<number, SimOAuthGrant>();
  private nextAppId = 1;
  private nextGrantId = 1;

  createApp(input: Omit<SimOAuthApp, 'id' | 'clientId' | 'clientSecret' | 'created'>, now: Date): SimOAuthApp {
    const app: SimOAuthApp = {
      ...input,
      id: this.nextAppId++,
      clientId: randomUUID(),
      clientSecret: giteaRandom('gto_', 52),
      created: now,
    };
    this.apps.set(app.id, app);
    return app;
  }

  appByClientId(clientId: string): SimOAuthApp | undefined {
    for (const a of this.apps.values()) if (a.clientId === clientId) return a;
    return undefined;
  }

  /** The grant of (user, app), created with `scope` when missing (an existing grant keeps its scope, ≤1.25). */
  grantFor(userId: number, appId: number, scope: string, now: Date): SimOAuthGrant {
    for (const g of this.grants.values()) if (g.userId === userId && g.appId === appId) return g;
    const grant: SimOAuthGrant = { id: this.nextGrantId++, userId, appId, scope, nonce: '', counter: 1, created: now };
    this.grants.set(grant.id, grant);
    return grant;
  }

  revokeGrant(id: number): boolean {
    return this.grants.delete(id);
  }
}
