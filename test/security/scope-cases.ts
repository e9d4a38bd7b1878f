/**
 * One successful call per tool and method for the scope matrix: the
 * arguments (on top of those generated from the tool's schema), the targets
 * created first through Gitea's API (so a destructive case never consumes
 * what another case reads, and cases do not depend on their order), and a
 * check of the answer and of the simulator's state after the call.
 * Seeded targets (sim/seed): alice/hello-world with issues #3–#5 and pulls
 * #1 (merged) and #2 (open, reviewed), releases, wiki pages; acme (alice
 * owns it); opensource/website with workflow runs, jobs and an artifact;
 * alice's generic package hello-cli.
 */
import { expect } from 'vitest';
import type { SimState } from '../../sim/state.js';
import { PEOPLE_SETUPS } from './scope-cases-people.js';
import type { Fixtures } from './scope-rig.js';

type Json = Record<string, unknown>;

/** What a case calls and how it checks the call worked. */
export interface Prepared {
  readonly args: Json;
  /** Fails unless the answer and the simulator's state show the call really happened. */
  verify(result: Json): void | Promise<void>;
  /** Puts shared state back (runs after the case, pass or fail). */
  cleanup?(): Promise<void>;
}

export type Setup = (fx: Fixtures) => Promise<Prepared>;

const H = { owner: 'alice', repo: 'hello-world' } as const;
const HP = '/repos/alice/hello-world';
/** opensource/website: the seeded Actions runs live here; the rig makes alice an admin collaborator. */
const W = { owner: 'opensource', repo: 'website' } as const;
const WP = '/repos/opensource/website';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const names = (list: unknown, key = 'name') => (list as Json[]).map((x) => x[key]);

function state(fx: Fixtures): SimState {
  return fx.sim.sim.state;
}

function repoId(fx: Fixtures, owner: string, repo: string): number {
  const r = state(fx).repoByName(owner, repo);
  if (!r) throw new Error(`no repository ${owner}/${repo}`);
  return r.id;
}

function issueOf(fx: Fixtures, index: number, owner = H.owner, repo = H.repo) {
  const id = repoId(fx, owner, repo);
  const issue = [...state(fx).issues.values()].find((i) => i.repoId === id && i.index === index);
  if (!issue) throw new Error(`no issue #${index} in ${owner}/${repo}`);
  return issue;
}

/** A new branch of alice/hello-world off `from`. */
async function newBranch(fx: Fixtures, from = 'main'): Promise<string> {
  const name = fx.unique('sm/branch');
  await fx.api('POST', `${HP}/branches`, { new_branch_name: name, old_branch_name: from });
  return name;
}

/** Commits a new file on `branch` of alice/hello-world; returns its path. */
async function commitFile(fx: Fixtures, branch: string): Promise<string> {
  const path = `scope-matrix/${fx.unique('file')}.txt`;
  await fx.api('POST', `${HP}/contents/${path}`, { content: b64(`${path}\n`), message: `Add ${path}`, branch });
  return path;
}

async function newIssue(fx: Fixtures, extra: Json = {}): Promise<number> {
  const created = await fx.api('POST', `${HP}/issues`, { title: fx.unique('Scope matrix issue'), ...extra });
  return created.number as number;
}

async function newComment(fx: Fixtures, index: number): Promise<number> {
  return (await fx.api('POST', `${HP}/issues/${index}/comments`, { body: 'A comment' })).id as number;
}

function labelId(fx: Fixtures, name: string, org?: string): number {
  const owner = org ? state(fx).userByLogin(org)?.id : repoId(fx, H.owner, H.repo);
  const l = [...state(fx).labels.values()].find(
    (x) => x.name === name && (org ? x.orgId === owner : x.repoId === owner),
  );
  if (!l) throw new Error(`no label ${name}`);
  return l.id;
}

async function newRepoLabel(fx: Fixtures): Promise<number> {
  return (await fx.api('POST', `${HP}/labels`, { name: fx.unique('sm-label'), color: '#123456' })).id as number;
}

async function newOrgLabel(fx: Fixtures): Promise<number> {
  return (await fx.api('POST', '/orgs/acme/labels', { name: fx.unique('sm-org-label'), color: '#123456' }))
    .id as number;
}

/** A pull request of a new branch (one new file) into `base`; opened by `as`. */
async function newPull(fx: Fixtures, opts: { base?: string; as?: string } = {}) {
  const base = opts.base ?? 'main';
  const head = await newBranch(fx, base);
  await commitFile(fx, head);
  const created = await fx.api(
    'POST',
    `${HP}/pulls`,
    { head, base, title: fx.unique('Scope matrix pull') },
    opts.as ?? 'alice',
  );
  return { index: created.number as number, head, base };
}

/** A pull request into a throwaway base branch, so merging it leaves main alone. */
async function pullIntoOwnBase(fx: Fixtures) {
  return newPull(fx, { base: await newBranch(fx) });
}

function review(fx: Fixtures, index: number, id: number) {
  const issue = issueOf(fx, index);
  const r = state(fx).reviews.get(id);
  if (!r || r.issueId !== issue.id) throw new Error(`no review ${id} on #${index}`);
  return r;
}

/** alice's REQUEST_CHANGES review on the seeded open pull #2 (it carries a code comment). */
function seededReviewId(fx: Fixtures): number {
  const issue = issueOf(fx, 2);
  const r = [...state(fx).reviews.values()].find((x) => x.issueId === issue.id && x.state === 'REQUEST_CHANGES');
  if (!r) throw new Error('no seeded review');
  return r.id;
}

/** An unread notification thread of alice's on alice/hello-world (moved to `status` first). */
async function aliceThread(fx: Fixtures, status: 'read' | 'unread' | 'pinned'): Promise<number> {
  const alice = state(fx).userByLogin('alice')?.id;
  const hello = repoId(fx, H.owner, H.repo);
  const n = [...state(fx).notifications.values()].find((x) => x.userId === alice && x.repoId === hello);
  if (!n) throw new Error('no seeded notification for alice');
  await fx.api('PATCH', `/notifications/threads/${n.id}?to-status=${status}`);
  return n.id;
}

function threadStatus(fx: Fixtures, id: number): string | undefined {
  return state(fx).notifications.get(id)?.status;
}

function seededRun(fx: Fixtures, conclusion: 'success' | 'failure') {
  const site = repoId(fx, W.owner, W.repo);
  const run = [...state(fx).actionRuns.values()].find((r) => r.repoId === site && r.conclusion === conclusion);
  if (!run) throw new Error(`no seeded ${conclusion} run`);
  return run;
}

function jobOf(fx: Fixtures, runId: number) {
  const job = [...state(fx).actionJobs.values()].find((j) => j.runId === runId);
  if (!job) throw new Error(`no job of run ${runId}`);
  return job;
}

