/**
 * Creating repositories and writing commits with git plumbing
 * (hash-object, update-index on a private index, write-tree, commit-tree,
 * update-ref) straight into the bare repository: no work tree, real SHAs.
 * Used by POST /user/repos, /orgs/{org}/repos, forks and the seed.
 */
import { cp } from 'node:fs/promises';
import type { SimContext } from '../context.js';
import { defaultPullSettings } from '../convert/repo.js';
import { runGit } from '../git.js';
import type { GitSignature } from '../git-content.js';
import { commitFiles } from '../git-write.js';
import type { SimRepo, SimUser } from '../state.js';

/** The commit SHA a ref resolves to, or null when it does not exist. */
export async function resolveRef(gitDir: string, ref: string): Promise<string | null> {
  const r = await runGit(gitDir, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { okExitCodes: [1, 128] });
  return r.exitCode === 0 ? r.stdout.toString().trim() : null;
}

/** Creates (or moves) a branch to `sha`. */
export async function setBranch(gitDir: string, branch: string, sha: string): Promise<void> {
  await runGit(gitDir, ['update-ref', `refs/heads/${branch}`, sha]);
}

/** A user's git signature as Gitea builds it (User.NewGitSig: full name or login, private email hidden). */
export function gitSignatureOf(sim: SimContext, user: SimUser, date: Date): GitSignature {
  const host = new URL(sim.appUrl() || 'http://localhost/').hostname;
  return {
    name: user.fullName.trim() || user.login,
    email: user.keepEmailPrivate ? `${user.login.toLowerCase()}@noreply.${host}` : user.email,
    date,
  };
}

export interface CreateRepoInput {
  name: string;
  description?: string;
  website?: string;
  private?: boolean;
  template?: boolean;
  defaultBranch?: string;
  /** Creates an initial commit with README.md (Gitea's auto_init). */
  autoInit?: boolean;
  /** Who performs the creation (author of the initial commit). */
  doer: SimUser;
}

/** Gitea's AlphaDashDot binding rule plus its reserved names (models/repo/repo.go). */
export function repoNameProblem(name: string): string | null {
  if (name === '') return '[Name]: Required';
  if (!/^[-.\w]+$/.test(name)) return '[Name]: AlphaDashDot';
  if (name.length > 100) return '[Name]: MaxSize';
  if (name === '.' || name === '..' || name === '-') return `name is reserved [name: ${name}]`;
  for (const suffix of ['.git', '.wiki', '.rss', '.atom'])
    if (name.toLowerCase().endsWith(suffix)) return `name pattern is not allowed [pattern: *${suffix}]`;
  return null;
}

/** A fresh repository row with Gitea's default units and merge options. */
export function newRepoRecord(sim: SimContext, owner: SimUser, input: Omit<CreateRepoInput, 'doer'>): SimRepo {
  const now = sim.now();
  return {
    id: sim.state.nextId('repo'),
    ownerId: owner.id,
    name: input.name,
    description: input.description ?? '',
    website: input.website ?? '',
    private: input.private ?? false,
    template: input.template ?? false,
    archived: false,
    forkOfId: null,
    defaultBranch: input.defaultBranch || 'main',
    gitDir: sim.git.repoPath(owner.login, input.name),
    wikiGitDir: sim.git.wikiPath(owner.login, input.name),
    hasIssues: true,
    hasWiki: true,
    hasPullRequests: true,
    hasProjects: true,
    hasReleases: true,
    hasPackages: true,
    hasActions: true,
    hasCode: true,
    pullSettings: defaultPullSettings(),
    archivedAt: null,
    topics: [],
    stars: new Set(),
    watchers: new Set([owner.id]),
    created: now,
    updated: now,
  };
}

/** Thrown when a repository of that name exists already (Gitea answers 409). */
export class RepoExistsError extends Error {
  constructor() {
    super('The repository with the same name already exists.');
    this.name = 'RepoExistsError';
  }
}

/** Creates the repository row and its bare git repository; with autoInit, commits README.md. */
export async function createRepository(sim: SimContext, owner: SimUser, input: CreateRepoInput): Promise<SimRepo> {
  if (sim.state.repoByName(owner.login, input.name)) throw new RepoExistsError();
  const repo = newRepoRecord(sim, owner, input);
  sim.state.repos.set(repo.id, repo);
  await sim.git.initBare(repo.gitDir, repo.defaultBranch);
  if (input.autoInit) {
    const readme = `# ${repo.name}\n\n${repo.description}`;
    await commitFiles(repo.gitDir, {
      branch: repo.defaultBranch,
      files: [{ path: 'README.md', content: readme }],
      message: 'Initial commit',
      author: gitSignatureOf(sim, input.doer, sim.now()),
    });
  }
  return repo;
}

/** Forks `source` into `owner/name`: copies all git objects and branches, records forkOfId. */
export async function forkRepository(
  sim: SimContext,
  source: SimRepo,
  owner: SimUser,
  name: string,
  doer: SimUser,
): Promise<SimRepo> {
  if (sim.state.repoByName(owner.login, name)) throw new RepoExistsError();
  const repo = newRepoRecord(sim, owner, {
    name,
    description: source.description,
    website: source.website,
    private: source.private,
    defaultBranch: source.defaultBranch,
  });
  repo.forkOfId = source.id;
  repo.watchers = new Set([doer.id]);
  sim.state.repos.set(repo.id, repo);
  // Gitea clones with --bare --mirror minus pull refs; a filesystem copy of the
  // bare repo gives the same objects and refs, then pull refs are dropped.
  await cp(source.gitDir, repo.gitDir, { recursive: true });
  const refs = (await runGit(repo.gitDir, ['for-each-ref', '--format=%(refname)', 'refs/pull/'])).stdout
    .toString()
    .split('\n')
    .filter(Boolean);
  for (const ref of refs) await runGit(repo.gitDir, ['update-ref', '-d', ref]);
  return repo;
}
