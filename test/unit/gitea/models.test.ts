/**
 * The zod models tools read Gitea's answers through (#14): each accepts an
 * answer shaped as Gitea 1.25 sends it (extra fields, nulls where Go has nil
 * pointers) and keeps the fields summaries read; a retyped or dropped field
 * the tools rely on is rejected, and the client reports where.
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  branchSchema,
  changedFileSchema,
  commentSchema,
  commitSchema,
  createGiteaClient,
  GiteaError,
  giteaPath,
  issueSchema,
  labelSchema,
  milestoneSchema,
  pullSchema,
  releaseSchema,
  repositorySchema,
  reviewCommentSchema,
  reviewSchema,
  tagSchema,
  userSchema,
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
