/**
 * Seed data: realistic users, organizations, repositories with history,
 * issues, pull requests, releases and wiki pages. Each part lives in its own
 * file; this runs them in dependency order.
 */
import type { SimContext } from '../context.js';
import { seedBase } from './base.js';

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

export async function seed(sim: SimContext): Promise<SeedInfo> {
  const base = await seedBase(sim);
  return { users: base.seededUsers };
}
