/**
 * Seeded releases and wiki pages on alice/hello-world: a published v1.0.0
 * release with an asset, a v0.1.0 pre-release and a draft; wiki pages Home
 * (two revisions) and Getting-Started in the real wiki repository. Actions
 * data lives on opensource/website (a deploy workflow committed to main, so
 * hello-world's pinned tree stays untouched): a successful run with an
 * artifact, a failed one, logs, one secret and one variable.
 */
import type { SimContext } from '../context.js';
import { refCommit } from '../git-content.js';
import { commitFiles } from '../git-write.js';
import { gitSignatureOf } from '../services/repo-create.js';
import type { SimActionJob, SimActionRun, SimRelease, SimRepo, SimUser } from '../state.js';
import { type BaseSeed, seedDate } from './base.js';

const WIKI_BRANCH = 'main';

function addRelease(sim: SimContext, repo: SimRepo, by: SimUser, r: Partial<SimRelease> & { tagName: string }) {
  const rel: SimRelease = {
    id: sim.state.nextId('release'),
    repoId: repo.id,
    target: repo.defaultBranch,
    title: r.tagName,
    body: '',
    draft: false,
    prerelease: false,
    publisherId: by.id,
    created: seedDate(9, 3),
    publishedAt: seedDate(9, 3),
    ...r,
  };
  sim.state.releases.set(rel.id, rel);
  return rel;
}

function seedReleases(sim: SimContext, base: BaseSeed): void {
  const { alice } = base.users;
  const repo = base.repos.helloWorld;
  addRelease(sim, repo, alice, {
    tagName: 'v0.1.0',
    title: 'v0.1.0 preview',
    body: 'First preview of the greeter.',
    prerelease: true,
    created: seedDate(2, 4),
    publishedAt: seedDate(2, 4),
  });
  const v1 = addRelease(sim, repo, alice, {
    tagName: 'v1.0.0',
    title: 'Version 1.0.0',
    body: '## Changes\n\n- Read the name from the command line\n- MIT license\n',
  });
  const id = sim.state.nextId('attachment');
  sim.state.attachments.set(id, {
    id,
    uuid: '7d0a3c58-2b1e-4e7a-9b55-0f4f2a1c9e01',
    releaseId: v1.id,
    issueId: null,
    commentId: null,
    uploaderId: alice.id,
    name: 'hello-world-1.0.0.tgz',
    content: Buffer.from('hello-world 1.0.0 package (simulated tarball)\n'),
    downloadCount: 3,
    created: seedDate(9, 4),
  });
  addRelease(sim, repo, alice, {
    tagName: 'v1.1.0',
    title: 'Version 1.1.0 (draft)',
    body: 'Multi-language greetings.',
    draft: true,
    created: seedDate(16),
    publishedAt: seedDate(16),
  });
}

async function seedWiki(sim: SimContext, base: BaseSeed): Promise<void> {
  const { alice, bob } = base.users;
  const repo = base.repos.helloWorld;
  await sim.git.initBare(repo.wikiGitDir, WIKI_BRANCH);
  const steps: { by: SimUser; day: number; path: string; content: string; message: string }[] = [
    {
      by: alice,
      day: 3,
      path: 'Home.md',
      content: '# hello-world wiki\n\nWelcome!\n',
      message: 'Add "Home"',
    },
    {
      by: alice,
      day: 4,
      path: 'Getting-Started.md',
      content: '# Getting Started\n\n1. `npm install`\n2. `npm start -- --name You`\n',
      message: 'Add "Getting Started"',
    },
    {
      by: bob,
      day: 9,
      path: 'Home.md',
      content: '# hello-world wiki\n\nWelcome! See [[Getting Started]] to run the greeter.\n',
      message: 'Update "Home"',
    },
  ];
  for (const s of steps)
    await commitFiles(repo.wikiGitDir, {
      branch: WIKI_BRANCH,
      files: [{ path: s.path, content: s.content }],
      message: s.message,
      author: gitSignatureOf(sim, s.by, seedDate(s.day, 6)),
    });
}

function addRun(sim: SimContext, run: Omit<SimActionRun, 'id'>, jobs: Omit<SimActionJob, 'id' | 'runId'>[]) {
  const full: SimActionRun = { id: sim.state.nextId('actionRun'), ...run };
  sim.state.actionRuns.set(full.id, full);
  for (const j of jobs) {
    const id = sim.state.nextId('actionJob');
    sim.state.actionJobs.set(id, { id, runId: full.id, ...j });
  }
  return full;
}

