/**
 * Seed data: realistic users, organizations, repositories with history,
 * issues, pull requests, releases and wiki pages. Each part lives in its own
 * file; this runs them in dependency order.
 */
import type { SimContext } from '../context.js';
import { seedActivity } from './activity.js';
import { seedBase } from './base.js';
import { seedIssues } from './issues.js';
import { seedOAuthApp } from './oauth.js';
import { seedPackages } from './packages.js';
import { seedPulls } from './pulls.js';

export interface SeededUser {
  login: string;
  password: string;
  /** A personal access token with scope `all`, printed for tests and the demo. */
  token: string;
  admin: boolean;
}

export interface SeedInfo {
  users: SeededUser[];
  /** The seeded confidential OAuth app "Gatea" (DESIGN §5 `oauthApp`). */
  oauthApp?: { clientId: string; clientSecret: string; redirectUris: string[] };
}

export interface SeedOptions {
  /** Redirect URIs added to the seeded "Gatea" OAuth app besides its placeholder. */
  oauthRedirectUris?: readonly string[];
}

export async function seed(sim: SimContext, opts: SeedOptions = {}): Promise<SeedInfo> {
  const base = await seedBase(sim);
  await seedPulls(sim, base);
  await seedActivity(sim, base);
  // After the pulls, so the seeded pull requests keep their numbers.
  seedIssues(sim, base);
  seedPackages(sim, base);
  const oauthApp = seedOAuthApp(sim, opts.oauthRedirectUris);
  return { users: base.seededUsers, ...(oauthApp ? { oauthApp } : {}) };
}
