/**
 * api.Repository as Gitea renders it (services/convert/repository.go,
 * modules/structs/repo.go). Must stay synchronous: every list route maps its
 * repositories through it, so `empty` and `size` are read from the bare
 * repository with cheap filesystem calls instead of spawning git.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoAccess } from '../access.js';
import type { SimContext } from '../context.js';
import type { AccessMode, SimRepo, SimUser } from '../state.js';
import { GO_ZERO_TIME, toApiUserAs, toGiteaTime } from './user.js';

const RANK: Record<AccessMode, number> = { none: 0, read: 1, write: 2, admin: 3, owner: 4 };

/** True when the bare repository has no branch at all (Gitea's IsEmpty after init without auto_init). */
export function isGitDirEmpty(gitDir: string): boolean {
  if (hasAnyFile(join(gitDir, 'refs', 'heads'))) return false;
  const packed = join(gitDir, 'packed-refs');
  return !(existsSync(packed) && readFileSync(packed, 'utf8').includes(' refs/heads/'));
}

function hasAnyFile(dir: string): boolean {
  if (!existsSync(dir)) return false;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isFile() || (e.isDirectory() && hasAnyFile(join(dir, e.name)))) return true;
  }
  return false;
}

function dirBytes(dir: string): number {
  if (!existsSync(dir)) return 0;
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    total += e.isDirectory() ? dirBytes(p) : statSync(p).size;
  }
  return total;
}

/** Repository size in KiB as Gitea reports it (`repo.Size / 1024`, objects only). */
export function repoSizeKiB(gitDir: string): number {
  return Math.floor(dirBytes(join(gitDir, 'objects')) / 1024);
}

/** Default merge options of a new repository (services/repository/create.go). */
export function defaultPullSettings(): SimRepo['pullSettings'] {
  return {
    allowMerge: true,
    allowRebase: true,
    allowRebaseExplicit: true,
    allowSquash: true,
    allowFastForwardOnly: true,
    allowRebaseUpdate: true,
    allowManualMerge: false,
    autodetectManualMerge: false,
    ignoreWhitespaceConflicts: false,
    defaultDeleteBranchAfterMerge: false,
    defaultMergeStyle: 'merge',
    defaultAllowMaintainerEdit: false,
  };
}

function counters(sim: SimContext, repo: SimRepo) {
  let openIssues = 0;
  let openPulls = 0;
  for (const i of sim.state.issues.values()) {
    if (i.repoId !== repo.id || i.state !== 'open') continue;
    if (i.isPull) openPulls++;
    else openIssues++;
  }
  let releases = 0;
  for (const r of sim.state.releases.values()) if (r.repoId === repo.id && !r.draft) releases++;
  let forks = 0;
  for (const r of sim.state.repos.values()) if (r.forkOfId === repo.id) forks++;
  return { openIssues, openPulls, releases, forks };
}

function cloneLinks(sim: SimContext, ownerLogin: string, name: string) {
  const app = sim.appUrl();
  const host = new URL(app).hostname;
  return { https: `${app}${ownerLogin}/${name}.git`, ssh: `git@${host}:${ownerLogin}/${name}.git` };
}

/**
 * Renders `repo` for `viewer` (null = anonymous). Permissions come from the
 * viewer's access mode; a fork's `parent` is rendered with the same mode, as
 * Gitea does (its FIXME about the parent's permission included).
 */
export function toApiRepo(sim: SimContext, repo: SimRepo, viewer: SimUser | null): Record<string, unknown> {
  return renderRepo(sim, repo, repoAccess(sim.state, viewer, repo), false);
}

/** Like toApiRepo, but with an access mode the caller already resolved. */
export function toApiRepoWithMode(sim: SimContext, repo: SimRepo, mode: AccessMode): Record<string, unknown> {
  return renderRepo(sim, repo, mode, false);
}