const STEP_NAMES = ['Set up job', 'actions/checkout@v4', 'Check links', 'Publish', 'Complete job'];

function steps(failAt: number | null) {
  return STEP_NAMES.map((name, i) => {
    const failed = failAt !== null && i === failAt;
    const skipped = failAt !== null && i > failAt && i < STEP_NAMES.length - 1;
    return {
      name,
      number: i + 1,
      status: 'completed',
      conclusion: failed ? 'failure' : skipped ? 'skipped' : 'success',
    };
  });
}

/** The deploy workflow committed to opensource/website; the seeded runs refer to it. */
export const DEPLOY_WORKFLOW = `name: Deploy site
on:
  push:
    branches: [main, gh-pages]
  workflow_dispatch:
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: ./scripts/check-links.sh
      - run: ./scripts/publish.sh
`;

const OK_LOG = [
  '2024-03-17T10:00:01Z Set up job',
  '2024-03-17T10:00:04Z Checking links in 2 pages',
  '2024-03-17T10:00:05Z All links OK',
  '2024-03-17T10:00:09Z Published 3 files',
  '',
].join('\n');

const FAIL_LOG = [
  '2024-03-17T12:00:01Z Set up job',
  '2024-03-17T12:00:04Z Checking links in 2 pages',
  '2024-03-17T12:00:05Z about.html: broken link https://opensource.example.org/team (404)',
  '##[error]Process completed with exit code 1.',
  '',
].join('\n');

async function seedActions(sim: SimContext, base: BaseSeed): Promise<void> {
  const { bob, carol } = base.users;
  const repo = base.repos.website;
  const main = await commitFiles(repo.gitDir, {
    branch: repo.defaultBranch,
    files: [{ path: '.gitea/workflows/deploy.yml', content: DEPLOY_WORKFLOW }],
    message: 'Add deploy workflow',
    author: gitSignatureOf(sim, bob, seedDate(16)),
  });
  const pages = (await refCommit(repo.gitDir, 'refs/heads/gh-pages')) ?? main;
  const ok = addRun(
    sim,
    {
      repoId: repo.id,
      workflowId: 'deploy.yml',
      title: 'Add deploy workflow',
      event: 'push',
      headBranch: repo.defaultBranch,
      headSha: main,
      triggerUserId: bob.id,
      runNumber: 1,
      runAttempt: 1,
      status: 'completed',
      conclusion: 'success',
      created: seedDate(16, 1),
      started: seedDate(16, 1),
      completed: seedDate(16, 2),
    },
    [
      {
        name: 'deploy',
        status: 'completed',
        conclusion: 'success',
        steps: steps(null),
        log: OK_LOG,
        started: seedDate(16, 1),
        completed: seedDate(16, 2),
      },
    ],
  );
  const artifact = sim.state.nextId('artifact');
  sim.state.artifacts.set(artifact, {
    id: artifact,
    runId: ok.id,
    name: 'site',
    sizeBytes: 2048,
    created: seedDate(16, 2),
    expiresAt: new Date(Date.UTC(2099, 0, 1)),
  });
  addRun(
    sim,
    {
      repoId: repo.id,
      workflowId: 'deploy.yml',
      title: 'Add about page',
      event: 'push',
      headBranch: 'gh-pages',
      headSha: pages,
      triggerUserId: carol.id,
      runNumber: 2,
      runAttempt: 1,
      status: 'completed',
      conclusion: 'failure',
      created: seedDate(16, 3),
      started: seedDate(16, 3),
      completed: seedDate(16, 4),
    },
    [
      {
        name: 'deploy',
        status: 'completed',
        conclusion: 'failure',
        steps: steps(2),
        log: FAIL_LOG,
        started: seedDate(16, 3),
        completed: seedDate(16, 4),
      },
    ],
  );
  sim.state.actionSecrets.push({
    repoId: repo.id,
    orgId: null,
    name: 'DEPLOY_TOKEN',
    data: 'seeded-not-a-real-token',
    description: 'Pushes the built site',
    created: seedDate(16),
  });
  sim.state.actionVariables.push({
    repoId: repo.id,
    orgId: null,
    name: 'SITE_URL',
    value: 'https://opensource.example.org',
    description: 'Public address of the site',
  });
}

/** Seeds releases, wiki pages and Actions data. */
export async function seedActivity(sim: SimContext, base: BaseSeed): Promise<void> {
  seedReleases(sim, base);
  await seedWiki(sim, base);
  await seedActions(sim, base);
}
