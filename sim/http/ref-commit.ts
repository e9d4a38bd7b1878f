/**
 * Gitea 1.25's ref resolution for the contents and commit-status APIs
 * (routers/api/v1/utils/git.go ResolveRefCommit, routers/api/v1/repo/file.go
 * resolveRefCommit): a branch, then a tag, then a commit id — which must be
 * the full id unless the route allows abbreviations (`minCommitIdLen`, 7 for
 * …/commits/{ref}/status(es)). Anything else is
 * `APIErrorNotFound(git.ErrNotExist{ID: ref})`.
 */
import type { Context } from 'hono';
import type { SimEnv } from '../context.js';
import { type ResolvedRef, resolveRef } from '../git-content.js';
import { notFoundErr } from './errors.js';

const FULL_SHA1_LENGTH = 40;

export function refNotExist(ref: string): string {
  return `object does not exist [id: ${ref}, rel_path: ]`;
}

export async function resolveRefCommit(
  c: Context<SimEnv>,
  gitDir: string,
  ref: string,
  minCommitIdLen = FULL_SHA1_LENGTH,
): Promise<ResolvedRef> {
  const resolved = await resolveRef(gitDir, ref);
  const likelyCommitId = /^[0-9a-f]+$/.test(ref) && ref.length >= minCommitIdLen && ref.length <= FULL_SHA1_LENGTH;
  if (resolved && (resolved.kind !== 'commit' || likelyCommitId)) return resolved;
  throw notFoundErr(c, refNotExist(ref));
}
