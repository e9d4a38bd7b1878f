/**
 * Grants and authorization codes (models/auth/oauth2.go): one grant per
 * (user, application) holding the raw scope string and the refresh counter,
 * and single-use `gta_` codes bound to a grant. Every token is resolved
 * through its grant, so deleting a grant kills its tokens at once
 * (reference §2.1). OAuthStore is the provider's view of these tables.
 */
import type { SimProfile } from '../profile.js';
import type { SimOAuthApp, SimOAuthCode, SimOAuthGrant, SimState } from '../state.js';
import { appByClientId, createOAuthApp, giteaSecret, type NewOAuthApp } from './apps.js';

/** The provider's tables: apps, grants and codes in SimState. */
export class OAuthStore {
  constructor(
    private readonly state: SimState,
    private readonly profile: SimProfile,
  ) {}

  get apps(): Map<number, SimOAuthApp> {
    return this.state.oauthApps;
  }

  get grants(): Map<number, SimOAuthGrant> {
    return this.state.oauthGrants;
  }

  get codes(): Map<string, SimOAuthCode> {
    return this.state.oauthCodes;
  }

  /** Creates an app; the plain `clientSecret` is only available here. */
  createApp(input: NewOAuthApp, now: Date): SimOAuthApp & { clientSecret: string } {
    const { app, clientSecret } = createOAuthApp(this.state, input, now);
    return { ...app, clientSecret };
  }

  appByClientId(clientId: string): SimOAuthApp | undefined {
    return appByClientId(this.state, clientId);
  }

  /** The grant of (user, app), if any (GetGrantByUserID). */
  grantOf(userId: number, appId: number): SimOAuthGrant | undefined {
    for (const g of this.state.oauthGrants.values()) if (g.userId === userId && g.appId === appId) return g;
    return undefined;
  }

  /** Creates the grant of (user, app) with the requested scope (CreateGrant); counter starts at 1. */
  createGrant(userId: number, appId: number, scope: string, now: Date): SimOAuthGrant {
    const grant: SimOAuthGrant = {
      id: this.state.nextId('oauthGrant'),
      userId,
      appId,
      scope,
      nonce: '',
      counter: 1,
      created: now,
      updated: now,
    };
    this.state.oauthGrants.set(grant.id, grant);
    return grant;
  }

  /** The existing grant of (user, app), or a new one; an existing grant keeps its scope. */
  grantFor(userId: number, appId: number, scope: string, now: Date): SimOAuthGrant {
    return this.grantOf(userId, appId) ?? this.createGrant(userId, appId, scope, now);
  }

  /**
   * Deletes a grant (RevokeOAuth2Grant); with `userId` only if it is that
   * user's. Its codes go too, so nothing issued from it works afterwards.
   */
  revokeGrant(id: number, userId?: number): boolean {
    const grant = this.state.oauthGrants.get(id);
    if (!grant || (userId !== undefined && grant.userId !== userId)) return false;
    this.state.oauthGrants.delete(id);
    for (const [code, row] of this.state.oauthCodes) if (row.grantId === id) this.state.oauthCodes.delete(code);
    return true;
  }

  /** A new code for `grant` (GenerateNewAuthorizationCode); ValidUntil = now + 600 s from Gitea 1.25.5. */
  createCode(
    grant: SimOAuthGrant,
    redirectUri: string,
    codeChallenge: string,
    codeChallengeMethod: SimOAuthCode['codeChallengeMethod'],
    now: Date,
  ): SimOAuthCode {
    const ttl = this.profile.authCodeTtlSeconds;
    const row: SimOAuthCode = {
      id: this.state.nextId('oauthCode'),
      grantId: grant.id,
      code: giteaSecret('gta_'),
      codeChallenge,
      codeChallengeMethod,
      redirectUri,
      validUntil: ttl === null ? null : new Date(Math.floor(now.getTime() / 1000) * 1000 + ttl * 1000),
    };
    this.state.oauthCodes.set(row.code, row);
    return row;
  }

  /** The code row and its grant (GetOAuth2AuthorizationByCode): nothing when either is gone. */
  findCode(code: string): { row: SimOAuthCode; grant: SimOAuthGrant } | undefined {
    const row = this.state.oauthCodes.get(code);
    const grant = row && this.state.oauthGrants.get(row.grantId);
    return row && grant ? { row, grant } : undefined;
  }

  /** Deletes a code (Invalidate); false when it was already gone. */
  invalidateCode(code: string): boolean {
    return this.state.oauthCodes.delete(code);
  }
}
