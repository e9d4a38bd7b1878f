/**
 * The releases, wiki and actions toolsets through the official MCP SDK
 * client, the gateway and the simulator: every method, byte caps that say how
 * to read on, secrets that never come back, and the refusals a user meets.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failTool, okTool, startToolHarness, type ToolHarness } from '../support/mcp-tools-harness.js';

let h: ToolHarness;
let alice: Client;
let bob: Client;
let carol: Client;

const hello = { owner: 'alice', repo: 'hello-world' };
const site = { owner: 'opensource', repo: 'website' };

beforeAll(async () => {
  h = await startToolHarness();
  alice = await h.connectAs('alice');
  bob = await h.connectAs('bob');
  carol = await h.connectAs('carol');
});

afterAll(async () => {
  await h?.close();
});

type Release = { id: number; tag: string; draft?: boolean; prerelease?: boolean; assets?: unknown };

describe('releases', () => {
  it('lists releases (drafts for writers only) and reads them by id, tag and latest', async () => {
    const forAlice = await okTool(alice, 'release_read', { method: 'list', ...hello });
    expect((forAlice.releases as Release[]).map((r) => r.tag)).toEqual(['v1.1.0', 'v1.0.0', 'v0.1.0']);
    const forCarol = await okTool(carol, 'release_read', { method: 'list', ...hello });
    expect((forCarol.releases as Release[]).map((r) => r.tag)).toEqual(['v1.0.0', 'v0.1.0']);
    const latest = await okTool(carol, 'release_read', { method: 'get_latest', ...hello });
    expect(latest).toMatchObject({ tag: 'v1.0.0', body: expect.stringContaining('MIT license') });
    expect(latest.assets).toEqual([expect.objectContaining({ name: 'hello-world-1.0.0.tgz' })]);
    const byTag = await okTool(carol, 'release_read', { method: 'get_by_tag', ...hello, tag: 'v0.1.0' });
    expect(byTag).toMatchObject({ tag: 'v0.1.0', prerelease: true });
    const byId = await okTool(carol, 'release_read', { method: 'get', ...hello, id: latest.id });
    expect(byId.tag).toBe('v1.0.0');
  });

  it('creates, edits, pages long notes and deletes a release', async () => {
    const notes = `${'Long release notes line.\n'.repeat(1200)}`;
    const created = await okTool(bob, 'release_write', {
      method: 'create',
      ...hello,
      tag: 'v2.0.0',
      target: 'main',
      name: 'Two',
      body: notes,
      draft: true,
    });
    expect(created).toMatchObject({ tag: 'v2.0.0', draft: true, nextBodyOffset: expect.any(Number) });
    expect(created.note).toMatch(/bodyOffset=\d+/);
    const rest = await okTool(bob, 'release_read', {
      method: 'get',
      ...hello,
      id: created.id,
      bodyOffset: created.nextBodyOffset,
    });
    expect(`${created.body}${rest.body}`).toBe(notes);
    const published = await okTool(bob, 'release_write', { method: 'update', ...hello, id: created.id, draft: false });
    expect(published.draft).toBeUndefined();
    const nothing = await failTool(bob, 'release_write', { method: 'update', ...hello, id: created.id });
    expect(nothing).toMatch(/needs at least one of/);
    expect(await okTool(bob, 'delete_release', { ...hello, tag: 'v2.0.0' })).toMatchObject({ deleted: true });
    const gone = await failTool(bob, 'release_read', { method: 'get_by_tag', ...hello, tag: 'v2.0.0' });
    expect(gone).toMatch(/not found or not visible/);
  });

  it('refuses a reader and hides private repositories', async () => {
    const text = await failTool(carol, 'release_write', { method: 'create', ...hello, tag: 'v9.9.9' });
    expect(text).toMatch(/^Gitea refused release_write on alice\/hello-world: you do not have permission/);
    const hidden = await failTool(bob, 'release_read', { method: 'list', owner: 'alice', repo: 'secret-notes' });
    expect(hidden).toMatch(/Repository alice\/secret-notes not found or not visible to you/);
    const both = await failTool(bob, 'delete_release', { ...hello, id: 1, tag: 'v1.0.0' });
    expect(both).toMatch(/exactly one of id or tag/);
  });
});

describe('wiki', () => {
  it('lists pages, reads one and its revisions', async () => {
    const list = await okTool(carol, 'wiki_read', { method: 'list_pages', ...hello });
    expect((list.pages as { pageName: string }[]).map((p) => p.pageName).sort()).toEqual(['Getting-Started', 'Home']);
    const page = await okTool(carol, 'wiki_read', { method: 'get_page', ...hello, pageName: 'Getting-Started' });
    expect(page).toMatchObject({
      title: 'Getting Started',
      content: expect.stringContaining('npm install'),
      nextOffset: null,
    });
    const revisions = await okTool(carol, 'wiki_read', { method: 'get_revisions', ...hello, pageName: 'Home' });
    expect(revisions.total).toBe(2);
    expect((revisions.revisions as { sha: string }[])[0]?.sha).toMatch(/^[0-9a-f]{40}$/);
  });

  it('creates, pages, renames, edits and deletes a page', async () => {
    const content = `# FAQ\n\n${'Q: Why? A: Because.\n'.repeat(4000)}`;
    const created = await okTool(bob, 'wiki_write', { method: 'create', ...hello, title: 'FAQ', content });
    expect(created).toMatchObject({ pageName: 'FAQ' });
    const first = await okTool(bob, 'wiki_read', { method: 'get_page', ...hello, pageName: 'FAQ' });
    expect(first.nextOffset).toEqual(expect.any(Number));
    expect(first.note).toMatch(/offset=\d+/);
    const second = await okTool(bob, 'wiki_read', {
      method: 'get_page',
      ...hello,
      pageName: 'FAQ',
      offset: first.nextOffset,
    });
    expect(`${first.content}${second.content}`).toBe(content);
    const renamed = await okTool(bob, 'wiki_write', {
      method: 'update',
      ...hello,
      pageName: 'FAQ',
      title: 'Questions',
    });
    expect(renamed.pageName).toBe('Questions');
    const kept = await okTool(bob, 'wiki_read', { method: 'get_page', ...hello, pageName: 'Questions', offset: 0 });
    expect(kept.contentBytes).toBe(first.contentBytes);
    await okTool(bob, 'wiki_write', { method: 'update', ...hello, pageName: 'Questions', content: 'Short now.' });
    const edited = await okTool(bob, 'wiki_read', { method: 'get_page', ...hello, pageName: 'Questions' });
    expect(edited.content).toBe('Short now.');
    expect(await okTool(bob, 'delete_wiki_page', { ...hello, pageName: 'Questions' })).toEqual({
      deleted: true,
      pageName: 'Questions',
    });
    const gone = await failTool(bob, 'wiki_read', { method: 'get_page', ...hello, pageName: 'Questions' });
    expect(gone).toMatch(/not found or not visible/);
  });

  it('refuses a reader and an update without changes', async () => {
    const reader = await failTool(carol, 'wiki_write', { method: 'create', ...hello, title: 'X', content: 'x' });
    expect(reader).toMatch(/you do not have permission/);
    const empty = await failTool(bob, 'wiki_write', { method: 'update', ...hello, pageName: 'Home' });
    expect(empty).toMatch(/needs title \(to rename\) or content/);
  });
});

type Run = { id: number; status: string; conclusion?: string; workflow: string };

describe('actions', () => {
  it('reads workflows, runs, jobs and artifacts', async () => {
    const workflows = await okTool(carol, 'actions_run_read', { method: 'list_workflows', ...site });
    expect((workflows.workflows as { id: string }[]).map((w) => w.id)).toContain('deploy.yml');
    const wf = await okTool(carol, 'actions_run_read', { method: 'get_workflow', ...site, workflowId: 'deploy.yml' });
    expect(wf).toMatchObject({ id: 'deploy.yml', state: 'active' });
    const runs = await okTool(carol, 'actions_run_read', { method: 'list_runs', ...site });
    const list = runs.runs as Run[];
    expect(list.length).toBeGreaterThanOrEqual(2);
    // Issue #14: page is honoured, and the shape is the shared one.
    const second = await okTool(carol, 'actions_run_read', { method: 'list_runs', ...site, page: 2, perPage: 1 });
    expect(second).toMatchObject({ page: 2, perPage: 1, total: list.length });
    expect((second.runs as Run[]).map((r) => r.id)).toEqual([list[1]?.id]);
    const wfCount = (workflows.workflows as unknown[]).length;
    const lastWf = await okTool(carol, 'actions_run_read', {
      method: 'list_workflows',
      ...site,
      page: wfCount,
      perPage: 1,
    });
    expect(lastWf).toMatchObject({ page: wfCount, total: wfCount, nextPage: null });
    expect(lastWf.workflows).toHaveLength(1);
    const failed = await okTool(carol, 'actions_run_read', { method: 'list_runs', ...site, status: 'failure' });
    const [bad] = failed.runs as Run[];
    expect(bad?.conclusion).toBe('failure');
    expect(await okTool(carol, 'actions_run_read', { method: 'get_run', ...site, runId: bad?.id })).toMatchObject({
      id: bad?.id,
    });
    const jobs = await okTool(carol, 'actions_run_read', { method: 'list_run_jobs', ...site, runId: bad?.id });
    const [job] = jobs.jobs as { id: number; steps: unknown[] }[];
    expect(job?.steps.length).toBeGreaterThan(0);
    expect(await okTool(carol, 'actions_run_read', { method: 'get_job', ...site, jobId: job?.id })).toMatchObject({
      id: job?.id,
    });
    const all = await okTool(carol, 'actions_run_read', { method: 'list_jobs', ...site });
    expect((all.jobs as unknown[]).length).toBeGreaterThanOrEqual(2);
    const log = await okTool(carol, 'actions_run_read', { method: 'get_job_log', ...site, jobId: job?.id });
    expect(log).toMatchObject({ fromOffset: 0, nextOffset: null, log: expect.stringContaining('broken link') });
    const artifacts = await okTool(carol, 'actions_run_read', { method: 'list_artifacts', ...site });
    const [artifact] = artifacts.artifacts as { id: number; runId: number }[];
    expect(artifact).toBeDefined();
    const ofRun = await okTool(carol, 'actions_run_read', {
      method: 'list_run_artifacts',
      ...site,
      runId: artifact?.runId,
    });
    expect((ofRun.artifacts as { id: number }[]).map((a) => a.id)).toContain(artifact?.id);
    expect(
      await okTool(carol, 'actions_run_read', { method: 'get_artifact', ...site, artifactId: artifact?.id }),
    ).toMatchObject({ id: artifact?.id });
  });

  it('returns the tail of a long log', async () => {
    // Gitea has no API to write a job's log (runners stream it), so this one fixture goes into the table.
    const job = [...h.sim.sim.state.actionJobs.values()][0];
    if (!job) throw new Error('no seeded job');
    const seededLog = job.log;
    job.log = Array.from({ length: 4000 }, (_, i) => `line ${i} ${'x'.repeat(20)}`).join('\n');
    try {
      const tail = await okTool(carol, 'actions_run_read', { method: 'get_job_log', ...site, jobId: job.id });
      expect(tail.fromOffset).toBeGreaterThan(0);
      expect(tail.log).toMatch(/line 3999/);
      expect(tail.note).toMatch(/logOffset=0/);
      const head = await okTool(carol, 'actions_run_read', {
        method: 'get_job_log',
        ...site,
        jobId: job.id,
        logOffset: 0,
      });
      expect(head.log).toMatch(/^line 0 /);
      expect(head.note).toMatch(/logOffset=\d+/);
    } finally {
      job.log = seededLog;
    }
  });

  it('dispatches, disables and enables a workflow', async () => {
    const dispatched = await okTool(bob, 'actions_run_write', {
      method: 'dispatch_workflow',
      ...site,
      workflowId: 'deploy.yml',
      ref: 'main',
      inputs: {},
    });
    expect(dispatched).toMatchObject({ dispatched: true });
    const runs = await okTool(bob, 'actions_run_read', { method: 'list_runs', ...site, event: 'workflow_dispatch' });
    expect((runs.runs as Run[]).length).toBeGreaterThanOrEqual(1);
    await okTool(bob, 'actions_run_write', { method: 'disable_workflow', ...site, workflowId: 'deploy.yml' });
    const off = await okTool(bob, 'actions_run_read', { method: 'get_workflow', ...site, workflowId: 'deploy.yml' });
    expect(off.state).toMatch(/disabled/);
    await okTool(bob, 'actions_run_write', { method: 'enable_workflow', ...site, workflowId: 'deploy.yml' });
    const on = await okTool(bob, 'actions_run_read', { method: 'get_workflow', ...site, workflowId: 'deploy.yml' });
    expect(on.state).toBe('active');
    const reader = await failTool(carol, 'actions_run_write', {
      method: 'dispatch_workflow',
      ...site,
      workflowId: 'deploy.yml',
      ref: 'main',
    });
    expect(reader).toMatch(/you do not have permission/);
  });

  it('sets secrets without ever returning their values, and manages variables', async () => {
    const set = await okTool(bob, 'actions_config_write', {
      method: 'set_secret',
      ...site,
      name: 'NEW_TOKEN',
      value: 'super-secret-value-123',
    });
    expect(JSON.stringify(set)).not.toContain('super-secret-value-123');
    const secrets = await okTool(bob, 'actions_config_read', { method: 'list_secrets', ...site });
    expect((secrets.secrets as { name: string }[]).map((s) => s.name)).toEqual(
      expect.arrayContaining(['DEPLOY_TOKEN', 'NEW_TOKEN']),
    );
    expect(JSON.stringify(secrets)).not.toMatch(/super-secret-value-123|seeded-not-a-real-token/);
    await okTool(bob, 'actions_config_write', { method: 'create_variable', ...site, name: 'REGION', value: 'eu' });
    await okTool(bob, 'actions_config_write', {
      method: 'update_variable',
      ...site,
      name: 'REGION',
      value: 'us',
      newName: 'DEPLOY_REGION',
    });
    expect(
      await okTool(bob, 'actions_config_read', { method: 'get_variable', ...site, name: 'DEPLOY_REGION' }),
    ).toMatchObject({
      name: 'DEPLOY_REGION',
      value: 'us',
    });
    const vars = await okTool(bob, 'actions_config_read', { method: 'list_variables', ...site });
    const reader = await failTool(carol, 'actions_config_read', { method: 'list_variables', ...site });
    expect(reader).toMatch(/you do not have permission/);
    expect((vars.variables as { name: string }[]).map((v) => v.name)).toEqual(
      expect.arrayContaining(['SITE_URL', 'DEPLOY_REGION']),
    );
  });

  it('deletes a secret, a variable, an artifact and a run', async () => {
    await okTool(bob, 'actions_config_write', { method: 'set_secret', ...site, name: 'DOOMED_TOKEN', value: 'x' });
    await okTool(bob, 'actions_config_write', { method: 'create_variable', ...site, name: 'DOOMED_VAR', value: 'x' });

    expect(
      await okTool(bob, 'delete_actions_item', { method: 'delete_secret', ...site, name: 'DOOMED_TOKEN' }),
    ).toMatchObject({ deleted: true });
    const secrets = await okTool(bob, 'actions_config_read', { method: 'list_secrets', ...site });
    expect((secrets.secrets as { name: string }[]).map((s) => s.name)).not.toContain('DOOMED_TOKEN');

    await okTool(bob, 'delete_actions_item', { method: 'delete_variable', ...site, name: 'DOOMED_VAR' });
    const variable = await failTool(bob, 'actions_config_read', {
      method: 'get_variable',
      ...site,
      name: 'DOOMED_VAR',
    });
    expect(variable).toMatch(/not found or not visible/);

    // The seeded artifact: Gitea has no API that makes one.
    const artifacts = await okTool(bob, 'actions_run_read', { method: 'list_artifacts', ...site });
    const [artifact] = artifacts.artifacts as { id: number }[];
    if (!artifact) throw new Error('no seeded artifact');
    await okTool(bob, 'delete_actions_item', { method: 'delete_artifact', ...site, id: artifact.id });
    const artifactGone = await failTool(bob, 'actions_run_read', {
      method: 'get_artifact',
      ...site,
      artifactId: artifact.id,
    });
    expect(artifactGone).toMatch(/not found or not visible/);
    const left = await okTool(bob, 'actions_run_read', { method: 'list_artifacts', ...site });
    expect((left.artifacts as { id: number }[]).map((a) => a.id)).not.toContain(artifact.id);

    // A finished run (Gitea refuses to delete one still running, as a fresh dispatch is): the seeded failure.
    const failed = await okTool(bob, 'actions_run_read', { method: 'list_runs', ...site, status: 'failure' });
    const [run] = failed.runs as Run[];
    if (!run) throw new Error('no seeded failed run');
    await okTool(bob, 'delete_actions_item', { method: 'delete_run', ...site, id: run.id });
    const gone = await failTool(bob, 'actions_run_read', { method: 'get_run', ...site, runId: run.id });
    expect(gone).toMatch(/not found or not visible/);
    const runs = await okTool(bob, 'actions_run_read', { method: 'list_runs', ...site });
    expect((runs.runs as Run[]).map((r) => r.id)).not.toContain(run.id);
    const missing = await failTool(bob, 'delete_actions_item', { method: 'delete_secret', ...site });
    expect(missing).toMatch(/parameter "name" is required when method is "delete_secret"/);
  });

  it('manages organization secrets and variables (organization owners only)', async () => {
    const org = { org: 'opensource' };
    const set = await okTool(bob, 'actions_config_write', {
      method: 'set_org_secret',
      ...org,
      name: 'ORG_TOKEN',
      value: 'org-secret-456',
    });
    expect(set).toEqual({ secret: 'ORG_TOKEN', set: true });
    const secrets = await okTool(bob, 'actions_config_read', { method: 'list_org_secrets', ...org });
    expect((secrets.secrets as { name: string }[]).map((s) => s.name)).toEqual(['ORG_TOKEN']);
    expect(JSON.stringify(secrets)).not.toContain('org-secret-456');
    await okTool(bob, 'actions_config_write', {
      method: 'create_org_variable',
      ...org,
      name: 'ORG_REGION',
      value: 'eu',
    });
    await okTool(bob, 'actions_config_write', {
      method: 'update_org_variable',
      ...org,
      name: 'ORG_REGION',
      value: 'us',
    });
    expect(
      await okTool(bob, 'actions_config_read', { method: 'get_org_variable', ...org, name: 'ORG_REGION' }),
    ).toMatchObject({ value: 'us' });
    const vars = await okTool(bob, 'actions_config_read', { method: 'list_org_variables', ...org });
    expect((vars.variables as { name: string }[]).map((v) => v.name)).toEqual(['ORG_REGION']);
    const notOwner = await failTool(carol, 'actions_config_read', { method: 'list_org_secrets', ...org });
    expect(notOwner).toMatch(/you do not have permission/);
    await okTool(bob, 'delete_actions_item', { method: 'delete_org_secret', ...org, name: 'ORG_TOKEN' });
    const secretsAfter = await okTool(bob, 'actions_config_read', { method: 'list_org_secrets', ...org });
    expect(secretsAfter.secrets).toEqual([]);
    await okTool(bob, 'delete_actions_item', { method: 'delete_org_variable', ...org, name: 'ORG_REGION' });
    const after = await okTool(bob, 'actions_config_read', { method: 'list_org_variables', ...org });
    expect(after.variables).toEqual([]);
  });
});
