/** Organizations, teams and a collaborator's permission. */
import { z } from 'zod';
import type * as gen from '../types.gen.js';
import { type GiteaUser, userSchema } from './repos.js';
import { bool, type Nested, num, str, type Wire, type WireShape } from './wire.js';

/** The parts of Gitea's `Organization` that tools read. */
export type GiteaOrg = Wire<
  Pick<
    gen.Organization,
    'name' | 'username' | 'full_name' | 'description' | 'website' | 'location' | 'visibility' | 'email'
  >
>;

/** Parses an `Organization`. */
export const orgSchema = z.object({
  name: str(),
  username: str(),
  full_name: str(),
  description: str(),
  website: str(),
  location: str(),
  visibility: str(),
  email: str(),
} satisfies WireShape<GiteaOrg>);

/**
 * The parts of Gitea's `Team` that tools read; `permission` is read as any
 * string (shown as is), so an access mode a newer Gitea adds does not fail the read.
 */
export type GiteaTeam = Wire<
  Pick<gen.Team, 'id' | 'name' | 'description' | 'includes_all_repositories' | 'can_create_org_repo' | 'units'>
> &
  Nested<gen.Team, { permission: string }>;

const teamShape = {
  id: num(),
  name: str(),
  description: str(),
  permission: str(),
  includes_all_repositories: bool(),
  can_create_org_repo: bool(),
  units: z.array(z.string()).nullish(),
} satisfies WireShape<GiteaTeam>;

/** Parses a `Team`. */
export const teamSchema = z.object(teamShape);

/** A `Team` with its organization (`/user/teams`, `/teams/{id}`). */
export type GiteaTeamWithOrg = GiteaTeam &
  Nested<gen.Team, { organization: Wire<Pick<gen.Organization, 'name' | 'username'>> }>;

/** Parses a `Team` with its organization. */
export const teamWithOrgSchema = z.object({
  ...teamShape,
  organization: z.object({ name: str(), username: str() }).nullish(),
} satisfies WireShape<GiteaTeamWithOrg>);

/** The parts of Gitea's `RepoCollaboratorPermission` that tools read. */
export type GiteaPermission = Wire<Pick<gen.RepoCollaboratorPermission, 'permission' | 'role_name'>> &
  Nested<gen.RepoCollaboratorPermission, { user: GiteaUser }>;

/** Parses a `RepoCollaboratorPermission`. */
export const permissionSchema = z.object({
  permission: str(),
  role_name: str(),
  user: userSchema.nullish(),
} satisfies WireShape<GiteaPermission>);
