/** Input properties and Gitea path builders shared by the repository toolsets. */
import { z } from 'zod';

/** `owner` + `repo`, the first two parameters of every repository tool. */
export const repoInput = {
  owner: z.string().trim().min(1).describe('Repository owner: a user login or organization name.'),
  repo: z.string().trim().min(1).describe('Repository name.'),
};

/** An optional git ref (branch, tag or commit SHA); the repository's default branch when omitted. */
export const refInput = z
  .string()
  .trim()
  .min(1)
  .optional()
  .describe("Branch, tag or commit SHA; the repository's default branch when omitted.");

/** `/repos/{owner}/{repo}` plus optional further segments, each URL-encoded. */
export function repoPath(owner: string, repo: string, ...rest: string[]): string {
  const tail = rest.map((s) => `/${s}`).join('');
  return `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}${tail}`;
}

/**
 * Encodes a slash-separated name (file path, branch `feature/x`) segment by
 * segment: Gitea routes these as wildcards, so the slashes must stay literal.
 */
export function encodePath(path: string): string {
  return path
    .split('/')
    .filter((s) => s !== '')
    .map(encodeURIComponent)
    .join('/');
}

/** Strips leading/trailing slashes: `/src/a.ts/` → `src/a.ts`. */
export function normalizeRepoPath(path: string | undefined): string {
  return (path ?? '').replace(/^\/+|\/+$/g, '');
}
