/**
 * Issue-side objects as Gitea renders them (services/convert/issue.go,
 * issue_comment.go, notification.go): api.Issue, api.Label, api.Milestone,
 * api.Comment, api.TrackedTime, api.StopWatch and api.NotificationThread.
 */
import type { SimContext } from '../context.js';
import type {
  SimComment,
  SimIssue,
  SimLabel,
  SimNotification,
  SimRepo,
  SimStopwatch,
  SimTrackedTime,
  SimUser,
} from '../state.js';
import { toApiRepo } from './repo.js';
import { toApiUser, toGiteaTime } from './user.js';

export function userOrNull(sim: SimContext, id: number | null, viewer: SimUser | null): Record<string, unknown> | null {
  const u = id === null ? undefined : sim.state.users.get(id);
  return u ? toApiUser(sim, u, viewer) : null;
}

function ownerLogin(sim: SimContext, repo: SimRepo): string {
  return sim.state.users.get(repo.ownerId)?.login ?? '';
}

/** `<AppURL>api/v1/repos/<owner>/<repo>` (Repository.APIURL). */
export function repoApiUrl(sim: SimContext, repo: SimRepo): string {
  return `${sim.appUrl()}api/v1/repos/${ownerLogin(sim, repo)}/${repo.name}`;
}

/** `<AppURL><owner>/<repo>/issues/<n>`, or `/pulls/<n>` for a pull (Issue.HTMLURL). */
export function issueHtmlUrl(sim: SimContext, repo: SimRepo, issue: SimIssue): string {
  return `${sim.appUrl()}${ownerLogin(sim, repo)}/${repo.name}/${issue.isPull ? 'pulls' : 'issues'}/${issue.index}`;
}

/** api.Label (ToLabel): the URL points at the repository's or the organization's label route. */
export function toApiLabel(sim: SimContext, l: SimLabel): Record<string, unknown> {
  const repo = l.repoId === null ? undefined : sim.state.repos.get(l.repoId);
  const org = l.orgId === null ? undefined : sim.state.users.get(l.orgId);
  return {
    id: l.id,
    name: l.name,
    exclusive: l.exclusive,
    is_archived: l.isArchived,
    color: l.color.replace(/^#/, ''),
    description: l.description,
    url: repo
      ? `${repoApiUrl(sim, repo)}/labels/${l.id}`
      : `${sim.appUrl()}api/v1/orgs/${org?.login ?? ''}/labels/${l.id}`,
  };
}

/** api.Milestone with its open/closed issue counts, or null. */
export function toApiMilestone(sim: SimContext, id: number | null): Record<string, unknown> | null {
  const m = id === null ? undefined : sim.state.milestones.get(id);
  if (!m) return null;
  let open = 0;
  let closed = 0;
  for (const i of sim.state.issues.values()) {
    if (i.milestoneId !== m.id) continue;
    if (i.state === 'open') open++;
    else closed++;
  }
  return {
    id: m.id,
    title: m.title,
    description: m.description,
    state: m.state,
    open_issues: open,
    closed_issues: closed,
    created_at: toGiteaTime(m.created),
    updated_at: toGiteaTime(m.updated),
    closed_at: m.closedAt ? toGiteaTime(m.closedAt) : null,
    due_on: m.dueOn ? toGiteaTime(m.dueOn) : null,
  };
}

export function commentCount(sim: SimContext, issue: SimIssue): number {
  let n = 0;
  for (const c of sim.state.comments.values()) if (c.issueId === issue.id) n++;
  return n;
}

/** The issue's labels as api.Label objects. */
export function issueLabels(sim: SimContext, issue: SimIssue): Record<string, unknown>[] {
  return [...issue.labelIds]
    .map((id) => sim.state.labels.get(id))
    .filter((l): l is SimLabel => !!l)
    .map((l) => toApiLabel(sim, l));
}

/** The issue's assignees as api.User objects for `viewer`. */
export function issueAssignees(sim: SimContext, issue: SimIssue, viewer: SimUser | null): Record<string, unknown>[] {
  return [...issue.assigneeIds]
    .map((id) => userOrNull(sim, id, viewer))
    .filter((u): u is Record<string, unknown> => !!u);
}

/** api.Issue (ToAPIIssue): pulls carry `pull_request`, issues `null`. */
export function toApiIssue(sim: SimContext, issue: SimIssue, viewer: SimUser | null): Record<string, unknown> {
  const repo = sim.state.repos.get(issue.repoId);
  if (!repo) throw new TypeError(`issue ${issue.id} has no repository`);
  const owner = ownerLogin(sim, repo);
  const labels = issueLabels(sim, issue);
  const assignees = issueAssignees(sim, issue, viewer);
  const pull = issue.isPull ? sim.state.pulls.get(issue.id) : undefined;
  const html = issueHtmlUrl(sim, repo, issue);
  return {
    id: issue.id,
    url: `${repoApiUrl(sim, repo)}/issues/${issue.index}`,
    html_url: html,
    number: issue.index,
    user: userOrNull(sim, issue.posterId, viewer),
    original_author: '',
    original_author_id: 0,
    title: issue.title,
    body: issue.body,
    ref: issue.ref,
    assets: [],
    labels,
    milestone: toApiMilestone(sim, issue.milestoneId),
    assignee: assignees[0] ?? null,
    assignees: assignees.length > 0 ? assignees : null,
    state: issue.state,
    is_locked: issue.isLocked,
    comments: commentCount(sim, issue),
    created_at: toGiteaTime(issue.created),
    updated_at: toGiteaTime(issue.updated),
    closed_at: issue.closedAt ? toGiteaTime(issue.closedAt) : null,
    due_date: issue.dueDate ? toGiteaTime(issue.dueDate) : null,
    time_estimate: 0,
    pull_request: pull
      ? {
          merged: pull.merged,
          merged_at: pull.mergedAt ? toGiteaTime(pull.mergedAt) : null,
          draft: false,
          html_url: html,
        }
      : null,
    repository: { id: repo.id, name: repo.name, owner, full_name: `${owner}/${repo.name}` },
    pin_order: 0,
  };
}

/** api.Comment (ToAPIComment). */
export function toApiComment(sim: SimContext, c: SimComment, viewer: SimUser | null): Record<string, unknown> {
  const issue = sim.state.issues.get(c.issueId);
  const repo = issue && sim.state.repos.get(issue.repoId);
  if (!issue || !repo) throw new TypeError(`comment ${c.id} has no issue`);
  const html = issueHtmlUrl(sim, repo, issue);
  return {
    id: c.id,
    html_url: `${html}#issuecomment-${c.id}`,
    pull_request_url: issue.isPull ? html : '',
    issue_url: issue.isPull ? '' : html,
    user: userOrNull(sim, c.posterId, viewer),
    original_author: '',
    original_author_id: 0,
    body: c.body,
    assets: [],
    created_at: toGiteaTime(c.created),
    updated_at: toGiteaTime(c.updated),
  };
}

/** api.TrackedTime (ToTrackedTime) with its issue loaded, as the list routes render it. */
export function toApiTrackedTime(sim: SimContext, t: SimTrackedTime, viewer: SimUser | null): Record<string, unknown> {
  const issue = sim.state.issues.get(t.issueId);
  return {
    id: t.id,
    created: toGiteaTime(t.created),
    time: t.seconds,
    user_id: t.userId,
    user_name: sim.state.users.get(t.userId)?.login ?? '',
    issue_id: t.issueId,
    issue: issue ? toApiIssue(sim, issue, viewer) : null,
  };
}

/** Go's time.Duration.String() for whole seconds: `1h2m3s`, `4m0s`, `5s`. */
function goDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}

