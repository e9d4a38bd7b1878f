/**
 * Yes/no checks Gitea answers with 204 or 404 (is a collaborator, is
 * starred, is watched). A 404 also means "no such repository, or not
 * visible to you", so before saying "no" the repository itself is looked
 * up: when it is missing, that 404 is the answer, not a false "no".
 */
import { GiteaError, type GiteaPath, giteaPath } from '../gitea/index.js';
import type { ToolContext } from './tool-context.js';

/** True when GET `path` succeeds; false on 404 once `owner/repo` is known to be visible (else its 404 is thrown). */
export async function presentInRepo(ctx: ToolContext, path: GiteaPath, owner: string, repo: string): Promise<boolean> {
  try {
    await ctx.gitea.request('GET', path, { signal: ctx.signal });
    return true;
  } catch (err) {
    if (!(err instanceof GiteaError && err.code === 'not_found')) throw err;
  }
  await ctx.gitea.request('GET', giteaPath('/repos/{owner}/{repo}', { owner, repo }), { signal: ctx.signal });
  return false;
}
