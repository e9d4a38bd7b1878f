/** Packages and their files. */
import { z } from 'zod';
import type * as gen from '../types.gen.js';
import { type GiteaUser, userSchema } from './repos.js';
import { type Nested, str, type Wire, type WireShape } from './wire.js';

/** The parts of Gitea's `Package` that tools read. */
export type GiteaPackage = Wire<Pick<gen.Package, 'html_url' | 'created_at'>> &
  Nested<gen.Package, { creator: GiteaUser; repository: Wire<Pick<gen.Repository, 'full_name'>> }> &
  Required<Pick<gen.Package, 'id' | 'type' | 'name' | 'version'>>;

/** Parses a `Package`; `id`, `type`, `name` and `version` are required (a package is named by them). */
export const packageSchema = z.object({
  id: z.number(),
  type: z.string(),
  name: z.string(),
  version: z.string(),
  html_url: str(),
  created_at: str(),
  creator: userSchema.nullish(),
  repository: z.object({ full_name: str() }).nullish(),
} satisfies WireShape<GiteaPackage>);

/** The parts of Gitea's `PackageFile` that tools read. */
export type GiteaPackageFile = Wire<Pick<gen.PackageFile, 'sha256'>> &
  Required<Pick<gen.PackageFile, 'id' | 'name' | 'size'>>;

/** Parses a `PackageFile`; `id`, `name` and `size` are required. */
export const packageFileSchema = z.object({
  id: z.number(),
  name: z.string(),
  size: z.number(),
  sha256: str(),
} satisfies WireShape<GiteaPackageFile>);