/** api.StopWatch (ToStopWatches): seconds elapsed so far and Go's duration text. */
export function toApiStopwatch(sim: SimContext, w: SimStopwatch): Record<string, unknown> {
  const issue = sim.state.issues.get(w.issueId);
  const repo = issue && sim.state.repos.get(issue.repoId);
  const seconds = Math.max(0, Math.floor((sim.now().getTime() - w.created.getTime()) / 1000));
  return {
    created: toGiteaTime(w.created),
    seconds,
    duration: goDuration(seconds),
    issue_index: issue?.index ?? 0,
    issue_title: issue?.title ?? '',
    repo_owner_name: repo ? ownerLogin(sim, repo) : '',
    repo_name: repo?.name ?? '',
  };
}

/** api.NotificationThread (ToNotificationThread). */
export function toApiNotification(sim: SimContext, n: SimNotification, viewer: SimUser): Record<string, unknown> {
  const repo = sim.state.repos.get(n.repoId);
  if (!repo) throw new TypeError(`notification ${n.id} has no repository`);
  const issue = n.issueId === null ? undefined : sim.state.issues.get(n.issueId);
  let latestComment: SimComment | undefined;
  if (issue)
    for (const c of sim.state.comments.values())
      if (c.issueId === issue.id && (!latestComment || c.id > latestComment.id)) latestComment = c;
  const issueApi = issue ? `${repoApiUrl(sim, repo)}/issues/${issue.index}` : '';
  const html = issue ? issueHtmlUrl(sim, repo, issue) : '';
  return {
    id: n.id,
    repository: toApiRepo(sim, repo, viewer),
    subject: {
      title: issue?.title ?? '',
      url: issueApi,
      latest_comment_url: latestComment ? `${repoApiUrl(sim, repo)}/issues/comments/${latestComment.id}` : '',
      html_url: html,
      latest_comment_html_url: latestComment ? `${html}#issuecomment-${latestComment.id}` : '',
      type: n.subjectType,
      state: issue?.state ?? 'open',
    },
    unread: n.status === 'unread',
    pinned: n.status === 'pinned',
    updated_at: toGiteaTime(n.updated),
    url: `${sim.appUrl()}api/v1/notifications/threads/${n.id}`,
  };
}
