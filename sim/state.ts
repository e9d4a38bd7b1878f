/**
 * The simulator's in-memory database. Ids come from one counter per table, as
 * in Gitea's SQL tables; users and organizations share the `user` table (and so
 * their ids), exactly like Gitea. Repository contents live in real git
 * repositories on disk (see git.ts); everything else lives here.
 *
 * Each section is owned by the route module named in its heading comment.
 */
import type { TokenScope } from './scopes.js';

export type Visibility = 'public' | 'limited' | 'private';
export type AccessMode = 'none' | 'read' | 'write' | 'admin' | 'owner';

// ---- accounts (api/users.ts, api/orgs.ts) ---------------------------------

export interface SimUser {
  id: number;
  /** 'user' or 'organization' — one table in Gitea. */
  type: 'user' | 'organization';
  login: string;
  fullName: string;
  email: string;
  /** Plain text: the simulator prints seeded passwords for tests and the demo. */
  password: string;
  isAdmin: boolean;
  visibility: Visibility;
  keepEmailPrivate: boolean;
  active: boolean;
  prohibitLogin: boolean;
  restricted: boolean;
  description: string;
  website: string;
  location: string;
  language: string;
  created: Date;
  lastLogin: Date;
  followers: Set<number>;
  following: Set<number>;
  /** Organizations only: members who made their membership public (org_user.is_public; default private). */
  publicMemberIds?: Set<number>;
}

export interface SimTeam {
  id: number;
  orgId: number;
  name: string;
  description: string;
  permission: 'read' | 'write' | 'admin' | 'owner';
  includesAllRepositories: boolean;
  canCreateOrgRepo: boolean;
  memberIds: Set<number>;
  repoIds: Set<number>;
}

/** A personal access token. Only the SHA-256 of the token is kept, as Gitea keeps a hash. */
export interface SimAccessToken {
  id: number;
  userId: number;
  name: string;
  tokenSha256: string;
  tokenLastEight: string;
  scope: TokenScope;
  created: Date;
  /** Gitea's UpdatedUnix, stamped on every use (`last_used_at`); `created` until first used. */
  lastUsed?: Date;
}

// ---- repositories (api/repos.ts, git.ts) ----------------------------------

export interface SimRepo {
  id: number;
  ownerId: number;
  name: string;
  description: string;
  website: string;
  private: boolean;
  template: boolean;
  archived: boolean;
  forkOfId: number | null;
  defaultBranch: string;
  /** Absolute path of the bare git repository. */
  gitDir: string;
  /** Absolute path of the wiki's bare git repository, created on first wiki write. */
  wikiGitDir: string;
  hasIssues: boolean;
  hasWiki: boolean;
  hasPullRequests: boolean;
  hasProjects: boolean;
  hasReleases: boolean;
  hasPackages: boolean;
  hasActions: boolean;
  /** Gitea 1.25+ can switch the code unit off; older versions always have it. */
  hasCode: boolean;
  /** The pull-request unit's config (models/repo/repo_unit.go PullRequestsConfig). */
  pullSettings: SimPullSettings;
  archivedAt: Date | null;
  topics: string[];
  stars: Set<number>;
  watchers: Set<number>;
  created: Date;
  updated: Date;
}

/** Merge options of a repository, as Gitea's PullRequestsConfig. */
export interface SimPullSettings {
  allowMerge: boolean;
  allowRebase: boolean;
  allowRebaseExplicit: boolean;
  allowSquash: boolean;
  allowFastForwardOnly: boolean;
  allowRebaseUpdate: boolean;
  allowManualMerge: boolean;
  autodetectManualMerge: boolean;
  ignoreWhitespaceConflicts: boolean;
  defaultDeleteBranchAfterMerge: boolean;
  defaultMergeStyle: 'merge' | 'rebase' | 'rebase-merge' | 'squash' | 'fast-forward-only' | 'manually-merged';
  defaultAllowMaintainerEdit: boolean;
}

/** A topic row; its repo count is derived from the repositories that carry it. */
export interface SimTopic {
  id: number;
  name: string;
  created: Date;
  updated: Date;
}

