/**
 * Real git repositories on disk for the simulator, driven through the `git`
 * binary, so SHAs, trees, diffs and merges are real.
 */
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export class SimGit {
  constructor(readonly rootDir: string) {}

  /** Path of the bare repository for `owner/name` (lower-cased, like Gitea's layout). */
  repoPath(owner: string, name: string): string {
    return join(this.rootDir, owner.toLowerCase(), `${name.toLowerCase()}.git`);
  }

  /** Creates an empty bare repository with `defaultBranch` as HEAD. */
  async initBare(gitDir: string, defaultBranch: string): Promise<void> {
    await mkdir(gitDir, { recursive: true });
    await run('git', ['init', '--bare', '--quiet', `--initial-branch=${defaultBranch}`, gitDir]);
  }
}
