/**
 * Real git repositories on disk for the simulator, driven through the `git`
 * binary, so SHAs, trees, diffs and merges are real.
 */
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

export interface GitRunOptions {
  /** Bytes written to git's stdin. */
  input?: string | Buffer;
  /** Extra environment, e.g. GIT_AUTHOR_NAME / GIT_COMMITTER_DATE. */
  env?: Record<string, string>;
  /** Accept these non-zero exit codes instead of throwing (e.g. 1 for `merge-tree` conflicts). */
  okExitCodes?: number[];
}

export interface GitRunResult {
  stdout: Buffer;
  stderr: string;
  exitCode: number;
}

/** Runs `git --git-dir=<gitDir> …args` with a clean, deterministic environment. */
export function runGit(gitDir: string, args: string[], opts: GitRunOptions = {}): Promise<GitRunResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      [`--git-dir=${gitDir}`, ...args],
      {
        encoding: 'buffer',
        maxBuffer: 256 * 1024 * 1024,
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: gitDir,
          GIT_CONFIG_NOSYSTEM: '1',
          GIT_CONFIG_GLOBAL: '/dev/null',
          LANG: 'C',
          ...opts.env,
        },
      },
      (err, stdout, stderr) => {
        const exitCode = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        if (err && !opts.okExitCodes?.includes(exitCode)) {
          reject(new Error(`git ${args[0]} failed (${exitCode}): ${stderr.toString().trim()}`));
          return;
        }
        resolve({ stdout, stderr: stderr.toString(), exitCode });
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
    else child.stdin?.end();
  });
}

export class SimGit {
  constructor(readonly rootDir: string) {}

  /** Path of the bare repository for `owner/name` (lower-cased, like Gitea's layout). */
  repoPath(owner: string, name: string): string {
    return join(this.rootDir, owner.toLowerCase(), `${name.toLowerCase()}.git`);
  }

  /** Path of the wiki's bare repository (`<name>.wiki.git`, like Gitea). */
  wikiPath(owner: string, name: string): string {
    return join(this.rootDir, owner.toLowerCase(), `${name.toLowerCase()}.wiki.git`);
  }

  /** Creates an empty bare repository with `defaultBranch` as HEAD. */
  async initBare(gitDir: string, defaultBranch: string): Promise<void> {
    await mkdir(gitDir, { recursive: true });
    await runGit(gitDir, ['init', '--bare', '--quiet', `--initial-branch=${defaultBranch}`]);
  }
}
