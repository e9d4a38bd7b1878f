/**
 * Commit-shaped API objects as Gitea renders them: api.Commit (services/convert/git_commit.go
 * ToCommit), api.PayloadCommit and api.Branch (convert.go ToBranch), api.Tag (ToTag),
 * FileCommitResponse (services/repository/files/file.go) and the unsigned verification.
 */
import type { SimContext } from '../context.js';
import { type CommitInfo, commitChangedFiles, commitStats, type GitSignature, type TagInfo } from '../git-content.js';
import type { SimRepo, SimUser } from '../state.js';
import { GO_ZERO_TIME, toApiUserAs } from './user.js';

/** API and web base URLs of a repository (Repository.APIURL / HTMLURL). */
export interface RepoUrls {
  api: string;
  html: string;
}

export function repoUrls(sim: SimContext, repo: SimRepo, owner: SimUser): RepoUrls {
  return {
    api: `${sim.appUrl()}api/v1/repos/${owner.login}/${repo.name}`,
    html: `${sim.appUrl()}${owner.login}/${repo.name}`,
  };
}

/** Gitea's verification of an unsigned commit (ToVerification with no signature). */
export function unsignedVerification(): Record<string, unknown> {
  return { verified: false, reason: 'gpg.error.not_signed_commit', signature: '', signer: null, payload: '' };
}

/** The account a commit email belongs to (GetUserByEmail, noreply addresses included), if any. */
export function userByEmail(sim: SimContext, email: string): SimUser | undefined {
  const lower = email.toLowerCase();
  const host = new URL(sim.appUrl()).hostname;
  for (const u of sim.state.users.values()) {
    if (u.type !== 'user') continue;
    if (u.email.toLowerCase() === lower || `${u.login.toLowerCase()}@noreply.${host}` === lower) return u;
  }
  return undefined;
}

function payloadUser(sim: SimContext, sig: GitSignature): Record<string, unknown> {
  return { name: sig.name, email: sig.email, username: userByEmail(sim, sig.email)?.login ?? '' };
}

/** api.PayloadCommit (ToPayloadCommit), as Branch.commit carries it. */
export function toPayloadCommit(sim: SimContext, urls: RepoUrls, c: CommitInfo): Record<string, unknown> {
  return {
    id: c.sha,
    message: c.message,
    url: `${urls.html}/commit/${c.sha}`,
    author: payloadUser(sim, c.author),
    committer: payloadUser(sim, c.committer),
    verification: unsignedVerification(),
    timestamp: c.authorIso,
    added: null,
    removed: null,
    modified: null,
  };
}

/** api.Branch without protection rules: push/merge follow the doer's write access (ToBranch). */
export function toApiBranch(
  sim: SimContext,
  urls: RepoUrls,
  name: string,
  c: CommitInfo,
  canWrite: boolean | null,
): Record<string, unknown> {
  return {
    name,
    commit: toPayloadCommit(sim, urls, c),
    protected: false,
    required_approvals: 0,
    enable_status_check: false,
    status_check_contexts: [],
    // Anonymous callers keep ToBranch's defaults (true); signed-in ones get CanWriteToBranch.
    user_can_push: canWrite ?? true,
    user_can_merge: canWrite ?? true,
    effective_branch_protection_name: '',
  };
}

function commitUser(sig: GitSignature, iso: string): Record<string, unknown> {
  return { name: sig.name, email: sig.email, date: iso };
}

function apiUserFor(sim: SimContext, sig: GitSignature): Record<string, unknown> | null {
  const u = userByEmail(sim, sig.email);
  // ToCommit renders users without a doer: not signed, not authed.
  return u ? toApiUserAs(sim, u, { signed: false, authed: false }) : null;
}

export interface ToCommitOptions {
  stat: boolean;
  files: boolean;
}

/** api.Commit (ToCommit): stats and files cost a git call each, so they follow the caller's flags. */
export async function toApiCommit(
  sim: SimContext,
  repo: SimRepo,
  urls: RepoUrls,
  c: CommitInfo,
  opts: ToCommitOptions,
): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {
    url: `${urls.api}/git/commits/${c.sha}`,
    sha: c.sha,
    created: c.committerIso,
    html_url: `${urls.html}/commit/${c.sha}`,
    commit: {
      url: `${urls.api}/git/commits/${c.sha}`,
      author: commitUser(c.author, c.authorIso),
      committer: commitUser(c.committer, c.committerIso),
      message: c.message,
      tree: { url: `${urls.api}/git/trees/${c.tree}`, sha: c.tree, created: c.committerIso },
      verification: unsignedVerification(),
    },
    author: apiUserFor(sim, c.author),
    committer: apiUserFor(sim, c.committer),
    parents: c.parents.map((p) => ({ url: `${urls.api}/git/commits/${p}`, sha: p, created: GO_ZERO_TIME })),
  };
  if (opts.files) {
    const files = await commitChangedFiles(repo.gitDir, c.sha);
    out.files = files.sort((a, b) => a.filename.localeCompare(b.filename));
  }
  if (opts.stat) {
    const s = await commitStats(repo.gitDir, c);
    out.stats = { total: s.additions + s.deletions, additions: s.additions, deletions: s.deletions };
  }
  return out;
}

/** FileCommitResponse (GetFileCommitResponse): dates in UTC, parents without `created`. */
export function toFileCommitResponse(urls: RepoUrls, c: CommitInfo): Record<string, unknown> {
  const utc = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    url: `${urls.api}/git/commits/${c.sha}`,
    sha: c.sha,
    created: GO_ZERO_TIME,
    html_url: `${urls.html}/commit/${c.sha}`,
    author: { name: c.author.name, email: c.author.email, date: utc(c.author.date) },
    committer: { name: c.committer.name, email: c.committer.email, date: utc(c.committer.date) },
    parents: c.parents.map((p) => ({ url: `${urls.api}/git/commits/${p}`, sha: p, created: GO_ZERO_TIME })),
    message: c.message,
    tree: { url: `${urls.api}/git/trees/${c.tree}`, sha: c.tree, created: GO_ZERO_TIME },
  };
}

/** api.Tag (ToTag): `commit.url` points at the tag id, as Gitea's ToCommitMeta does. */
export function toApiTag(urls: RepoUrls, t: TagInfo): Record<string, unknown> {
  return {
    name: t.name,
    message: t.message.trim(),
    id: t.id,
    commit: { url: `${urls.api}/git/commits/${t.id}`, sha: t.commitSha, created: t.taggerIso },
    zipball_url: `${urls.html}/archive/${t.name}.zip`,
    tarball_url: `${urls.html}/archive/${t.name}.tar.gz`,
  };
}
