/**
 * Issues as Gitea's services/issue keeps them: one row per issue or pull with
 * a per-repository index, comments, and the notifications a change sends to
 * the issue's participants and the repository's watchers
 * (services/uinotification: everyone involved but the doer, if they can read
 * the repository). Used by the issue routes, the pulls service and the seed.
 */
import { repoAccess } from '../access.js';
import type { SimContext } from '../context.js';
import type { SimComment, SimIssue, SimRepo, SimUser } from '../state.js';

export interface NewIssueInput {
  repo: SimRepo;
  poster: SimUser;
  title: string;
  body: string;
  isPull: boolean;
  labelIds?: readonly number[];
  milestoneId?: number | null;
  assigneeIds?: readonly number[];
  dueDate?: Date | null;
  ref?: string;
  created?: Date;
}

/** Inserts the issue row with the repository's next index (issues_model.NewIssue). */
export function insertIssue(sim: SimContext, input: NewIssueInput): SimIssue {
  const now = input.created ?? sim.now();
  const issue: SimIssue = {
    id: sim.state.nextId('issue'),
    repoId: input.repo.id,
    index: sim.state.nextIssueIndex(input.repo.id),
    posterId: input.poster.id,
    title: input.title,
    body: input.body,
    state: 'open',
    isPull: input.isPull,
    labelIds: new Set(input.labelIds ?? []),
    milestoneId: input.milestoneId ?? null,
    assigneeIds: new Set(input.assigneeIds ?? []),
    isLocked: false,
    ref: input.ref ?? '',
    dueDate: input.dueDate ?? null,
    created: now,
    updated: now,
    closedAt: null,
  };
  sim.state.issues.set(issue.id, issue);
  return issue;
}

/** The issue or pull `index` of `repo`. */
export function findIssue(sim: SimContext, repo: SimRepo, index: number): SimIssue | undefined {
  for (const i of sim.state.issues.values()) if (i.repoId === repo.id && i.index === index) return i;
  return undefined;
}

/** Opens or closes an issue, keeping closedAt in step. */
export function setIssueState(issue: SimIssue, state: 'open' | 'closed', at: Date): void {
  if (issue.state === state) return;
  issue.state = state;
  issue.closedAt = state === 'closed' ? at : null;
  issue.updated = at;
}

export function addComment(sim: SimContext, issue: SimIssue, poster: SimUser, body: string, at?: Date): SimComment {
  const now = at ?? sim.now();
  const comment: SimComment = {
    id: sim.state.nextId('comment'),
    issueId: issue.id,
    posterId: poster.id,
    body,
    created: now,
    updated: now,
  };
  sim.state.comments.set(comment.id, comment);
  issue.updated = now;
  return comment;
}

/** Everyone who hears about changes to `issue`: poster, commenters, assignees and repository watchers. */
function participants(sim: SimContext, issue: SimIssue, repo: SimRepo): Set<number> {
  const ids = new Set<number>([issue.posterId, ...issue.assigneeIds, ...repo.watchers]);
  for (const c of sim.state.comments.values()) if (c.issueId === issue.id) ids.add(c.posterId);
  return ids;
}

/** Marks the issue's thread unread for every participant but the doer (CreateOrUpdateIssueNotifications). */
export function notifyIssueChange(sim: SimContext, issue: SimIssue, doer: SimUser, at?: Date): void {
  const repo = sim.state.repos.get(issue.repoId);
  if (!repo) return;
  const now = at ?? sim.now();
  for (const userId of participants(sim, issue, repo)) {
    const user = sim.state.users.get(userId);
    if (!user || user.id === doer.id || user.type !== 'user') continue;
    if (repoAccess(sim.state, user, repo) === 'none') continue;
    const existing = [...sim.state.notifications.values()].find((n) => n.userId === user.id && n.issueId === issue.id);
    if (existing) {
      if (existing.status !== 'pinned') existing.status = 'unread';
      existing.updated = now;
      continue;
    }
    const id = sim.state.nextId('notification');
    sim.state.notifications.set(id, {
      id,
      userId: user.id,
      repoId: repo.id,
      issueId: issue.id,
      status: 'unread',
      subjectType: issue.isPull ? 'Pull' : 'Issue',
      updated: now,
    });
  }
}
