/** Input properties shared by the repository toolsets (Gitea paths come from `giteaPath`). */
import { z } from 'zod';

/** `owner` + `repo`, the first two parameters of every repository tool. */
export const repoInput = {
  owner: z.string().trim().min(1).describe('Owner.'),
  repo: z.string().trim().min(1).describe('Repo.'),
};

/** An optional git ref (branch, tag or commit SHA); the repository's default branch when omitted. */
export const refInput = z
  .string()
  .trim()
  .min(1)
  .optional()
  .describe('Branch, tag or commit SHA; default branch when omitted.');

/** Strips leading/trailing slashes: `/src/a.ts/` → `src/a.ts`. */
export function normalizeRepoPath(path: string | undefined): string {
  return (path ?? '').replace(/^\/+|\/+$/g, '');
}
