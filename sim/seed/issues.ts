/**
 * Seeded issues: labels and milestones on alice/hello-world, an organization
 * label on acme, three issues there (one closed) with comments and tracked
 * time, and an issue in the private acme/platform. Notifications arise as
 * Gitea's would: alice, watching her repository, hears of bob's and
 * carol's issues and comments.
 */
import type { SimContext } from '../context.js';
import { addComment, insertIssue, notifyIssueChange, setIssueState } from '../services/issues.js';
import type { SimLabel, SimMilestone, SimRepo } from '../state.js';
import { type BaseSeed, seedDate } from './base.js';

function label(
  sim: SimContext,
  owner: Pick<SimLabel, 'repoId' | 'orgId'>,
  name: string,
  color: string,
  description: string,
): SimLabel {
  const l: SimLabel = {
    id: sim.state.nextId('label'),
    ...owner,
    name,
    color,
    description,
    exclusive: false,
    isArchived: false,
  };
  sim.state.labels.set(l.id, l);
  return l;
}

function milestone(sim: SimContext, repo: SimRepo, title: string, due: Date, closedAt: Date | null): SimMilestone {
  const m: SimMilestone = {
    id: sim.state.nextId('milestone'),
    repoId: repo.id,
    title,
    description: `Everything planned for ${title}.`,
    state: closedAt ? 'closed' : 'open',
    dueOn: due,
    created: seedDate(3),
    updated: closedAt ?? seedDate(3),
    closedAt,
  };
  sim.state.milestones.set(m.id, m);
  return m;
}

export function seedIssues(sim: SimContext, base: BaseSeed): void {
  const { alice, bob, carol } = base.users;
  const hello = base.repos.helloWorld;
  const onHello = { repoId: hello.id, orgId: null };
  const bug = label(sim, onHello, 'bug', '#d73a4a', "Something isn't working");
  const enhancement = label(sim, onHello, 'enhancement', '#a2eeef', 'New feature or request');
  label(sim, onHello, 'documentation', '#0075ca', 'Improvements or additions to documentation');
  label(sim, { repoId: null, orgId: base.orgs.acme.id }, 'priority/high', '#b60205', 'Needs attention this week');
  const v1 = milestone(sim, hello, 'v1.1', seedDate(60), null);
  const v09 = milestone(sim, hello, 'v0.9', seedDate(5), seedDate(6));

  const locale = insertIssue(sim, {
    repo: hello,
    poster: bob,
    title: 'Greeting ignores the locale',
    body: 'Calling `greet("Ana", "es")` prints the English greeting.\n\nExpected: a Spanish greeting or a clear fallback.',
    isPull: false,
    labelIds: [bug.id],
    milestoneId: v1.id,
    assigneeIds: [alice.id],
    created: seedDate(14),
  });
  notifyIssueChange(sim, locale, bob, locale.created);
  const reply = addComment(
    sim,
    locale,
    alice,
    'Confirmed: there is no "es" entry yet. I will add one.',
    seedDate(14, 3),
  );
  notifyIssueChange(sim, locale, alice, reply.created);
  const carolComment = addComment(sim, locale, carol, 'Portuguese would be nice too.', seedDate(15));
  notifyIssueChange(sim, locale, carol, carolComment.created);
  const attachment = sim.state.nextId('attachment');
  sim.state.attachments.set(attachment, {
    id: attachment,
    uuid: '3f0c9e1a-6b7d-4c2e-9a51-7d1e2f4b8c60',
    releaseId: null,
    issueId: locale.id,
    commentId: null,
    uploaderId: bob.id,
    name: 'output.txt',
    content: Buffer.from('$ hello Ana es\nHello, Ana!\n'),
    downloadCount: 0,
    created: locale.created,
  });
  const logged = sim.state.nextId('time');
  sim.state.trackedTimes.set(logged, {
    id: logged,
    issueId: locale.id,
    userId: alice.id,
    seconds: 3600,
    created: seedDate(15, 2),
  });

  const spanish = insertIssue(sim, {
    repo: hello,
    poster: carol,
    title: 'Add a Spanish greeting',
    body: 'Hola would be a good start.',
    isPull: false,
    labelIds: [enhancement.id],
    created: seedDate(16),
  });
  notifyIssueChange(sim, spanish, carol, spanish.created);

  const typo = insertIssue(sim, {
    repo: hello,
    poster: bob,
    title: 'Typo in README',
    body: '"Helo" should read "Hello".',
    isPull: false,
    milestoneId: v09.id,
    created: seedDate(4),
  });
  setIssueState(typo, 'closed', seedDate(5));

  insertIssue(sim, {
    repo: base.repos.platform,
    poster: carol,
    title: 'Rotate the deploy keys',
    body: 'The deploy keys are older than a year.',
    isPull: false,
    created: seedDate(18),
  });
}