function artifactOf(fx: Fixtures, runId: number) {
  const a = [...state(fx).artifacts.values()].find((x) => x.runId === runId);
  if (!a) throw new Error(`no artifact of run ${runId}`);
  return a;
}

function variable(fx: Fixtures, name: string, where: { repo?: string; org?: string }) {
  const repo = where.repo ? repoId(fx, H.owner, where.repo) : null;
  const org = where.org ? (state(fx).userByLogin(where.org)?.id ?? -1) : null;
  return state(fx).actionVariables.find((v) => v.name === name && v.repoId === repo && v.orgId === org);
}

function secret(fx: Fixtures, name: string, where: { repo?: string; org?: string }) {
  const repo = where.repo ? repoId(fx, H.owner, where.repo) : null;
  const org = where.org ? (state(fx).userByLogin(where.org)?.id ?? -1) : null;
  return state(fx).actionSecrets.find((s) => s.name === name && s.repoId === repo && s.orgId === org);
}

function helloCli(fx: Fixtures) {
  const alice = state(fx).userByLogin('alice')?.id;
  const p = [...state(fx).packages.values()].find((x) => x.ownerId === alice && x.name === 'hello-cli');
  if (!p) throw new Error('no seeded package hello-cli');
  return p;
}

const CLI = { owner: 'alice', packageType: 'generic', packageName: 'hello-cli' } as const;

/** The comment on issue #3 that the rig gave an attachment (see `prepareTargets`). */
function attachedComment(fx: Fixtures) {
  const c = [...state(fx).comments.values()].find((x) => x.body.startsWith('Confirmed'));
  if (!c) throw new Error('no seeded comment');
  const a = [...state(fx).attachments.values()].find((x) => x.commentId === c.id);
  if (!a) throw new Error('the rig did not attach a file to the comment');
  return { commentId: c.id, attachmentId: a.id };
}

function issueAttachment(fx: Fixtures): number {
  const a = [...state(fx).attachments.values()].find((x) => x.name === 'output.txt');
  if (!a) throw new Error('no seeded attachment output.txt');
  return a.id;
}

/**
 * Targets every flavor's rig needs once: alice as an admin collaborator of
 * opensource/website (its Actions runs), and a file attached to a comment.
 */
export async function prepareTargets(fx: Fixtures): Promise<void> {
  await fx.api('PUT', `${WP}/collaborators/alice`, { permission: 'admin' }, 'bob');
  const comment = [...state(fx).comments.values()].find((x) => x.body.startsWith('Confirmed'));
  const form = new FormData();
  form.set('attachment', new Blob(['the patch\n']), 'patch.diff');
  const token = fx.sim.seed.users.find((u) => u.login === 'alice')?.token ?? '';
  const res = await fetch(`${fx.sim.url}/api/v1${HP}/issues/comments/${comment?.id}/assets`, {
    method: 'POST',
    headers: { Authorization: `token ${token}` },
    body: form,
  });
  if (res.status !== 201) throw new Error(`comment attachment: ${res.status} ${await res.text()}`);
}

const read = (args: Json, verify: (r: Json) => void): Setup => {
  return async () => ({ args, verify });
};