export interface SimCollaborator {
  repoId: number;
  userId: number;
  permission: 'read' | 'write' | 'admin';
}

// ---- issues, labels, milestones (api/issues.ts) ----------------------------

export interface SimLabel {
  id: number;
  /** Repository label when set, otherwise an organization label of orgId. */
  repoId: number | null;
  orgId: number | null;
  name: string;
  color: string;
  description: string;
  exclusive: boolean;
  isArchived: boolean;
}

export interface SimMilestone {
  id: number;
  repoId: number;
  title: string;
  description: string;
  state: 'open' | 'closed';
  dueOn: Date | null;
  created: Date;
  updated: Date;
  closedAt: Date | null;
}

/** Issues and pull requests share one table and one per-repository index, like Gitea. */
export interface SimIssue {
  id: number;
  repoId: number;
  index: number;
  posterId: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  isPull: boolean;
  labelIds: Set<number>;
  milestoneId: number | null;
  assigneeIds: Set<number>;
  isLocked: boolean;
  ref: string;
  dueDate: Date | null;
  created: Date;
  updated: Date;
  closedAt: Date | null;
}

export interface SimComment {
  id: number;
  issueId: number;
  posterId: number;
  body: string;
  created: Date;
  updated: Date;
}

export interface SimTrackedTime {
  id: number;
  issueId: number;
  userId: number;
  seconds: number;
  created: Date;
}

/** A reaction of a user on an issue (commentId null) or on one of its comments (models/issues/reaction.go). */
export interface SimReaction {
  id: number;
  issueId: number;
  commentId: number | null;
  userId: number;
  /** The reaction name, one of `[ui] REACTIONS` ("+1", "heart", …). */
  type: string;
  created: Date;
}

/** issue_dependency: `issueId` depends on (is blocked by) `dependencyId` (models/issues/dependency.go). */
export interface SimIssueDependency {
  issueId: number;
  dependencyId: number;
  created: Date;
}

/** A running stopwatch of a user on an issue (one per user and issue). */
export interface SimStopwatch {
  userId: number;
  issueId: number;
  created: Date;
}

/** A commit status reported by CI (models/git/commit_status.go). */
export interface SimCommitStatus {
  id: number;
  repoId: number;
  sha: string;
  state: 'pending' | 'success' | 'error' | 'failure' | 'warning' | 'skipped';
  targetUrl: string;
  description: string;
  context: string;
  creatorId: number;
  created: Date;
  updated: Date;
}

// ---- pull requests and reviews (api/pulls.ts) -----------------------------

export interface SimPull {
  /** Same id as its SimIssue. */
  issueId: number;
  headRepoId: number;
  headBranch: string;
  baseBranch: string;
  /** Merge base recorded at creation, as Gitea stores it. */
  mergeBase: string;
  allowMaintainerEdit: boolean;
  merged: boolean;
  mergedAt: Date | null;
  mergedById: number | null;
  mergeCommitSha: string | null;
  requestedReviewerIds: Set<number>;
}

export type ReviewState = 'APPROVED' | 'PENDING' | 'COMMENT' | 'REQUEST_CHANGES' | 'REQUEST_REVIEW';

export interface SimReview {
  id: number;
  issueId: number;
  reviewerId: number;
  state: ReviewState;
  body: string;
  commitId: string;
  dismissed: boolean;
  stale: boolean;
  /** Counts for approval rules: the reviewer could write when reviewing (IsOfficialReviewer). */
  official: boolean;
  submittedAt: Date;
  updatedAt: Date;
}

export interface SimReviewComment {
  id: number;
  reviewId: number;
  issueId: number;
  posterId: number;
  path: string;
  body: string;
  /** Line in the new file (>0) or the old file (<0), as Gitea's `line`. */
  line: number;
  commitId: string;
  /** The commit the comment was first made on (Comment.OldRef). */
  originalCommitId: string;
  diffHunk: string;
  resolverId: number | null;
  replyToId: number | null;
  created: Date;
  updated: Date;
}

// ---- releases and attachments (api/releases.ts) ---------------------------

