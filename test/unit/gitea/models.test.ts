/**
 * The zod models tools read Gitea's answers through (#14): each accepts an
 * answer shaped as Gitea 1.25 sends it (extra fields, nulls where Go has nil
 * pointers) and keeps the fields summaries read; a retyped or dropped field
 * the tools rely on is rejected, and the client reports where.
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  artifactSchema,
  artifactsSchema,
  branchSchema,
  changedFileSchema,
  combinedStatusSchema,
  commentSchema,
  commitSchema,
  createGiteaClient,
  fileResponseSchema,
  GiteaError,
  giteaPath,
  issueSchema,
  jobSchema,
  jobsSchema,
  labelSchema,
  milestoneSchema,
  notificationSchema,
  orgSchema,
  packageFileSchema,
  packageSchema,
  permissionSchema,
  pullSchema,
  reactionSchema,
  releaseSchema,
  repositorySchema,
  reviewCommentSchema,
  reviewSchema,
  runSchema,
  runsSchema,
  secretSchema,
  stopWatchSchema,
  tagSchema,
  teamSchema,
  teamWithOrgSchema,
  trackedTimeSchema,
  userSchema,
  variableSchema,
  wikiCommitSchema,
  wikiCommitsSchema,
  wikiPageSchema,
  workflowSchema,
  workflowsSchema,
} from '../../../src/gitea/index.js';

const user = {
  id: 1,
  login: 'alice',
  login_name: '',
  source_id: 0,
  full_name: 'Alice',
  email: 'alice@example.com',
  avatar_url: 'http://gitea/avatars/1',
  html_url: 'http://gitea/alice',
  language: '',
  is_admin: false,
  last_login: '0001-01-01T00:00:00Z',
  created: '2024-01-01T00:00:00Z',
  restricted: false,
  active: true,
  prohibit_login: false,
  location: '',
  website: '',
  description: '',
  visibility: 'public',
  followers_count: 0,
  following_count: 0,
  starred_repos_count: 0,
  username: 'alice',
};

const repository = {
  id: 1,
  owner: user,
  name: 'hello-world',
  full_name: 'alice/hello-world',
  description: 'Say hello',
  empty: false,
  private: false,
  fork: false,
  template: false,
  parent: null,
  mirror: false,
  size: 12,
  language: 'Go',
  languages_url: 'http://gitea/api/v1/repos/alice/hello-world/languages',
  html_url: 'http://gitea/alice/hello-world',
  url: 'http://gitea/api/v1/repos/alice/hello-world',
  link: '',
  ssh_url: 'git@gitea:alice/hello-world.git',
  clone_url: 'http://gitea/alice/hello-world.git',
  original_url: '',
  website: '',
  stars_count: 3,
  forks_count: 1,
  watchers_count: 1,
  open_issues_count: 2,
  open_pr_counter: 1,
  release_counter: 1,
  default_branch: 'main',
  archived: false,
  created_at: '2024-01-01T00:00:00Z',
  updated_at: '2024-02-01T00:00:00Z',
  archived_at: '1970-01-01T00:00:00Z',
  permissions: { admin: true, push: true, pull: true },
  has_issues: true,
  internal_tracker: { enable_time_tracker: true },
  has_wiki: true,
  has_pull_requests: true,
  topics: null,
  object_format_name: 'sha1',
};

const label = {
  id: 4,
  name: 'bug',
  exclusive: false,
  is_archived: false,
  color: 'ee0701',
  description: 'Something is broken',
  url: 'http://gitea/api/v1/repos/alice/hello-world/labels/4',
};

const milestone = {
  id: 2,
  title: 'v1.0',
  description: '',
  state: 'open',
  open_issues: 1,
  closed_issues: 0,
  created_at: '2024-01-01T00:00:00Z',
  updated_at: '2024-01-02T00:00:00Z',
  closed_at: null,
  due_on: null,
};

const issue = {
  id: 10,
  url: 'http://gitea/api/v1/repos/alice/hello-world/issues/1',
  html_url: 'http://gitea/alice/hello-world/issues/1',
  number: 1,
  user,
  original_author: '',
  original_author_id: 0,
  title: 'It breaks',
  body: 'Steps…',
  ref: '',
  assets: [],
  labels: [label],
  milestone,
  assignee: null,
  assignees: null,
  state: 'open',
  is_locked: false,
  comments: 0,
  created_at: '2024-01-01T00:00:00Z',
  updated_at: '2024-01-01T00:00:00Z',
  closed_at: null,
  due_date: null,
  time_estimate: 0,
  pull_request: null,
  repository: { id: 1, name: 'hello-world', owner: 'alice', full_name: 'alice/hello-world' },
  pin_order: 0,
};

const branchInfo = (ref: string, sha: string) => ({ label: ref, ref, sha, repo_id: 1, repo: repository });

const pull = {
  ...issue,
  number: 2,
  draft: false,
  base: branchInfo('main', 'a'.repeat(40)),
  head: branchInfo('feature', 'b'.repeat(40)),
  merge_base: 'a'.repeat(40),
  mergeable: true,
  merged: false,
  merged_at: null,
  merge_commit_sha: null,
  merged_by: null,
  allow_maintainer_edit: false,
  requested_reviewers: null,
  requested_reviewers_teams: null,
  review_comments: 0,
  additions: 3,
  deletions: 1,
  changed_files: 1,
  diff_url: 'http://gitea/alice/hello-world/pulls/2.diff',
  patch_url: 'http://gitea/alice/hello-world/pulls/2.patch',
};

const commitUser = { name: 'Alice', email: 'alice@example.com', date: '2024-01-01T00:00:00Z' };
const commit = {
  url: 'http://gitea/api/v1/repos/alice/hello-world/git/commits/abc',
  sha: 'c'.repeat(40),
  created: '2024-01-01T00:00:00Z',
  html_url: 'http://gitea/alice/hello-world/commit/ccc',
  commit: {
    url: 'http://gitea/api/v1/repos/alice/hello-world/git/commits/ccc',
    author: commitUser,
    committer: commitUser,
    message: 'Add greeting\n\nLonger text',
    tree: { url: 'x', sha: 'd'.repeat(40), created: '2024-01-01T00:00:00Z' },
    verification: { verified: false, reason: 'gpg.error.not_signed_commit', signature: '', signer: null, payload: '' },
  },
  author: user,
  committer: user,
  parents: [{ url: 'x', sha: 'e'.repeat(40), created: '2024-01-01T00:00:00Z' }],
  files: [{ filename: 'README.md', status: 'modified' }],
  stats: { total: 4, additions: 3, deletions: 1 },
};

const release = {
  id: 5,
  tag_name: 'v1.0.0',
  target_commitish: 'main',
  name: 'First',
  body: 'Notes',
  url: 'x',
  html_url: 'http://gitea/alice/hello-world/releases/tag/v1.0.0',
  tarball_url: 'x',
  zipball_url: 'x',
  upload_url: 'x',
  draft: false,
  prerelease: false,
  created_at: '2024-01-01T00:00:00Z',
  published_at: '2024-01-01T00:00:00Z',
  author: user,
  assets: [
    {
      id: 9,
      name: 'hello.tar.gz',
      size: 1024,
      download_count: 0,
      created_at: '2024-01-01T00:00:00Z',
      uuid: 'u',
      browser_download_url: 'http://gitea/attachments/u',
    },
  ],
};

const samples: [string, z.ZodType, object, string, unknown][] = [
  ['User', userSchema, user, 'login', 'alice'],
  ['Repository', repositorySchema, repository, 'full_name', 'alice/hello-world'],
  ['Label', labelSchema, label, 'name', 'bug'],
  ['Milestone', milestoneSchema, milestone, 'title', 'v1.0'],
  ['Issue', issueSchema, issue, 'number', 1],
  ['PullRequest', pullSchema, pull, 'number', 2],
  ['Commit', commitSchema, commit, 'sha', 'c'.repeat(40)],
  ['Release', releaseSchema, release, 'tag_name', 'v1.0.0'],
  [
    'Comment',
    commentSchema,
    { id: 7, html_url: 'x', pull_request_url: '', issue_url: 'x', user, original_author: '', body: 'Hi', assets: [] },
    'body',
    'Hi',
  ],
  [
    'Branch',
    branchSchema,
    {
      name: 'main',
      commit: { id: 'c'.repeat(40), message: 'm', url: 'x', author: { name: 'A', email: 'a@x', username: 'a' } },
      protected: false,
      required_approvals: 0,
      enable_status_check: false,
      status_check_contexts: [],
      user_can_push: true,
      user_can_merge: true,
      effective_branch_protection_name: '',
    },
    'name',
    'main',
  ],
  [
    'Tag',
    tagSchema,
    { name: 'v1', message: 'm', id: 'f'.repeat(40), commit: { url: 'x', sha: 'c'.repeat(40) }, zipball_url: 'x' },
    'name',
    'v1',
  ],
  [
    'PullReview',
    reviewSchema,
    {
      id: 3,
      user,
      team: null,
      state: 'APPROVED',
      body: '',
      commit_id: 'b'.repeat(40),
      stale: false,
      official: true,
      dismissed: false,
      comments_count: 0,
      submitted_at: '2024-01-01T00:00:00Z',
      updated_at: '2024-01-01T00:00:00Z',
      html_url: 'x',
      pull_request_url: 'x',
    },
    'state',
    'APPROVED',
  ],
  [
    'PullReviewComment',
    reviewCommentSchema,
    { id: 8, body: 'nit', user, resolver: null, pull_request_review_id: 3, path: 'a.go', position: 2, diff_hunk: '@@' },
    'path',
    'a.go',
  ],
  [
    'ChangedFile',
    changedFileSchema,
    { filename: 'a.go', status: 'modified', additions: 1, deletions: 0, changes: 1, html_url: 'x', raw_url: 'x' },
    'filename',
    'a.go',
  ],
];

describe('models accept what Gitea 1.25 sends', () => {
  it.each(samples)('%s', (_name, schema, sample, key, value) => {
    const parsed = schema.parse(sample) as Record<string, unknown>;
    expect(parsed[key]).toEqual(value);
    // Unknown fields are stripped: summaries read only the modelled ones.
    expect(parsed).not.toHaveProperty('url');
  });

  it('keeps the nested parts summaries read', () => {
    const r = repositorySchema.parse(repository);
    expect(r.owner?.login).toBe('alice');
    expect(r.permissions).toEqual({ admin: true, push: true, pull: true });
    const p = pullSchema.parse(pull);
    expect([p.base?.ref, p.head?.repo?.full_name, p.labels?.[0]?.name, p.milestone?.title]).toEqual([
      'main',
      'alice/hello-world',
      'bug',
      'v1.0',
    ]);
    const c = commitSchema.parse(commit);
    expect([c.commit?.author?.name, c.parents?.[0]?.sha, c.stats?.total]).toEqual(['Alice', 'e'.repeat(40), 4]);
    expect(releaseSchema.parse(release).assets?.[0]?.size).toBe(1024);
  });

  it('takes null and missing optional fields as Gitea omits them', () => {
    expect(repositorySchema.parse({ full_name: 'a/b', description: null, owner: null }).description).toBeNull();
    expect(issueSchema.parse({ number: 3 }).labels).toBeUndefined();
  });
});

describe('a changed field fails loudly', () => {
  it.each([
    ['Repository full_name retyped', repositorySchema, { ...repository, full_name: 123 }, 'full_name'],
    ['Repository full_name dropped', repositorySchema, { ...repository, full_name: undefined }, 'full_name'],
    ['Issue number dropped', issueSchema, { ...issue, number: undefined }, 'number'],
    ['Issue labels retyped', issueSchema, { ...issue, labels: 'bug' }, 'labels'],
    ['PullRequest head retyped', pullSchema, { ...pull, head: 'feature' }, 'head'],
    ['Release tag_name dropped', releaseSchema, { ...release, tag_name: undefined }, 'tag_name'],
    ['Commit stats retyped', commitSchema, { ...commit, stats: { total: '4' } }, 'stats.total'],
    ['Label id retyped', labelSchema, { ...label, id: '4' }, 'id'],
  ] as [string, z.ZodType, object, string][])('%s', (_name, schema, sample, where) => {
    const r = schema.safeParse(sample);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path.join('.')).toBe(where);
  });

  it('the client names the field: bad_response "unexpected shape at full_name"', async () => {
    const fetch = async () => new Response(JSON.stringify({ ...repository, full_name: 123 }), { status: 200 });
    const gitea = createGiteaClient({ baseUrl: 'http://gitea', token: 'tok', timeoutMs: 1000, retries: 0, fetch });
    const err = await gitea
      .request('GET', giteaPath('/repos/{owner}/{repo}', { owner: 'alice', repo: 'hello-world' }), {
        schema: repositorySchema,
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(GiteaError);
    expect(err).toMatchObject({ code: 'bad_response', giteaMessage: 'unexpected shape at full_name' });
  });
});

const run = {
  id: 11,
  url: 'http://gitea/api/v1/repos/alice/hello-world/actions/runs/11',
  html_url: 'http://gitea/alice/hello-world/actions/runs/4',
  display_title: 'Fix the build',
  path: 'ci.yml@refs/heads/main',
  event: 'push',
  run_attempt: 1,
  run_number: 4,
  head_sha: 'a'.repeat(40),
  head_branch: 'main',
  status: 'completed',
  conclusion: 'success',
  actor: user,
  trigger_actor: user,
  repository,
  head_repository: repository,
  repository_id: 1,
  started_at: '2024-01-01T00:00:00Z',
  completed_at: '2024-01-01T00:01:00Z',
};
const job = {
  id: 21,
  url: 'x',
  html_url: 'http://gitea/alice/hello-world/actions/runs/4/jobs/0',
  run_id: 11,
  run_url: 'x',
  name: 'build',
  labels: ['ubuntu-latest'],
  run_attempt: 1,
  head_sha: 'a'.repeat(40),
  head_branch: 'main',
  status: 'completed',
  conclusion: 'success',
  runner_id: 1,
  runner_name: 'runner-1',
  steps: [
    { name: 'Set up job', number: 1, status: 'completed', conclusion: 'success', started_at: 'x', completed_at: 'x' },
  ],
  created_at: '2024-01-01T00:00:00Z',
  started_at: '2024-01-01T00:00:00Z',
  completed_at: '2024-01-01T00:01:00Z',
};
const workflow = {
  id: 'ci.yml',
  name: 'CI',
  path: '.gitea/workflows/ci.yml',
  state: 'active',
  created_at: 'x',
  updated_at: 'x',
  url: 'x',
  html_url: 'http://gitea/alice/hello-world/src/branch/main/.gitea/workflows/ci.yml',
  badge_url: 'x',
  deleted_at: '0001-01-01T00:00:00Z',
};
const artifact = {
  id: 31,
  name: 'dist',
  size_in_bytes: 2048,
  url: 'x',
  archive_download_url: 'x',
  expired: false,
  workflow_run: { id: 11, repository_id: 1, head_sha: 'a'.repeat(40) },
  created_at: 'x',
  updated_at: 'x',
  expires_at: '2024-04-01T00:00:00Z',
};
const team = {
  id: 5,
  name: 'Owners',
  description: '',
  organization: { id: 2, name: 'acme', full_name: 'Acme', email: '', avatar_url: 'x', username: 'acme' },
  includes_all_repositories: true,
  permission: 'owner',
  units: ['repo.code', 'repo.issues'],
  units_map: { 'repo.code': 'owner' },
  can_create_org_repo: true,
  url: 'x',
};
const wikiCommit = {
  sha: 'c'.repeat(40),
  author: { name: 'Alice', email: 'alice@example.com', date: '2024-01-01T00:00:00Z' },
  commiter: { name: 'Alice', email: 'alice@example.com', date: '2024-01-01T00:00:00Z' },
  message: 'Add Home\n',
  url: 'x',
};
const status = {
  id: 1,
  status: 'success',
  target_url: 'http://ci/1',
  description: 'passed',
  url: 'x',
  context: 'ci/build',
  creator: user,
  created_at: 'x',
  updated_at: '2024-01-01T00:00:00Z',
};
const issueForTime = { id: 7, number: 2, title: 'Slow start', state: 'open', url: 'x' };

const newSamples: [string, z.ZodType, object, string, unknown][] = [
  ['ActionWorkflowRun', runSchema, run, 'run_number', 4],
  ['ActionWorkflowRunsResponse', runsSchema, { workflow_runs: [run], total_count: 1, url: 'x' }, 'total_count', 1],
  ['ActionWorkflowJob', jobSchema, job, 'name', 'build'],
  ['ActionWorkflowJobsResponse', jobsSchema, { jobs: [job], total_count: 1 }, 'total_count', 1],
  ['ActionWorkflow', workflowSchema, workflow, 'id', 'ci.yml'],
  ['ActionWorkflowResponse', workflowsSchema, { workflows: [workflow], total_count: 1 }, 'total_count', 1],
  ['ActionArtifact', artifactSchema, artifact, 'size_in_bytes', 2048],
  ['ActionArtifactsResponse', artifactsSchema, { artifacts: [artifact], total_count: 1 }, 'total_count', 1],
  [
    'Secret',
    secretSchema,
    { name: 'DEPLOY_KEY', description: '', created_at: '2024-01-01T00:00:00Z' },
    'name',
    'DEPLOY_KEY',
  ],
  [
    'ActionVariable',
    variableSchema,
    { owner_id: 0, repo_id: 1, name: 'ENV', data: 'prod', description: '' },
    'data',
    'prod',
  ],
  [
    'RepoCollaboratorPermission',
    permissionSchema,
    { permission: 'write', role_name: 'write', user },
    'permission',
    'write',
  ],
  [
    'Organization',
    orgSchema,
    {
      id: 2,
      name: 'acme',
      full_name: 'Acme',
      email: '',
      avatar_url: 'x',
      description: '',
      website: '',
      location: '',
      visibility: 'public',
      repo_admin_change_team_access: false,
      username: 'acme',
    },
    'name',
    'acme',
  ],
  ['Team', teamSchema, team, 'permission', 'owner'],
  ['Team with organization', teamWithOrgSchema, team, 'organization', { name: 'acme', username: 'acme' }],
  [
    'TrackedTime',
    trackedTimeSchema,
    {
      id: 9,
      created: '2024-01-01T00:00:00Z',
      time: 3600,
      user_id: 1,
      user_name: 'alice',
      issue_id: 7,
      issue: issueForTime,
    },
    'time',
    3600,
  ],
  [
    'StopWatch',
    stopWatchSchema,
    {
      created: '2024-01-01T00:00:00Z',
      seconds: 90,
      duration: '1m30s',
      issue_index: 2,
      issue_title: 'Slow start',
      repo_owner_name: 'alice',
      repo_name: 'hello-world',
    },
    'duration',
    '1m30s',
  ],
  [
    'Package',
    packageSchema,
    {
      id: 3,
      owner: user,
      repository,
      creator: user,
      type: 'npm',
      name: '@alice/hello',
      version: '1.0.0',
      html_url: 'x',
      created_at: 'x',
    },
    'version',
    '1.0.0',
  ],
  [
    'PackageFile',
    packageFileSchema,
    { id: 4, Size: 10, size: 10, name: 'hello-1.0.0.tgz', md5: 'x', sha1: 'x', sha256: 'd'.repeat(64), sha512: 'x' },
    'size',
    10,
  ],
  ['WikiCommit', wikiCommitSchema, wikiCommit, 'sha', 'c'.repeat(40)],
  ['WikiCommitList', wikiCommitsSchema, { commits: [wikiCommit], count: 1 }, 'count', 1],
  [
    'WikiPage',
    wikiPageSchema,
    {
      title: 'Home',
      html_url: 'x',
      sub_url: 'Home',
      commit_count: 1,
      last_commit: wikiCommit,
      content_base64: 'SGk=',
      footer: '',
      sidebar: '',
    },
    'content_base64',
    'SGk=',
  ],
  [
    'NotificationThread',
    notificationSchema,
    {
      id: 12,
      repository,
      subject: {
        title: 'Fix',
        url: 'http://gitea/api/v1/repos/alice/hello-world/pulls/5',
        latest_comment_url: '',
        html_url: 'x',
        latest_comment_html_url: '',
        type: 'Pull',
        state: 'open',
      },
      unread: true,
      pinned: false,
      updated_at: '2024-01-01T00:00:00Z',
      url: 'x',
    },
    'unread',
    true,
  ],
  [
    'FileResponse',
    fileResponseSchema,
    {
      content: null,
      commit: {
        url: 'x',
        sha: 'f'.repeat(40),
        created: 'x',
        html_url: 'x',
        author: null,
        committer: null,
        parents: [],
        message: 'Add a.txt\n',
        tree: null,
      },
      verification: null,
    },
    'commit',
    { sha: 'f'.repeat(40), html_url: 'x', message: 'Add a.txt\n' },
  ],
  [
    'CombinedStatus',
    combinedStatusSchema,
    {
      state: 'success',
      sha: 'a'.repeat(40),
      total_count: 1,
      statuses: [status],
      repository,
      commit_url: 'x',
      url: 'x',
    },
    'state',
    'success',
  ],
  ['Reaction', reactionSchema, { user, content: 'heart', created_at: '2024-01-01T00:00:00Z' }, 'content', 'heart'],
];

describe('the models of the other tools accept what Gitea 1.25 sends', () => {
  it.each(newSamples)('%s', (_name, schema, sample, key, value) => {
    const parsed = schema.parse(sample) as Record<string, unknown>;
    expect(parsed[key]).toEqual(value);
    expect(parsed).not.toHaveProperty('url');
  });

  it('keeps the nested parts summaries read', () => {
    expect(runSchema.parse(run).actor?.login).toBe('alice');
    expect(jobSchema.parse(job).steps?.[0]).toEqual({
      number: 1,
      name: 'Set up job',
      status: 'completed',
      conclusion: 'success',
    });
    expect(artifactSchema.parse(artifact).workflow_run).toEqual({ id: 11 });
    expect(wikiPageSchema.parse({ title: 'Home', last_commit: wikiCommit }).last_commit?.author?.name).toBe('Alice');
    expect(combinedStatusSchema.parse({ statuses: [status] }).statuses?.[0]?.creator?.login).toBe('alice');
    expect(trackedTimeSchema.parse({ issue: issueForTime }).issue?.number).toBe(2);
  });

  it('takes a state or permission a newer Gitea adds, and null lists', () => {
    expect(combinedStatusSchema.parse({ state: 'queued', statuses: [{ ...status, status: 'queued' }] }).state).toBe(
      'queued',
    );
    expect(teamSchema.parse({ ...team, permission: 'maintain', units: null }).permission).toBe('maintain');
    expect(jobsSchema.parse({ jobs: null, total_count: 0 }).jobs).toBeNull();
  });

  it.each([
    ['ActionWorkflowRun id dropped', runSchema, { ...run, id: undefined }, 'id'],
    ['ActionWorkflow id retyped', workflowSchema, { ...workflow, id: 1 }, 'id'],
    ['ActionWorkflowJob steps retyped', jobSchema, { ...job, steps: 'done' }, 'steps'],
    ['Secret name dropped', secretSchema, { description: '' }, 'name'],
    ['Package version dropped', packageSchema, { id: 3, type: 'npm', name: 'x' }, 'version'],
    ['PackageFile size retyped', packageFileSchema, { id: 4, name: 'x', size: '10' }, 'size'],
    ['WikiPage title dropped', wikiPageSchema, { sub_url: 'Home' }, 'title'],
    ['WikiCommit in a list without sha', wikiCommitsSchema, { commits: [{ message: 'x' }] }, 'commits.0.sha'],
    ['NotificationThread unread retyped', notificationSchema, { id: 1, unread: 'yes' }, 'unread'],
    ['Team units retyped', teamSchema, { ...team, units: 'repo.code' }, 'units'],
  ] as [string, z.ZodType, object, string][])('%s fails, naming the field', (_name, schema, sample, where) => {
    const r = schema.safeParse(sample);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path.join('.')).toBe(where);
  });
});