/** Setups by `tool` or `tool.method`. Every tool and method needs one (the matrix checks). */
export const SETUPS: Readonly<Record<string, Setup>> = {
  // ---- context, repos -------------------------------------------------------
  get_me: read({}, (r) => expect(r.login).toBe('alice')),
  search_repos: read({ query: 'hello' }, (r) =>
    expect(names(r.repositories, 'fullName')).toContain('alice/hello-world'),
  ),
  list_my_repos: read({}, (r) => expect(names(r.repositories, 'fullName')).toContain('alice/hello-world')),
  list_org_repos: read({ org: 'acme' }, (r) => expect(names(r.repositories, 'fullName')).toContain('acme/platform')),
  get_repository: read(H, (r) => expect(r.fullName).toBe('alice/hello-world')),
  create_repo: async (fx) => {
    const name = fx.unique('sm-repo');
    return {
      args: { name, autoInit: true },
      async verify(r) {
        expect(r.fullName).toBe(`alice/${name}`);
        expect(await fx.status(`/repos/alice/${name}`)).toBe(200);
      },
    };
  },
  fork_repo: async (fx) => {
    const name = fx.unique('sm-fork');
    return {
      args: { owner: 'bob', repo: 'dotfiles', name },
      async verify(r) {
        expect(r).toMatchObject({ fullName: `alice/${name}`, fork: true });
        expect(state(fx).repoByName('alice', name)?.forkOfId).toBe(repoId(fx, 'bob', 'dotfiles'));
      },
    };
  },

  // ---- files ------------------------------------------------------------------
  get_file_contents: read({ ...H, path: 'README.md' }, (r) => expect(r).toMatchObject({ type: 'file' })),
  get_repository_tree: read(H, (r) => expect(names(r.entries, 'path')).toContain('README.md')),
  create_or_update_file: async (fx) => {
    const branch = await newBranch(fx);
    const path = `scope-matrix/${fx.unique('new')}.txt`;
    return {
      args: { ...H, branch, message: 'Add a file', files: [{ path, content: 'made by the scope matrix\n' }] },
      async verify() {
        const file = await fx.api('GET', `${HP}/contents/${path}?ref=${encodeURIComponent(branch)}`);
        expect(Buffer.from(String(file.content), 'base64').toString()).toBe('made by the scope matrix\n');
      },
    };
  },
  delete_file: async (fx) => {
    const branch = await newBranch(fx);
    const path = await commitFile(fx, branch);
    return {
      args: { ...H, branch, path, message: 'Remove a file' },
      async verify() {
        expect(await fx.status(`${HP}/contents/${path}?ref=${encodeURIComponent(branch)}`)).toBe(404);
      },
    };
  },

  // ---- branches, commits, tags ----------------------------------------------------
  list_branches: read(H, (r) => expect(names(r.branches)).toContain('main')),
  create_branch: async (fx) => {
    const branch = fx.unique('sm/created');
    return {
      args: { ...H, branch },
      async verify() {
        expect(await fx.status(`${HP}/branches/${encodeURIComponent(branch)}`)).toBe(200);
      },
    };
  },
  rename_branch: async (fx) => {
    const branch = await newBranch(fx);
    const newName = fx.unique('sm/renamed');
    return {
      args: { ...H, branch, newName },
      async verify() {
        expect(await fx.status(`${HP}/branches/${encodeURIComponent(newName)}`)).toBe(200);
        expect(await fx.status(`${HP}/branches/${encodeURIComponent(branch)}`)).toBe(404);
      },
    };
  },
  delete_branch: async (fx) => {
    const branch = await newBranch(fx);
    return {
      args: { ...H, branch },
      async verify() {
        expect(await fx.status(`${HP}/branches/${encodeURIComponent(branch)}`)).toBe(404);
      },
    };
  },
  list_commits: read(H, (r) => expect((r.commits as unknown[]).length).toBeGreaterThan(0)),
  get_commit: read({ ...H, sha: 'v1.0.0' }, (r) => expect(r.subject).toBe('Add MIT license')),
  list_tags: read(H, (r) => expect(names(r.tags)).toContain('v1.0.0')),
  get_tag: read({ ...H, tag: 'v1.0.0' }, (r) => expect(r.name).toBe('v1.0.0')),
  create_tag: async (fx) => {
    const tag = fx.unique('sm-tag');
    return {
      args: { ...H, tag, message: 'made by the scope matrix' },
      async verify() {
        expect(await fx.status(`${HP}/tags/${tag}`)).toBe(200);
      },
    };
  },
  delete_tag: async (fx) => {
    const tag = fx.unique('sm-tag');
    await fx.api('POST', `${HP}/tags`, { tag_name: tag, target: 'main' });
    return {
      args: { ...H, tag },
      async verify() {
        expect(await fx.status(`${HP}/tags/${tag}`)).toBe(404);
      },
    };
  },

  // ---- issues -------------------------------------------------------------------
  list_issues: read(H, (r) => expect(names(r.issues, 'title')).toContain('Greeting ignores the locale')),
  'issue_read.get': read({ ...H, index: 3 }, (r) => expect(r.title).toBe('Greeting ignores the locale')),
  'issue_read.get_comments': read({ ...H, index: 3 }, (r) => expect((r.comments as unknown[]).length).toBe(2)),
  'issue_read.get_comment': async (fx) => {
    const { commentId } = attachedComment(fx);
    return { args: { ...H, commentId }, verify: (r) => expect(r.id).toBe(commentId) };
  },
  'issue_read.get_labels': read({ ...H, index: 3 }, (r) => expect(names(r.labels)).toEqual(['bug'])),
  'issue_write.create': async (fx) => {
    const title = fx.unique('Created by the scope matrix');
    return {
      args: { ...H, title },
      verify(r) {
        expect(issueOf(fx, r.number as number).title).toBe(title);
      },
    };
  },
  'issue_write.update': async (fx) => {
    const index = await newIssue(fx);
    return {
      args: { ...H, index, title: 'Renamed by the scope matrix' },
      verify() {
        expect(issueOf(fx, index).title).toBe('Renamed by the scope matrix');
      },
    };
  },
  'issue_write.add_comment': async (fx) => {
    const index = await newIssue(fx);
    return {
      args: { ...H, index, body: 'Commented by the scope matrix' },
      verify(r) {
        expect(state(fx).comments.get(r.id as number)).toMatchObject({
          issueId: issueOf(fx, index).id,
          body: 'Commented by the scope matrix',
        });
      },
    };
  },
  'issue_write.edit_comment': async (fx) => {
    const commentId = await newComment(fx, await newIssue(fx));
    return {
      args: { ...H, commentId, body: 'Edited by the scope matrix' },
      verify() {
        expect(state(fx).comments.get(commentId)?.body).toBe('Edited by the scope matrix');
      },
    };
  },
  'issue_write.add_labels': async (fx) => {
    const index = await newIssue(fx);
    return {
      args: { ...H, index, labels: ['bug'] },
      verify() {
        expect([...issueOf(fx, index).labelIds]).toEqual([labelId(fx, 'bug')]);
      },
    };
  },
  'issue_write.replace_labels': async (fx) => {
    const index = await newIssue(fx, { labels: [labelId(fx, 'bug')] });
    return {
      args: { ...H, index, labels: ['enhancement'] },
      verify() {
        expect([...issueOf(fx, index).labelIds]).toEqual([labelId(fx, 'enhancement')]);
      },
    };
  },
  'issue_write.remove_label': async (fx) => {
    const index = await newIssue(fx, { labels: [labelId(fx, 'bug'), labelId(fx, 'enhancement')] });
    return {
      args: { ...H, index, labels: ['bug'] },
      verify() {
        expect([...issueOf(fx, index).labelIds]).toEqual([labelId(fx, 'enhancement')]);
      },
    };
  },
  'issue_write.clear_labels': async (fx) => {
    const index = await newIssue(fx, { labels: [labelId(fx, 'bug')] });
    return {
      args: { ...H, index },
      verify() {
        expect(issueOf(fx, index).labelIds.size).toBe(0);
      },
    };
  },
  delete_comment: async (fx) => {
    const commentId = await newComment(fx, await newIssue(fx));
    return {
      args: { ...H, commentId },
      verify() {
        expect(state(fx).comments.has(commentId)).toBe(false);
      },
    };
  },

  // ---- labels, milestones ---------------------------------------------------------
  'label_read.list_repo_labels': read(H, (r) => expect(names(r.labels)).toContain('bug')),
  'label_read.get_repo_label': async (fx) => {
    const id = labelId(fx, 'bug');
    return { args: { ...H, labelId: id }, verify: (r) => expect(r).toMatchObject({ id, name: 'bug' }) };
  },
  'label_read.list_org_labels': read({ org: 'acme' }, (r) => expect(names(r.labels)).toContain('priority/high')),
  'label_read.get_org_label': async (fx) => {
    const id = labelId(fx, 'priority/high', 'acme');
    return { args: { org: 'acme', labelId: id }, verify: (r) => expect(r.name).toBe('priority/high') };
  },
  'label_write.create_repo_label': async (fx) => {
    const name = fx.unique('sm-created');
    return {
      args: { ...H, name, color: '#00aabb' },
      verify() {
        expect(labelId(fx, name)).toBeGreaterThan(0);
      },
    };
  },
  'label_write.edit_repo_label': async (fx) => {
    const id = await newRepoLabel(fx);
    return {
      args: { ...H, labelId: id, description: 'Edited by the scope matrix' },
      verify() {
        expect(state(fx).labels.get(id)?.description).toBe('Edited by the scope matrix');
      },
    };
  },
  'label_write.create_org_label': async (fx) => {
    const name = fx.unique('sm-org-created');
    return {
      args: { org: 'acme', name, color: '#00aabb' },
      verify() {
        expect(labelId(fx, name, 'acme')).toBeGreaterThan(0);
      },
    };
  },
  'label_write.edit_org_label': async (fx) => {
    const id = await newOrgLabel(fx);
    return {
      args: { org: 'acme', labelId: id, description: 'Edited by the scope matrix' },
      verify() {
        expect(state(fx).labels.get(id)?.description).toBe('Edited by the scope matrix');
      },
    };
  },
  'delete_label.delete_repo_label': async (fx) => {
    const id = await newRepoLabel(fx);
    return {
      args: { ...H, labelId: id },
      verify() {
        expect(state(fx).labels.has(id)).toBe(false);
      },
    };
  },
  'delete_label.delete_org_label': async (fx) => {
    const id = await newOrgLabel(fx);
    return {
      args: { org: 'acme', labelId: id },
      verify() {
        expect(state(fx).labels.has(id)).toBe(false);
      },
    };
  },
  'milestone_read.list': read(H, (r) => expect(names(r.milestones, 'title')).toContain('v1.1')),
  'milestone_read.get': read({ ...H, milestone: 'v1.1' }, (r) => expect(r.title).toBe('v1.1')),
  'milestone_write.create': async (fx) => {
    const title = fx.unique('sm-milestone');
    return {
      args: { ...H, title },
      verify(r) {
        expect(state(fx).milestones.get(r.id as number)?.title).toBe(title);
      },
    };
  },
  'milestone_write.edit': async (fx) => {
    const m = await fx.api('POST', `${HP}/milestones`, { title: fx.unique('sm-milestone') });
    return {
      args: { ...H, milestone: String(m.id), state: 'closed' },
      verify() {
        expect(state(fx).milestones.get(m.id as number)?.state).toBe('closed');
      },
    };
  },
  delete_milestone: async (fx) => {
    const m = await fx.api('POST', `${HP}/milestones`, { title: fx.unique('sm-milestone') });
    return {
      args: { ...H, milestone: String(m.id) },
      verify() {
        expect(state(fx).milestones.has(m.id as number)).toBe(false);
      },
    };
  },

  // ---- time tracking ----------------------------------------------------------------
  'timetracking_read.list_issue_times': read({ ...H, index: 3 }, (r) =>
    expect((r.times as Json[]).map((t) => t.seconds)).toContain(3600),
  ),
  'timetracking_read.list_repo_times': read(H, (r) =>
    expect((r.times as Json[]).map((t) => t.seconds)).toContain(3600),
  ),
  'timetracking_read.get_my_times': read({}, (r) => expect((r.times as Json[]).map((t) => t.seconds)).toContain(3600)),
  'timetracking_read.get_my_stopwatches': read({}, (r) => expect(Array.isArray(r.stopwatches)).toBe(true)),
  'timetracking_write.add_time': async (fx) => {
    const index = await newIssue(fx);
    return {
      args: { ...H, index, seconds: 120 },
      verify() {
        const issue = issueOf(fx, index).id;
        expect([...state(fx).trackedTimes.values()].filter((t) => t.issueId === issue).map((t) => t.seconds)).toEqual([
          120,
        ]);
      },
    };
  },
  'timetracking_write.start_stopwatch': async (fx) => {
    const index = await newIssue(fx);
    const running = () => state(fx).stopwatches.some((s) => s.issueId === issueOf(fx, index).id);
    return {
      args: { ...H, index },
      verify() {
        expect(running()).toBe(true);
      },
      async cleanup() {
        if (running()) await fx.api('DELETE', `${HP}/issues/${index}/stopwatch/delete`);
      },
    };
  },
  'timetracking_write.stop_stopwatch': async (fx) => {
    const index = await newIssue(fx);
    await fx.api('POST', `${HP}/issues/${index}/stopwatch/start`);
    return {
      args: { ...H, index },
      verify() {
        const issue = issueOf(fx, index).id;
        expect(state(fx).stopwatches.some((s) => s.issueId === issue)).toBe(false);
        expect([...state(fx).trackedTimes.values()].some((t) => t.issueId === issue)).toBe(true);
      },
    };
  },
  delete_time: async (fx) => {
    const index = await newIssue(fx);
    const t = await fx.api('POST', `${HP}/issues/${index}/times`, { time: 60 });
    return {
      args: { ...H, index, timeId: t.id },
      verify() {
        expect(state(fx).trackedTimes.has(t.id as number)).toBe(false);
      },
    };
  },
  delete_stopwatch: async (fx) => {
    const index = await newIssue(fx);
    await fx.api('POST', `${HP}/issues/${index}/stopwatch/start`);
    return {
      args: { ...H, index },
      verify() {
        const issue = issueOf(fx, index).id;
        expect(state(fx).stopwatches.some((s) => s.issueId === issue)).toBe(false);
        expect([...state(fx).trackedTimes.values()].some((t) => t.issueId === issue)).toBe(false);
      },
    };
  },

  // ---- search, orgs -------------------------------------------------------------------
  search_users: read({ query: 'ali' }, (r) => expect(names(r.users, 'login')).toContain('alice')),
  search_org_teams: read({ org: 'acme', query: 'dev' }, (r) => expect(names(r.teams)).toEqual(['developers'])),
  search_issues: read({ query: 'locale' }, (r) =>
    expect(names(r.issues, 'title')).toContain('Greeting ignores the locale'),
  ),
  list_my_orgs: read({}, (r) => expect(names(r.organizations)).toContain('acme')),
  'org_read.get': read({ org: 'acme' }, (r) => expect(r.name).toBe('acme')),
  'org_read.list_members': read({ org: 'acme' }, (r) => expect(names(r.members, 'login')).toContain('alice')),
  'org_read.list_teams': read({ org: 'acme' }, (r) => expect(names(r.teams)).toContain('developers')),

  // ---- notifications ------------------------------------------------------------------
  'notification_read.list': async (fx) => {
    const threadId = await aliceThread(fx, 'unread');
    return { args: {}, verify: (r) => expect(names(r.notifications, 'id')).toContain(threadId) };
  },
  'notification_read.list_repo': async (fx) => {
    const threadId = await aliceThread(fx, 'unread');
    return { args: H, verify: (r) => expect(names(r.notifications, 'id')).toContain(threadId) };
  },
  'notification_read.get_thread': async (fx) => {
    const threadId = await aliceThread(fx, 'unread');
    return { args: { threadId }, verify: (r) => expect(r.id).toBe(threadId) };
  },
  'notification_write.mark_read': async (fx) => {
    const threadId = await aliceThread(fx, 'unread');
    return { args: { threadId }, verify: () => expect(threadStatus(fx, threadId)).toBe('read') };
  },
  'notification_write.mark_unread': async (fx) => {
    const threadId = await aliceThread(fx, 'read');
    return { args: { threadId }, verify: () => expect(threadStatus(fx, threadId)).toBe('unread') };
  },
  'notification_write.pin': async (fx) => {
    const threadId = await aliceThread(fx, 'read');
    return { args: { threadId }, verify: () => expect(threadStatus(fx, threadId)).toBe('pinned') };
  },
  'notification_write.unpin': async (fx) => {
    const threadId = await aliceThread(fx, 'pinned');
    return { args: { threadId }, verify: () => expect(threadStatus(fx, threadId)).not.toBe('pinned') };
  },
  'notification_write.mark_all_read': async (fx) => {
    const threadId = await aliceThread(fx, 'unread');
    return { args: {}, verify: () => expect(threadStatus(fx, threadId)).toBe('read') };
  },
  'notification_write.mark_repo_read': async (fx) => {
    const threadId = await aliceThread(fx, 'unread');
    return { args: H, verify: () => expect(threadStatus(fx, threadId)).toBe('read') };
  },

  // ---- pull requests --------------------------------------------------------------------
  list_pull_requests: read(H, (r) => expect(names(r.pullRequests, 'number')).toContain(2)),
  'pull_request_read.get': read({ ...H, index: 2 }, (r) => expect(r.title).toBe('Greet in several languages')),
  'pull_request_read.get_diff': read({ ...H, index: 2 }, (r) => expect(String(r.diff)).toMatch(/src\/greet\.ts/)),
  'pull_request_read.get_files': read({ ...H, index: 2 }, (r) =>
    expect(names(r.files, 'path')).toContain('src/greet.ts'),
  ),
  'pull_request_read.get_commits': read({ ...H, index: 2 }, (r) => expect((r.commits as unknown[]).length).toBe(1)),
  'pull_request_read.get_status': read({ ...H, index: 2 }, (r) => expect(r.checksState).toBe('failure')),
  'pull_request_read.get_reviews': read({ ...H, index: 2 }, (r) =>
    expect(names(r.reviews, 'state')).toContain('REQUEST_CHANGES'),
  ),
  'pull_request_read.get_review': async (fx) => {
    const reviewId = seededReviewId(fx);
    return { args: { ...H, index: 2, reviewId }, verify: (r) => expect(r).toMatchObject({ id: reviewId }) };
  },
  'pull_request_read.get_review_comments': async (fx) => {
    const reviewId = seededReviewId(fx);
    return {
      args: { ...H, index: 2, reviewId },
      verify: (r) => expect(names(r.comments, 'path')).toEqual(['src/greet.ts']),
    };
  },
  'pull_request_write.create': async (fx) => {
    const head = await newBranch(fx);
    await commitFile(fx, head);
    return {
      args: { ...H, head, base: 'main', title: 'Opened by the scope matrix' },
      verify(r) {
        expect(state(fx).pulls.get(issueOf(fx, r.number as number).id)?.headBranch).toBe(head);
      },
    };
  },
  'pull_request_write.update': async (fx) => {
    const { index } = await newPull(fx);
    return {
      args: { ...H, index, title: 'Retitled by the scope matrix' },
      verify() {
        expect(issueOf(fx, index).title).toBe('Retitled by the scope matrix');
      },
    };
  },
  'pull_request_write.update_branch': async (fx) => {
    const { index, head, base } = await pullIntoOwnBase(fx);
    await commitFile(fx, base);
    const headTip = async () => ((await fx.api('GET', `${HP}/branches/${encodeURIComponent(head)}`)).commit as Json).id;
    const before = await headTip();
    return {
      args: { ...H, index },
      async verify() {
        expect(await headTip()).not.toBe(before);
      },
    };
  },
  'pull_request_write.request_reviewers': async (fx) => {
    const { index } = await newPull(fx);
    return {
      args: { ...H, index, reviewers: ['bob'] },
      verify() {
        const bob = state(fx).userByLogin('bob')?.id;
        expect([...(state(fx).pulls.get(issueOf(fx, index).id)?.requestedReviewerIds ?? [])]).toEqual([bob]);
      },
    };
  },
  'pull_request_write.remove_reviewers': async (fx) => {
    const { index } = await newPull(fx);
    await fx.api('POST', `${HP}/pulls/${index}/requested_reviewers`, { reviewers: ['bob'] });
    return {
      args: { ...H, index, reviewers: ['bob'] },
      verify() {
        expect(state(fx).pulls.get(issueOf(fx, index).id)?.requestedReviewerIds.size).toBe(0);
      },
    };
  },
  merge_pull_request: async (fx) => {
    const { index } = await pullIntoOwnBase(fx);
    return {
      args: { ...H, index, style: 'merge' },
      verify() {
        expect(state(fx).pulls.get(issueOf(fx, index).id)?.mergedAt).not.toBeNull();
      },
    };
  },
  'pull_request_review_write.create': async (fx) => {
    const { index } = await newPull(fx, { as: 'bob' });
    return {
      args: { ...H, index, event: 'COMMENT', body: 'Reviewed by the scope matrix' },
      verify(r) {
        expect(review(fx, index, r.id as number)).toMatchObject({ state: 'COMMENT' });
      },
    };
  },
  'pull_request_review_write.submit': async (fx) => {
    const { index } = await newPull(fx, { as: 'bob' });
    const pending = await fx.api('POST', `${HP}/pulls/${index}/reviews`, { event: 'PENDING', body: 'Draft' });
    return {
      args: { ...H, index, reviewId: pending.id, event: 'COMMENT', body: 'Submitted' },
      verify() {
        expect(review(fx, index, pending.id as number).state).toBe('COMMENT');
      },
    };
  },
  'pull_request_review_write.dismiss': async (fx) => {
    const { index } = await newPull(fx, { as: 'bob' });
    const approved = await fx.api('POST', `${HP}/pulls/${index}/reviews`, { event: 'APPROVED', body: 'Fine' });
    return {
      args: { ...H, index, reviewId: approved.id, message: 'Dismissed by the scope matrix' },
      verify() {
        expect(review(fx, index, approved.id as number).dismissed).toBe(true);
      },
    };
  },
  'pull_request_review_write.undismiss': async (fx) => {
    const { index } = await newPull(fx, { as: 'bob' });
    const approved = await fx.api('POST', `${HP}/pulls/${index}/reviews`, { event: 'APPROVED', body: 'Fine' });
    await fx.api('POST', `${HP}/pulls/${index}/reviews/${approved.id}/dismissals`, { message: 'first' });
    return {
      args: { ...H, index, reviewId: approved.id },
      verify() {
        expect(review(fx, index, approved.id as number).dismissed).toBe(false);
      },
    };
  },
  delete_pull_request_review: async (fx) => {
    const { index } = await newPull(fx, { as: 'bob' });
    const pending = await fx.api('POST', `${HP}/pulls/${index}/reviews`, { event: 'PENDING', body: 'Draft' });
    return {
      args: { ...H, index, reviewId: pending.id },
      verify() {
        expect(state(fx).reviews.has(pending.id as number)).toBe(false);
      },
    };
  },

  // ---- attachments --------------------------------------------------------------------
  'attachment_read.list_issue_attachments': read({ ...H, index: 3 }, (r) =>
    expect(names(r.attachments)).toEqual(['output.txt']),
  ),
  'attachment_read.get_issue_attachment': async (fx) => {
    const attachmentId = issueAttachment(fx);
    return { args: { ...H, index: 3, attachmentId }, verify: (r) => expect(r.name).toBe('output.txt') };
  },
  'attachment_read.download_issue_attachment': async (fx) => {
    const attachmentId = issueAttachment(fx);
    return {
      args: { ...H, index: 3, attachmentId },
      verify: (r) => expect(r.content).toBe('$ hello Ana es\nHello, Ana!\n'),
    };
  },
  'attachment_read.list_comment_attachments': async (fx) => {
    const { commentId } = attachedComment(fx);
    return { args: { ...H, commentId }, verify: (r) => expect(names(r.attachments)).toEqual(['patch.diff']) };
  },
  'attachment_read.get_comment_attachment': async (fx) => {
    const ids = attachedComment(fx);
    return { args: { ...H, ...ids }, verify: (r) => expect(r.name).toBe('patch.diff') };
  },
  'attachment_read.download_comment_attachment': async (fx) => {
    const ids = attachedComment(fx);
    return { args: { ...H, ...ids }, verify: (r) => expect(r.content).toBe('the patch\n') };
  },

  // ---- releases, wiki -------------------------------------------------------------------
  'release_read.list': read(H, (r) => expect(names(r.releases, 'tag')).toContain('v1.0.0')),
  'release_read.get': async (fx) => {
    const rel = [...state(fx).releases.values()].find((x) => x.tagName === 'v1.0.0');
    return { args: { ...H, id: rel?.id }, verify: (r) => expect(r.tag).toBe('v1.0.0') };
  },
  'release_read.get_by_tag': read({ ...H, tag: 'v0.1.0' }, (r) => expect(r.tag).toBe('v0.1.0')),
  'release_read.get_latest': read(H, (r) => expect(r.tag).toBe('v1.0.0')),
  'release_write.create': async (fx) => {
    const tag = fx.unique('sm-release');
    return {
      args: { ...H, tag, target: 'main', name: 'Released by the scope matrix' },
      verify() {
        expect([...state(fx).releases.values()].some((x) => x.tagName === tag)).toBe(true);
      },
    };
  },
  'release_write.update': async (fx) => {
    const rel = await fx.api('POST', `${HP}/releases`, { tag_name: fx.unique('sm-release'), target_commitish: 'main' });
    return {
      args: { ...H, id: rel.id, name: 'Renamed by the scope matrix' },
      verify() {
        expect(state(fx).releases.get(rel.id as number)?.title).toBe('Renamed by the scope matrix');
      },
    };
  },
  delete_release: async (fx) => {
    const tag = fx.unique('sm-release');
    const rel = await fx.api('POST', `${HP}/releases`, { tag_name: tag, target_commitish: 'main' });
    return {
      args: { ...H, tag },
      verify() {
        expect(state(fx).releases.has(rel.id as number)).toBe(false);
      },
    };
  },
  'wiki_read.list_pages': read(H, (r) => expect(names(r.pages, 'pageName')).toContain('Home')),
  'wiki_read.get_page': read({ ...H, pageName: 'Home' }, (r) => expect(String(r.content)).toMatch(/Welcome/)),
  'wiki_read.get_revisions': read({ ...H, pageName: 'Home' }, (r) => expect(r.total).toBe(2)),
  'wiki_write.create': async (fx) => {
    const title = fx.unique('SM-Page');
    return {
      args: { ...H, title, content: 'Written by the scope matrix' },
      async verify() {
        expect(await fx.status(`${HP}/wiki/page/${title}`)).toBe(200);
      },
    };
  },
  'wiki_write.update': async (fx) => {
    const title = fx.unique('SM-Page');
    await fx.api('POST', `${HP}/wiki/new`, { title, content_base64: b64('first') });
    return {
      args: { ...H, pageName: title, content: 'Rewritten by the scope matrix' },
      async verify() {
        const page = await fx.api('GET', `${HP}/wiki/page/${title}`);
        expect(Buffer.from(String(page.content_base64), 'base64').toString()).toBe('Rewritten by the scope matrix');
      },
    };
  },
  delete_wiki_page: async (fx) => {
    const title = fx.unique('SM-Page');
    await fx.api('POST', `${HP}/wiki/new`, { title, content_base64: b64('doomed') });
    return {
      args: { ...H, pageName: title },
      async verify() {
        expect(await fx.status(`${HP}/wiki/page/${title}`)).toBe(404);
      },
    };
  },

  // ---- actions ----------------------------------------------------------------------------
  'actions_run_read.list_workflows': read(W, (r) => expect(names(r.workflows, 'id')).toContain('deploy.yml')),
  'actions_run_read.get_workflow': read({ ...W, workflowId: 'deploy.yml' }, (r) => expect(r.id).toBe('deploy.yml')),
  'actions_run_read.list_runs': async (fx) => {
    const run = seededRun(fx, 'success');
    return { args: W, verify: (r) => expect(names(r.runs, 'id')).toContain(run.id) };
  },
  'actions_run_read.get_run': async (fx) => {
    const run = seededRun(fx, 'failure');
    return { args: { ...W, runId: run.id }, verify: (r) => expect(r).toMatchObject({ id: run.id }) };
  },
  'actions_run_read.list_run_jobs': async (fx) => {
    const run = seededRun(fx, 'failure');
    return {
      args: { ...W, runId: run.id },
      verify: (r) => expect(names(r.jobs, 'id')).toEqual([jobOf(fx, run.id).id]),
    };
  },
  'actions_run_read.list_jobs': async (fx) => {
    const job = jobOf(fx, seededRun(fx, 'failure').id);
    return { args: W, verify: (r) => expect(names(r.jobs, 'id')).toContain(job.id) };
  },
  'actions_run_read.get_job': async (fx) => {
    const job = jobOf(fx, seededRun(fx, 'failure').id);
    return { args: { ...W, jobId: job.id }, verify: (r) => expect(r.id).toBe(job.id) };
  },
  'actions_run_read.get_job_log': async (fx) => {
    const job = jobOf(fx, seededRun(fx, 'failure').id);
    return { args: { ...W, jobId: job.id }, verify: (r) => expect(String(r.log)).toMatch(/broken link/) };
  },
  'actions_run_read.list_artifacts': async (fx) => {
    const a = artifactOf(fx, seededRun(fx, 'success').id);
    return { args: W, verify: (r) => expect(names(r.artifacts, 'id')).toContain(a.id) };
  },
  'actions_run_read.list_run_artifacts': async (fx) => {
    const run = seededRun(fx, 'success');
    const a = artifactOf(fx, run.id);
    return { args: { ...W, runId: run.id }, verify: (r) => expect(names(r.artifacts, 'id')).toEqual([a.id]) };
  },
  'actions_run_read.get_artifact': async (fx) => {
    const a = artifactOf(fx, seededRun(fx, 'success').id);
    return { args: { ...W, artifactId: a.id }, verify: (r) => expect(r).toMatchObject({ id: a.id, name: 'site' }) };
  },
  'actions_run_write.dispatch_workflow': async (fx) => {
    const before = state(fx).actionRuns.size;
    return {
      args: { ...W, workflowId: 'deploy.yml', ref: 'main' },
      verify() {
        const runs = [...state(fx).actionRuns.values()];
        expect(runs.length).toBe(before + 1);
        expect(runs.at(-1)?.event).toBe('workflow_dispatch');
      },
    };
  },
  'actions_run_write.disable_workflow': async (fx) => {
    const key = `${repoId(fx, W.owner, W.repo)}:deploy.yml`;
    return {
      args: { ...W, workflowId: 'deploy.yml' },
      verify() {
        expect(state(fx).actionDisabledWorkflows.has(key)).toBe(true);
      },
      async cleanup() {
        await fx.api('PUT', `${WP}/actions/workflows/deploy.yml/enable`);
      },
    };
  },
  'actions_run_write.enable_workflow': async (fx) => {
    const key = `${repoId(fx, W.owner, W.repo)}:deploy.yml`;
    await fx.api('PUT', `${WP}/actions/workflows/deploy.yml/disable`);
    return {
      args: { ...W, workflowId: 'deploy.yml' },
      verify() {
        expect(state(fx).actionDisabledWorkflows.has(key)).toBe(false);
      },
      async cleanup() {
        await fx.api('PUT', `${WP}/actions/workflows/deploy.yml/enable`);
      },
    };
  },
  'actions_config_read.list_secrets': async (fx) => {
    const name = fx.unique('SM_SECRET').replace('-', '_');
    await fx.api('PUT', `${HP}/actions/secrets/${name}`, { data: 'not-shown' });
    return { args: H, verify: (r) => expect(names(r.secrets)).toContain(name) };
  },
  'actions_config_read.list_variables': async (fx) => {
    const name = fx.unique('SM_VAR').replace('-', '_');
    await fx.api('POST', `${HP}/actions/variables/${name}`, { value: 'v' });
    return { args: H, verify: (r) => expect(names(r.variables)).toContain(name) };
  },
  'actions_config_read.get_variable': async (fx) => {
    const name = fx.unique('SM_VAR').replace('-', '_');
    await fx.api('POST', `${HP}/actions/variables/${name}`, { value: 'the value' });
    return { args: { ...H, name }, verify: (r) => expect(r).toMatchObject({ name, value: 'the value' }) };
  },
  'actions_config_read.list_org_secrets': async (fx) => {
    const name = fx.unique('SM_SECRET').replace('-', '_');
    await fx.api('PUT', `/orgs/acme/actions/secrets/${name}`, { data: 'not-shown' });
    return { args: { org: 'acme' }, verify: (r) => expect(names(r.secrets)).toContain(name) };
  },
  'actions_config_read.list_org_variables': async (fx) => {
    const name = fx.unique('SM_VAR').replace('-', '_');
    await fx.api('POST', `/orgs/acme/actions/variables/${name}`, { value: 'v' });
    return { args: { org: 'acme' }, verify: (r) => expect(names(r.variables)).toContain(name) };
  },
  'actions_config_read.get_org_variable': async (fx) => {
    const name = fx.unique('SM_VAR').replace('-', '_');
    await fx.api('POST', `/orgs/acme/actions/variables/${name}`, { value: 'org value' });
    return { args: { org: 'acme', name }, verify: (r) => expect(r).toMatchObject({ name, value: 'org value' }) };
  },
  'actions_config_write.set_secret': async (fx) => {
    const name = fx.unique('SM_SECRET').replace('-', '_');
    return {
      args: { ...H, name, value: 'secret value' },
      verify: () => expect(secret(fx, name, { repo: H.repo })?.data).toBe('secret value'),
    };
  },
  'actions_config_write.create_variable': async (fx) => {
    const name = fx.unique('SM_VAR').replace('-', '_');
    return {
      args: { ...H, name, value: 'created' },
      verify: () => expect(variable(fx, name, { repo: H.repo })?.value).toBe('created'),
    };
  },
  'actions_config_write.update_variable': async (fx) => {
    const name = fx.unique('SM_VAR').replace('-', '_');
    await fx.api('POST', `${HP}/actions/variables/${name}`, { value: 'old' });
    return {
      args: { ...H, name, value: 'updated' },
      verify: () => expect(variable(fx, name, { repo: H.repo })?.value).toBe('updated'),
    };
  },
  'actions_config_write.set_org_secret': async (fx) => {
    const name = fx.unique('SM_SECRET').replace('-', '_');
    return {
      args: { org: 'acme', name, value: 'org secret' },
      verify: () => expect(secret(fx, name, { org: 'acme' })?.data).toBe('org secret'),
    };
  },
  'actions_config_write.create_org_variable': async (fx) => {
    const name = fx.unique('SM_VAR').replace('-', '_');
    return {
      args: { org: 'acme', name, value: 'created' },
      verify: () => expect(variable(fx, name, { org: 'acme' })?.value).toBe('created'),
    };
  },
  'actions_config_write.update_org_variable': async (fx) => {
    const name = fx.unique('SM_VAR').replace('-', '_');
    await fx.api('POST', `/orgs/acme/actions/variables/${name}`, { value: 'old' });
    return {
      args: { org: 'acme', name, value: 'updated' },
      verify: () => expect(variable(fx, name, { org: 'acme' })?.value).toBe('updated'),
    };
  },
  'delete_actions_item.delete_run': async (fx) => {
    await fx.api('POST', `${WP}/actions/workflows/deploy.yml/dispatches`, { ref: 'main' });
    const run = [...state(fx).actionRuns.values()].at(-1);
    if (!run) throw new Error('the dispatch made no run');
    // Gitea deletes finished runs only; no runner picks this one up, so it finishes as a runner would leave it.
    Object.assign(run, { status: 'completed', conclusion: 'cancelled', completed: new Date() });
    return {
      args: { ...W, id: run?.id },
      verify: () => expect(state(fx).actionRuns.has(run?.id ?? -1)).toBe(false),
    };
  },
  'delete_actions_item.delete_artifact': async (fx) => {
    // Runners upload artifacts; there is no API to make one, so it is added as the seed adds them.
    const id = state(fx).nextId('artifact');
    state(fx).artifacts.set(id, {
      id,
      runId: seededRun(fx, 'success').id,
      name: fx.unique('sm-artifact'),
      sizeBytes: 1,
      created: new Date(),
      expiresAt: new Date(Date.UTC(2099, 0, 1)),
    });
    return { args: { ...W, id }, verify: () => expect(state(fx).artifacts.has(id)).toBe(false) };
  },
  'delete_actions_item.delete_secret': async (fx) => {
    const name = fx.unique('SM_SECRET').replace('-', '_');
    await fx.api('PUT', `${HP}/actions/secrets/${name}`, { data: 'x' });
    return { args: { ...H, name }, verify: () => expect(secret(fx, name, { repo: H.repo })).toBeUndefined() };
  },
  'delete_actions_item.delete_variable': async (fx) => {
    const name = fx.unique('SM_VAR').replace('-', '_');
    await fx.api('POST', `${HP}/actions/variables/${name}`, { value: 'x' });
    return { args: { ...H, name }, verify: () => expect(variable(fx, name, { repo: H.repo })).toBeUndefined() };
  },
  'delete_actions_item.delete_org_secret': async (fx) => {
    const name = fx.unique('SM_SECRET').replace('-', '_');
    await fx.api('PUT', `/orgs/acme/actions/secrets/${name}`, { data: 'x' });
    return { args: { org: 'acme', name }, verify: () => expect(secret(fx, name, { org: 'acme' })).toBeUndefined() };
  },
  'delete_actions_item.delete_org_variable': async (fx) => {
    const name = fx.unique('SM_VAR').replace('-', '_');
    await fx.api('POST', `/orgs/acme/actions/variables/${name}`, { value: 'x' });
    return {
      args: { org: 'acme', name },
      verify: () => expect(variable(fx, name, { org: 'acme' })).toBeUndefined(),
    };
  },

  // ---- packages -----------------------------------------------------------------------------
  'package_read.list': read({ owner: 'alice' }, (r) => expect(names(r.packages)).toContain('hello-cli')),
  'package_read.list_versions': read(CLI, (r) => expect(names(r.versions, 'version')).toContain('1.1.0')),
  'package_read.get_latest': read(CLI, (r) => expect(r.version).toBe('1.1.0')),
  'package_read.get': read({ ...CLI, version: '1.0.0' }, (r) => expect(r.version).toBe('1.0.0')),
  'package_read.list_files': read({ ...CLI, version: '1.0.0' }, (r) =>
    expect(names(r.files)).toEqual(['hello-cli-1.0.0.tar.gz']),
  ),
  'package_write.link': async (fx) => {
    await fx.api('POST', '/packages/alice/generic/hello-cli/-/unlink');
    return {
      args: { ...CLI, repo: 'hello-world' },
      verify: () => expect(helloCli(fx).repoId).toBe(repoId(fx, H.owner, H.repo)),
      async cleanup() {
        if (helloCli(fx).repoId === null) await fx.api('POST', '/packages/alice/generic/hello-cli/-/link/hello-world');
      },
    };
  },
  'package_write.unlink': async (fx) => {
    if (helloCli(fx).repoId === null) await fx.api('POST', '/packages/alice/generic/hello-cli/-/link/hello-world');
    return {
      args: CLI,
      verify: () => expect(helloCli(fx).repoId).toBeNull(),
      async cleanup() {
        if (helloCli(fx).repoId === null) await fx.api('POST', '/packages/alice/generic/hello-cli/-/link/hello-world');
      },
    };
  },
  delete_package_version: async (fx) => {
    // Package uploads go through the package registries, not /api/v1: the version is added as the seed adds them.
    const id = state(fx).nextId('packageVersion');
    const version = `0.0.${id}`;
    state(fx).packageVersions.set(id, {
      id,
      packageId: helloCli(fx).id,
      version,
      creatorId: state(fx).userByLogin('alice')?.id ?? 0,
      created: new Date(),
      files: [],
    });
    return {
      args: { ...CLI, version },
      verify: () => expect(state(fx).packageVersions.has(id)).toBe(false),
    };
  },

  // ---- collaborators, stars and watches, teams, reactions, dependencies (scope-cases-people.ts)
  ...PEOPLE_SETUPS,
};