export interface SimAttachment {
  id: number;
  uuid: string;
  /** Owning release or issue/comment. */
  releaseId: number | null;
  issueId: number | null;
  commentId: number | null;
  uploaderId: number;
  name: string;
  content: Buffer;
  downloadCount: number;
  created: Date;
}

export interface SimRelease {
  id: number;
  repoId: number;
  tagName: string;
  target: string;
  title: string;
  body: string;
  draft: boolean;
  prerelease: boolean;
  publisherId: number;
  created: Date;
  publishedAt: Date;
}

// ---- packages (api/packages.ts) ------------------------------------------

/** A package (owner, type, name), optionally linked to one of the owner's repositories. */
export interface SimPackage {
  id: number;
  ownerId: number;
  type: string;
  name: string;
  repoId: number | null;
}

export interface SimPackageFile {
  id: number;
  name: string;
  content: Buffer;
}

export interface SimPackageVersion {
  id: number;
  packageId: number;
  version: string;
  creatorId: number;
  created: Date;
  files: SimPackageFile[];
}

// ---- notifications (api/notifications.ts) ---------------------------------

export interface SimNotification {
  id: number;
  userId: number;
  repoId: number;
  issueId: number | null;
  status: 'unread' | 'read' | 'pinned';
  subjectType: 'Issue' | 'Pull' | 'Commit' | 'Repository';
  updated: Date;
}

// ---- actions (api/actions.ts) ---------------------------------------------

export interface SimActionRun {
  id: number;
  repoId: number;
  workflowId: string;
  title: string;
  event: string;
  headBranch: string;
  headSha: string;
  triggerUserId: number;
  runNumber: number;
  runAttempt: number;
  status: 'queued' | 'in_progress' | 'completed' | 'waiting';
  conclusion: 'success' | 'failure' | 'cancelled' | 'skipped' | null;
  created: Date;
  started: Date | null;
  completed: Date | null;
}

export interface SimActionJob {
  id: number;
  runId: number;
  name: string;
  status: SimActionRun['status'];
  conclusion: SimActionRun['conclusion'];
  steps: { name: string; number: number; status: string; conclusion: string | null }[];
  log: string;
  started: Date | null;
  completed: Date | null;
}

export interface SimActionArtifact {
  id: number;
  runId: number;
  name: string;
  sizeBytes: number;
  created: Date;
  expiresAt: Date;
}

export interface SimActionSecret {
  /** Repository secret when repoId is set, else organization secret of orgId. */
  repoId: number | null;
  orgId: number | null;
  name: string;
  /** Kept only so a secret is real; the API never returns it. */
  data: string;
  description: string;
  created: Date;
}

export interface SimActionVariable {
  repoId: number | null;
  orgId: number | null;
  name: string;
  value: string;
  description: string;
}

// ---- OAuth2 provider (oauth/*, api/oauth-apps.ts) -------------------------

/** An OAuth2 application (models/auth/oauth2.go OAuth2Application). */
export interface SimOAuthApp {
  id: number;
  /** Owner (UID); 0 for instance-wide apps. */
  ownerId: number;
  name: string;
  /** UUID v4. */
  clientId: string;
  /** `salt$sha256hex` of the `gto_` secret; Gitea keeps a bcrypt hash, the plain secret is shown once. */
  clientSecretHash: string;
  redirectUris: string[];
  confidential: boolean;
  skipSecondaryAuthorization: boolean;
  created: Date;
  updated: Date;
}

/** One grant per (user, application): the raw scope string and the refresh counter (OAuth2Grant). */
export interface SimOAuthGrant {
  id: number;
  userId: number;
  appId: number;
  /** Raw, space-separated scope string as requested at /authorize. */
  scope: string;
  nonce: string;
  /** Refresh-token counter (INVALIDATE_REFRESH_TOKENS); DB default 1. */
  counter: number;
  created: Date;
  updated: Date;
}