function renderRepo(sim: SimContext, repo: SimRepo, mode: AccessMode, isParent: boolean): Record<string, unknown> {
  const owner = sim.state.users.get(repo.ownerId);
  if (!owner) throw new TypeError(`repository ${repo.id} has no owner ${repo.ownerId}`);
  const parentRepo = !isParent && repo.forkOfId !== null ? sim.state.repos.get(repo.forkOfId) : undefined;
  const n = counters(sim, repo);
  const links = cloneLinks(sim, owner.login, repo.name);
  const apiUrl = `${sim.appUrl()}api/v1/repos/${owner.login}/${repo.name}`;
  const pr = repo.hasPullRequests ? repo.pullSettings : undefined;
  const [, minor] = sim.profile.giteaCompat;
  const out: Record<string, unknown> = {
    id: repo.id,
    owner: toApiUserAs(sim, owner, { signed: mode !== 'none', authed: false }),
    name: repo.name,
    full_name: `${owner.login}/${repo.name}`,
    description: repo.description,
    empty: isGitDirEmpty(repo.gitDir),
    private: repo.private,
    fork: repo.forkOfId !== null,
    template: repo.template,
    mirror: false,
    size: repoSizeKiB(repo.gitDir),
    language: '',
    languages_url: `${apiUrl}/languages`,
    html_url: `${sim.appUrl()}${owner.login}/${repo.name}`,
    url: apiUrl,
    link: '',
    ssh_url: links.ssh,
    clone_url: links.https,
    original_url: '',
    website: repo.website,
    stars_count: repo.stars.size,
    forks_count: n.forks,
    watchers_count: repo.watchers.size,
    open_issues_count: n.openIssues,
    open_pr_counter: n.openPulls,
    release_counter: n.releases,
    default_branch: repo.defaultBranch,
    archived: repo.archived,
    created_at: toGiteaTime(repo.created),
    updated_at: toGiteaTime(repo.updated),
    // Gitea stores ArchivedUnix 0 for never-archived repositories: the Unix epoch.
    archived_at: toGiteaTime(repo.archivedAt ?? new Date(0)),
    permissions: { admin: RANK[mode] >= RANK.admin, push: RANK[mode] >= RANK.write, pull: RANK[mode] >= RANK.read },
  };
  if (parentRepo) out.parent = renderRepo(sim, parentRepo, mode, true);
  if (sim.profile.repoHasCode) out.has_code = repo.hasCode;
  out.has_issues = repo.hasIssues;
  if (repo.hasIssues)
    out.internal_tracker = {
      enable_time_tracker: true,
      allow_only_contributors_to_track_time: true,
      enable_issue_dependencies: true,
    };
  out.has_wiki = repo.hasWiki;
  out.has_pull_requests = repo.hasPullRequests;
  out.has_projects = repo.hasProjects;
  // projects_mode arrived with Gitea 1.23 (#31958); Forgejo never had it.
  if (minor >= 23) out.projects_mode = 'all';
  Object.assign(out, {
    has_releases: repo.hasReleases,
    has_packages: repo.hasPackages,
    has_actions: repo.hasActions,
    ignore_whitespace_conflicts: pr?.ignoreWhitespaceConflicts ?? false,
    allow_merge_commits: pr?.allowMerge ?? false,
    allow_rebase: pr?.allowRebase ?? false,
    allow_rebase_explicit: pr?.allowRebaseExplicit ?? false,
    allow_squash_merge: pr?.allowSquash ?? false,
    allow_fast_forward_only_merge: pr?.allowFastForwardOnly ?? false,
    allow_rebase_update: pr?.allowRebaseUpdate ?? false,
    allow_manual_merge: pr?.allowManualMerge ?? false,
    autodetect_manual_merge: pr?.autodetectManualMerge ?? false,
    default_delete_branch_after_merge: pr?.defaultDeleteBranchAfterMerge ?? false,
    default_merge_style: pr?.defaultMergeStyle ?? 'merge',
    default_allow_maintainer_edit: pr?.defaultAllowMaintainerEdit ?? false,
    avatar_url: '',
    internal: !repo.private && owner.visibility === 'private',
    mirror_interval: '',
    object_format_name: 'sha1',
    mirror_updated: GO_ZERO_TIME,
    topics: [...repo.topics],
  });
  // Detected licenses arrived with Gitea 1.23 (#24872); Forgejo (1.22-compatible) has none.
  if (minor >= 23) out.licenses = [];
  return out;
}
