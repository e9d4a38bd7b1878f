/**
 * Seeded pull requests on alice/hello-world: one merged for real in git
 * (bob's README section on the --name option, merged by alice, branch
 * deleted; it only edits README.md so the seeded tree listings stay as they are)
 * and one open (feature/greeting) with a requested reviewer, a
 * change-request review carrying a code comment and a plain comment review.
 */
import type { SimContext } from '../context.js';
import { entryAt, readBlob, refCommit } from '../git-content.js';
import { commitFiles } from '../git-write.js';
import { createPull, defaultMergeMessage, mergePull, type PullRecord, pullGitInfo } from '../services/pulls.js';
import { gitSignatureOf, setBranch } from '../services/repo-create.js';
import type { ReviewState, SimReview, SimUser } from '../state.js';
import { type BaseSeed, seedDate } from './base.js';

export interface PullSeed {
  /** Merged pull (index in alice/hello-world). */
  merged: PullRecord;
  /** Open pull feature/greeting → main. */
  open: PullRecord;
  /** Head commit of the open pull (the failing CI run points at it). */
  openHeadSha: string;
}

function review(
  sim: SimContext,
  p: PullRecord,
  by: SimUser,
  state: ReviewState,
  body: string,
  commitId: string,
  at: Date,
): SimReview {
  const r: SimReview = {
    id: sim.state.nextId('review'),
    issueId: p.issue.id,
    reviewerId: by.id,
    state,
    body,
    commitId,
    dismissed: false,
    stale: false,
    official: state === 'APPROVED' || state === 'REQUEST_CHANGES' || state === 'REQUEST_REVIEW',
    submittedAt: at,
    updatedAt: at,
  };
  sim.state.reviews.set(r.id, r);
  return r;
}

async function readBlobAt(gitDir: string, commit: string, path: string): Promise<string | null> {
  const entry = await entryAt(gitDir, commit, path);
  return entry ? ((await readBlob(gitDir, entry.sha))?.toString('utf8') ?? null) : null;
}

async function seedMergedPull(sim: SimContext, base: BaseSeed): Promise<PullRecord> {
  const { alice, bob } = base.users;
  const repo = base.repos.helloWorld;
  const tip = (await refCommit(repo.gitDir, `refs/heads/${repo.defaultBranch}`)) ?? '';
  await setBranch(repo.gitDir, 'docs/name-option', tip);
  const readme = (await readBlobAt(repo.gitDir, tip, 'README.md')) ?? '';
  await commitFiles(repo.gitDir, {
    branch: 'docs/name-option',
    files: [
      {
        path: 'README.md',
        content: `${readme}\n## Options\n\n- \`--name <who>\`: whom to greet (default: World)\n`,
      },
    ],
    message: 'Document the --name option',
    author: gitSignatureOf(sim, bob, seedDate(12)),
  });
  const p = await createPull(sim, {
    baseRepo: repo,
    headRepo: repo,
    baseBranch: repo.defaultBranch,
    headBranch: 'docs/name-option',
    poster: bob,
    title: 'Document the --name option',
    body: 'Adds an Options section to the README.',
    created: seedDate(12, 1),
  });
  const head = (await pullGitInfo(p)).headSha;
  review(sim, p, alice, 'APPROVED', 'Thanks, looks good!', head, seedDate(12, 5));
  await mergePull(sim, p, {
    style: 'merge',
    doer: alice,
    message: defaultMergeMessage(sim, p, 'merge'),
    deleteBranch: true,
    at: seedDate(13),
  });
  return p;
}

async function seedOpenPull(sim: SimContext, base: BaseSeed): Promise<PullRecord> {
  const { alice, bob, carol } = base.users;
  const repo = base.repos.helloWorld;
  const p = await createPull(sim, {
    baseRepo: repo,
    headRepo: repo,
    baseBranch: repo.defaultBranch,
    headBranch: 'feature/greeting',
    poster: bob,
    title: 'Greet in several languages',
    body: 'Adds German and French greetings behind an optional `lang` parameter.',
    created: seedDate(14),
  });
  p.issue.updated = seedDate(15, 3);
  const git = await pullGitInfo(p);
  // CI reported on the head commit: the build passed, the linter failed (combined: failure).
  for (const [context, state, description] of [
    ['ci/build', 'success', 'Build succeeded'],
    ['ci/lint', 'failure', '2 lint errors'],
  ] as const) {
    const statusId = sim.state.nextId('commitStatus');
    sim.state.commitStatuses.set(statusId, {
      id: statusId,
      repoId: repo.id,
      sha: git.headSha,
      state,
      targetUrl: `${sim.appUrl()}alice/hello-world/actions`,
      description,
      context,
      creatorId: base.users.admin.id,
      created: seedDate(14, 2),
      updated: seedDate(14, 2),
    });
  }
  review(sim, p, carol, 'REQUEST_REVIEW', '', '', seedDate(14, 1));
  p.pull.requestedReviewerIds.add(carol.id);
  const changes = review(
    sim,
    p,
    alice,
    'REQUEST_CHANGES',
    'Nice idea. Please fall back to English explicitly.',
    git.headSha,
    seedDate(15),
  );
  const id = sim.state.nextId('reviewComment');
  sim.state.reviewComments.set(id, {
    id,
    reviewId: changes.id,
    issueId: p.issue.id,
    posterId: alice.id,
    path: 'src/greet.ts',
    body: 'What happens for an unknown `lang`? A test would help.',
    line: 3,
    commitId: git.headSha,
    originalCommitId: git.mergeBase,
    diffHunk:
      // biome-ignore lint/suspicious/noTemplateCurlyInString: seeded TypeScript source text
      "@@ -1,3 +1,5 @@\n-export function greet(name: string): string {\n-  return `Hello, ${name}!`;\n+const HELLO: Record<string, string> = { en: 'Hello', de: 'Hallo', fr: 'Bonjour' };\n+\n+export function greet(name: string, lang = 'en'): string {",
    resolverId: null,
    replyToId: null,
    created: seedDate(15),
    updated: seedDate(15),
  });
  review(sim, p, base.users.admin, 'COMMENT', 'Drive-by: consider Spanish too.', git.headSha, seedDate(15, 2));
  return p;
}

/** Seeds the pull requests; runs after the base (and issue) seed. */
export async function seedPulls(sim: SimContext, base: BaseSeed): Promise<PullSeed> {
  const merged = await seedMergedPull(sim, base);
  const open = await seedOpenPull(sim, base);
  return { merged, open, openHeadSha: (await pullGitInfo(open)).headSha };
}