/** An authorization code (OAuth2AuthorizationCode), deleted when exchanged. */
export interface SimOAuthCode {
  id: number;
  grantId: number;
  /** `gta_` + 52 lower-case base32 characters. */
  code: string;
  codeChallenge: string;
  codeChallengeMethod: '' | 'S256' | 'plain';
  redirectUri: string;
  /** Null where the version never set ValidUntil (codes did not expire before 1.25.5). */
  validUntil: Date | null;
}

// ---- the database ---------------------------------------------------------

type Table =
  | 'user'
  | 'team'
  | 'token'
  | 'repo'
  | 'topic'
  | 'label'
  | 'milestone'
  | 'issue'
  | 'comment'
  | 'time'
  | 'reaction'
  | 'review'
  | 'reviewComment'
  | 'attachment'
  | 'release'
  | 'notification'
  | 'commitStatus'
  | 'package'
  | 'packageVersion'
  | 'packageFile'
  | 'actionRun'
  | 'actionJob'
  | 'artifact'
  | 'oauthApp'
  | 'oauthGrant'
  | 'oauthCode';

/** All simulator tables. Route modules read and write these maps directly. */
export class SimState {
  readonly users = new Map<number, SimUser>();
  readonly teams = new Map<number, SimTeam>();
  readonly tokens = new Map<number, SimAccessToken>();
  readonly repos = new Map<number, SimRepo>();
  readonly collaborators: SimCollaborator[] = [];
  /** Topics by lower-case name. */
  readonly topics = new Map<string, SimTopic>();
  readonly labels = new Map<number, SimLabel>();
  readonly milestones = new Map<number, SimMilestone>();
  readonly issues = new Map<number, SimIssue>();
  readonly comments = new Map<number, SimComment>();
  readonly trackedTimes = new Map<number, SimTrackedTime>();
  readonly stopwatches: SimStopwatch[] = [];
  readonly reactions = new Map<number, SimReaction>();
  readonly issueDependencies: SimIssueDependency[] = [];
  readonly commitStatuses = new Map<number, SimCommitStatus>();
  readonly pulls = new Map<number, SimPull>();
  readonly reviews = new Map<number, SimReview>();
  readonly reviewComments = new Map<number, SimReviewComment>();
  readonly attachments = new Map<number, SimAttachment>();
  readonly releases = new Map<number, SimRelease>();
  readonly notifications = new Map<number, SimNotification>();
  readonly packages = new Map<number, SimPackage>();
  readonly packageVersions = new Map<number, SimPackageVersion>();
  readonly actionRuns = new Map<number, SimActionRun>();
  readonly actionJobs = new Map<number, SimActionJob>();
  readonly artifacts = new Map<number, SimActionArtifact>();
  readonly actionSecrets: SimActionSecret[] = [];
  readonly actionVariables: SimActionVariable[] = [];
  /** Workflows switched off with PUT …/disable, as `<repoId>:<workflow file name>`. */
  readonly actionDisabledWorkflows = new Set<string>();
  readonly oauthApps = new Map<number, SimOAuthApp>();
  readonly oauthGrants = new Map<number, SimOAuthGrant>();
  /** Authorization codes by code string. */
  readonly oauthCodes = new Map<string, SimOAuthCode>();
  private readonly counters = new Map<Table, number>();

  /** Next auto-increment id of a table (1-based, like SQL). */
  nextId(table: Table): number {
    const next = (this.counters.get(table) ?? 0) + 1;
    this.counters.set(table, next);
    return next;
  }

  userByLogin(login: string): SimUser | undefined {
    const lower = login.toLowerCase();
    for (const u of this.users.values()) if (u.login.toLowerCase() === lower) return u;
    return undefined;
  }

  repoByName(owner: string, name: string): SimRepo | undefined {
    const o = this.userByLogin(owner);
    if (!o) return undefined;
    const lower = name.toLowerCase();
    for (const r of this.repos.values()) if (r.ownerId === o.id && r.name.toLowerCase() === lower) return r;
    return undefined;
  }

  /** Next per-repository issue/PR index (shared by issues and pull requests). */
  nextIssueIndex(repoId: number): number {
    let max = 0;
    for (const i of this.issues.values()) if (i.repoId === repoId && i.index > max) max = i.index;
    return max + 1;
  }
}