function milestoneId(fx: Fixtures, title: string): number {
  const hello = repoId(fx, H.owner, H.repo);
  const m = [...state(fx).milestones.values()].find((x) => x.repoId === hello && x.title === title);
  if (!m) throw new Error(`no milestone ${title}`);
  return m.id;
}

/** A call whose arguments take it to routes other scopes guard than the tool's plain call. */
export interface Variant {
  readonly tool: string;
  readonly method?: string;
  readonly setup: Setup;
}

/** Argument variants by label: `tool[.method] (what differs)`. */
export const VARIANTS: Readonly<Record<string, Variant>> = {
  // POST /orgs/{org}/repos sits in Gitea's organization group: write:organization, not write:repository or write:user.
  'create_repo (organization)': {
    tool: 'create_repo',
    async setup(fx) {
      const name = fx.unique('sm-org-repo');
      return {
        args: { name, organization: 'acme' },
        async verify(r) {
          expect(r.fullName).toBe(`acme/${name}`);
          expect(await fx.status(`/repos/acme/${name}`)).toBe(200);
        },
      };
    },
  },
  // Label names and milestone titles are looked up in the issue tracker (read:issue) before the pull list.
  'list_pull_requests (label names, milestone title)': {
    tool: 'list_pull_requests',
    async setup(fx) {
      const { index } = await newPull(fx);
      await fx.api('PATCH', `${HP}/issues/${index}`, { milestone: milestoneId(fx, 'v1.1') });
      await fx.api('POST', `${HP}/issues/${index}/labels`, { labels: [labelId(fx, 'bug')] });
      return {
        args: { ...H, labels: ['bug'], milestone: 'v1.1' },
        verify: (r) => expect(names(r.pullRequests, 'number')).toContain(index),
      };
    },
  },
  'pull_request_write.create (label names, milestone title)': {
    tool: 'pull_request_write',
    method: 'create',
    async setup(fx) {
      const head = await newBranch(fx);
      await commitFile(fx, head);
      return {
        args: { ...H, head, base: 'main', title: 'Labelled by the scope matrix', labels: ['bug'], milestone: 'v1.1' },
        verify(r) {
          const issue = issueOf(fx, r.number as number);
          expect([...issue.labelIds]).toEqual([labelId(fx, 'bug')]);
          expect(issue.milestoneId).toBe(milestoneId(fx, 'v1.1'));
        },
      };
    },
  },
  // Making a pull request a draft without a new title reads its current title first (GET, covered by write:repository).
  'pull_request_write.update (draft)': {
    tool: 'pull_request_write',
    method: 'update',
    async setup(fx) {
      const { index } = await newPull(fx);
      return {
        args: { ...H, index, draft: true },
        verify(r) {
          expect(r.draft).toBe(true);
          expect(issueOf(fx, index).title).toMatch(/^WIP: /);
        },
      };
    },
  },
  'pull_request_write.update (label names, milestone title)': {
    tool: 'pull_request_write',
    method: 'update',
    async setup(fx) {
      const { index } = await newPull(fx);
      return {
        args: { ...H, index, labels: ['enhancement'], milestone: 'v1.1' },
        verify() {
          const issue = issueOf(fx, index);
          expect([...issue.labelIds]).toEqual([labelId(fx, 'enhancement')]);
          expect(issue.milestoneId).toBe(milestoneId(fx, 'v1.1'));
        },
      };
    },
  },
};
