/**
 * Issues (routers/api/v1/repo/issue.go): list, create, get, edit, and the
 * cross-repository search. Issues and pulls share the table, so `type`
 * filters them apart. Readers may open issues; only writers' labels,
 * milestone, assignees and deadline are applied (the rest are dropped
 * silently, as Gitea does). Editing answers 201, as Gitea does.
 */
import type { Context } from 'hono';
import { atLeast, repoAccess } from '../access.js';
import type { SimEnv } from '../context.js';
import { toApiIssue } from '../convert/issue.js';
import { requireSignedIn } from '../http/auth.js';
import { forbiddenWithoutBody, giteaJson, notFound, notFoundErr, SimApiError, unprocessable } from '../http/errors.js';
import { ISSUE_PAGING_NUM, paginate } from '../http/pagination.js';
import { queryBeforeSince } from '../http/query.js';
import { loadRepo, type RepoContext } from '../http/repo-context.js';
import type { SimRouter } from '../http/route.js';
import { findIssue, insertIssue, notifyIssueChange, setIssueState } from '../services/issues.js';
import type { SimIssue, SimRepo, SimUser } from '../state.js';
import { internalError, pathInt, requireNotArchived } from './pull-helpers.js';
import { type JsonBody, optBool, optString, optStringArray, readJsonBody } from './request-body.js';

/** The repository of an /issues route; 404 when both the issue and pull units are off (mustEnableIssuesOrPulls). */
export function loadIssuesRepo(c: Context<SimEnv>): RepoContext {
  const rc = loadRepo(c, 'read');
  if (!rc.repo.hasIssues && !rc.repo.hasPullRequests) throw notFound(c);
  return rc;
}

/**
 * The issue `{index}` of the route's repository or Gitea's 404. `errors`: the
 * handlers that pass the lookup error on (`APIErrorNotFound(err)`, e.g.
 * routers/api/v1/repo/issue_tracked_time.go) list its text.
 */
export function loadIssue(c: Context<SimEnv>, rc: RepoContext, mode: 'plain' | 'errors' = 'plain'): SimIssue {
  const index = pathInt(c, 'index');
  const issue = findIssue(c.get('sim'), rc.repo, index);
  if (!issue) throw mode === 'errors' ? notFoundErr(c, issueNotExist(rc.repo.id, index)) : notFound(c);
  return issue;
}

/** models/issues/issue.go GetIssueByIndex's ErrIssueNotExist text (all zero for an index below 1). */
export function issueNotExist(repoId: number, index: number): string {
  return index < 1
    ? 'issue does not exist [id: 0, repo_id: 0, index: 0]'
    : `issue does not exist [id: 0, repo_id: ${repoId}, index: ${index}]`;
}

/** CanWriteIssuesOrPulls: write access to the repository (the simulator has no per-unit rights). */
export function canWriteIssues(rc: RepoContext): boolean {
  return atLeast(rc.access, 'write');
}

function parseDue(raw: string): Date {
  const d = new Date(raw);
  if (Number.isNaN(d.getTime()))
    throw unprocessable(`parsing time "${raw}" as "2006-01-02T15:04:05Z07:00": cannot parse [due_date]`);
  return d;
}

/** EditIssue stores a deadline as 23:59:59 of the given day (creating keeps the exact time). */
function endOfDay(raw: string): Date {
  const d = parseDue(raw);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 23, 59, 59));
}

function optInt(body: JsonBody, field: string): number | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v))
    throw unprocessable(`json: cannot unmarshal into Go struct field .${field} of type int64`);
  return v;
}

/** Resolves assignee logins; each must exist and be able to write (CanBeAssigned). */
function resolveAssignees(c: Context<SimEnv>, repo: SimRepo, logins: readonly string[]): number[] {
  const sim = c.get('sim');
  return logins.map((login) => {
    const user = sim.state.userByLogin(login);
    if (!user) throw unprocessable(`Assignee does not exist: [name: user does not exist [uid: 0, name: ${login}]]`);
    if (!atLeast(repoAccess(sim.state, user, repo), 'write'))
      throw unprocessable(`user doesn't have access to repo [user_id: ${user.id}, repo_name: ${repo.name}]`);
    return user.id;
  });
}

/** A milestone id of the repository; NewIssue/ChangeMilestoneAssign fail with a 500 on any other. */
function requireMilestone(c: Context<SimEnv>, repo: SimRepo, id: number): number | null {
  if (id === 0) return null;
  const m = c.get('sim').state.milestones.get(id);
  if (!m || m.repoId !== repo.id)
    throw internalError(c, new Error(`milestone does not exist [id: ${id}, repo_id: ${repo.id}]`));
  return m.id;
}

/** Label ids that belong to the repository or its organization; others are dropped. */
export function usableLabelIds(c: Context<SimEnv>, repo: SimRepo, ids: readonly number[]): number[] {
  const sim = c.get('sim');
  return ids.filter((id) => {
    const l = sim.state.labels.get(id);
    return !!l && (l.repoId === repo.id || (l.orgId !== null && l.orgId === repo.ownerId));
  });
}

function assigneeLogins(body: JsonBody): string[] | undefined {
  const many = optStringArray(body, 'assignees');
  const one = optString(body, 'assignee');
  if (many === undefined && one === undefined) return undefined;
  return [...new Set([...(one ? [one] : []), ...(many ?? [])])];
}

async function createIssue(c: Context<SimEnv>): Promise<Response> {
  const rc = loadIssuesRepo(c);
  requireNotArchived(rc);
  if (!rc.repo.hasIssues) throw notFound(c);
  const sim = c.get('sim');
  const doer = requireSignedIn(c);
  const body = await readJsonBody(c);
  const title = (optString(body, 'title') ?? '').trim();
  if (title === '') throw unprocessable('[Title]: Required');
  const writer = canWriteIssues(rc);
  const labels = body.labels;
  if (labels !== undefined && labels !== null && (!Array.isArray(labels) || !labels.every(Number.isInteger)))
    throw unprocessable('json: cannot unmarshal into Go struct field CreateIssueOption.labels of type int64');
  const dueRaw = optString(body, 'due_date');
  const logins = assigneeLogins(body);
  const milestone = optInt(body, 'milestone');
  const issue = insertIssue(sim, {
    repo: rc.repo,
    poster: doer,
    title,
    body: optString(body, 'body') ?? '',
    ref: optString(body, 'ref') ?? '',
    isPull: false,
    ...(writer
      ? {
          labelIds: usableLabelIds(c, rc.repo, (labels as number[] | null | undefined) ?? []),
          milestoneId: milestone === undefined ? null : requireMilestone(c, rc.repo, milestone),
          assigneeIds: logins ? resolveAssignees(c, rc.repo, logins) : [],
          dueDate: dueRaw ? parseDue(dueRaw) : null,
        }
      : {}),
  });
  if (optBool(body, 'closed')) setIssueState(issue, 'closed', issue.created);
  notifyIssueChange(sim, issue, doer);
  return giteaJson(c, toApiIssue(sim, issue, doer), 201);
}

async function editIssue(c: Context<SimEnv>): Promise<Response> {
  const rc = loadIssuesRepo(c);
  requireNotArchived(rc);
  const sim = c.get('sim');
  const doer = requireSignedIn(c);
  const issue = loadIssue(c, rc);
  const writer = canWriteIssues(rc);
  if (issue.posterId !== doer.id && !writer) throw forbiddenWithoutBody();
  const body = await readJsonBody(c);
  const now = sim.now();
  // An empty title is ignored, not refused.
  const title = optString(body, 'title');
  if (title) issue.title = title;
  const text = optString(body, 'body');
  if (text !== undefined) issue.body = text;
  const ref = optString(body, 'ref');
  if (ref !== undefined) issue.ref = ref;
  if (writer) {
    const logins = assigneeLogins(body);
    if (logins) issue.assigneeIds = new Set(resolveAssignees(c, rc.repo, logins));
    const milestone = optInt(body, 'milestone');
    if (milestone !== undefined) issue.milestoneId = requireMilestone(c, rc.repo, milestone);
    const dueRaw = optString(body, 'due_date');
    const unset = optBool(body, 'unset_due_date');
    if (unset) issue.dueDate = null;
    else if (dueRaw) issue.dueDate = endOfDay(dueRaw);
    else if (unset === false) throw new SimApiError(400, 'The due_date cannot be empty');
  }
  const state = optString(body, 'state');
  if (state !== undefined) {
    const pull = issue.isPull ? sim.state.pulls.get(issue.id) : undefined;
    if (pull?.merged) throw new SimApiError(412, 'cannot change state of this pull request, it was already merged');
    const next = state === 'closed' ? 'closed' : 'open';
    if (next !== issue.state) {
      setIssueState(issue, next, now);
      notifyIssueChange(sim, issue, doer, now);
    }
  }
  issue.updated = now;
  return giteaJson(c, toApiIssue(sim, issue, doer), 201);
}

function csv(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The filters ListIssues and SearchIssues share. */
interface IssueFilter {
  state: 'open' | 'closed' | 'all';
  type: 'issues' | 'pulls' | null;
  q: string;
  since: Date | null;
  before: Date | null;
  /** Label names; names that do not exist are discarded, and with none left there is no label filter. */
  labelNames: string[];
  /** ListIssues wants every named label (IncludedLabelIDs); SearchIssues any of them (IncludedAnyLabelIDs). */
  labelMatch: 'all' | 'any';
  /** Any of these milestone names or ids. */
  milestones: string[];
}

function readFilter(c: Context<SimEnv>, labelMatch: 'all' | 'any'): IssueFilter {
  const { before, since } = queryBeforeSince(c);
  const state = c.req.query('state');
  const type = c.req.query('type');
  return {
    state: state === 'closed' || state === 'all' ? state : 'open',
    type: type === 'issues' || type === 'pulls' ? type : null,
    q: (c.req.query('q') ?? '').trim().toLowerCase(),
    since,
    before,
    labelNames: csv(c.req.query('labels')),
    labelMatch,
    milestones: csv(c.req.query('milestones')),
  };
}

function matches(c: Context<SimEnv>, issue: SimIssue, f: IssueFilter): boolean {
  const sim = c.get('sim');
  if (f.state !== 'all' && issue.state !== f.state) return false;
  if (f.type === 'issues' && issue.isPull) return false;
  if (f.type === 'pulls' && !issue.isPull) return false;
  if (f.q && !issue.title.toLowerCase().includes(f.q) && !issue.body.toLowerCase().includes(f.q)) return false;
  if (f.since && issue.updated < f.since) return false;
  if (f.before && issue.updated > f.before) return false;
  if (f.labelNames.length > 0) {
    const wanted = new Set(f.labelNames.map((n) => n.toLowerCase()));
    const known = [...sim.state.labels.values()].filter(
      // ListIssues resolves names among the repository's own labels (GetLabelIDsInRepoByNames), search among all.
      (l) => wanted.has(l.name.toLowerCase()) && (f.labelMatch === 'any' || l.repoId === issue.repoId),
    );
    const has = (l: { id: number }) => issue.labelIds.has(l.id);
    if (known.length > 0 && !(f.labelMatch === 'all' ? known.every(has) : known.some(has))) return false;
  }
  if (f.milestones.length > 0) {
    const m = issue.milestoneId === null ? undefined : sim.state.milestones.get(issue.milestoneId);
    if (!m || !f.milestones.some((x) => x === String(m.id) || x.toLowerCase() === m.title.toLowerCase())) return false;
  }
  return true;
}

function newestFirst(a: SimIssue, b: SimIssue): number {
  return b.created.getTime() - a.created.getTime() || b.id - a.id;
}

/** getUserIDForFilter: an unknown user is a 404. */
function userFilter(c: Context<SimEnv>, name: string): SimUser | undefined {
  const login = c.req.query(name);
  if (!login) return undefined;
  const user = c.get('sim').state.userByLogin(login);
  if (!user) throw notFound(c);
  return user;
}

async function listIssues(c: Context<SimEnv>): Promise<Response> {
  const rc = loadIssuesRepo(c);
  const sim = c.get('sim');
  const f = readFilter(c, 'all');
  const createdBy = userFilter(c, 'created_by');
  const assignedBy = userFilter(c, 'assigned_by');
  const items = [...sim.state.issues.values()]
    .filter((i) => i.repoId === rc.repo.id && matches(c, i, f))
    .filter((i) => !createdBy || i.posterId === createdBy.id)
    .filter((i) => !assignedBy || i.assigneeIds.has(assignedBy.id))
    .sort(newestFirst);
  return giteaJson(
    c,
    paginate(c, items).map((i) => toApiIssue(sim, i, c.get('doer'))),
  );
}

/** SearchIssues: public repositories plus, for a signed-in doer without public-only, every private one they can read. */
async function searchIssues(c: Context<SimEnv>): Promise<Response> {
  const sim = c.get('sim');
  const doer = c.get('doer');
  const publicOnly = c.get('tokenScope')?.publicOnly ?? false;
  const f = readFilter(c, 'any');
  const ownerName = c.req.query('owner');
  const owner = ownerName ? sim.state.userByLogin(ownerName) : undefined;
  if (ownerName && !owner) throw new SimApiError(400, `user does not exist [uid: 0, name: ${ownerName}]`);
  const onlyFlag = (name: string) => c.req.query(name) === 'true';
  const visible = new Set(
    [...sim.state.repos.values()]
      .filter((r) => (!publicOnly || !r.private) && repoAccess(sim.state, doer, r) !== 'none')
      .filter((r) => !owner || r.ownerId === owner.id)
      .map((r) => r.id),
  );
  const items = [...sim.state.issues.values()]
    .filter((i) => visible.has(i.repoId) && matches(c, i, f))
    .filter((i) => !onlyFlag('created') || (doer && i.posterId === doer.id))
    .filter((i) => !onlyFlag('assigned') || (doer && i.assigneeIds.has(doer.id)))
    .filter(
      (i) => !onlyFlag('review_requested') || (doer && sim.state.pulls.get(i.id)?.requestedReviewerIds.has(doer.id)),
    )
    .sort(newestFirst);
  return giteaJson(
    c,
    // SearchIssues defaults `limit` to [ui] ISSUE_PAGING_NUM (20), not the API's 30.
    paginate(c, items, ISSUE_PAGING_NUM).map((i) => toApiIssue(sim, i, doer)),
  );
}

/** Registers the issue routes. */
export function registerIssueRoutes(router: SimRouter): void {
  router.add(
    { method: 'GET', path: '/repos/issues/search', scope: ['issue'], handler: searchIssues },
    { method: 'GET', path: '/repos/{owner}/{repo}/issues', scope: ['issue'], handler: listIssues },
    { method: 'POST', path: '/repos/{owner}/{repo}/issues', scope: ['issue'], reqToken: true, handler: createIssue },
    {
      method: 'GET',
      path: '/repos/{owner}/{repo}/issues/{index}',
      scope: ['issue'],
      handler: (c) => {
        const rc = loadIssuesRepo(c);
        return giteaJson(c, toApiIssue(c.get('sim'), loadIssue(c, rc), c.get('doer')));
      },
    },
    {
      method: 'PATCH',
      path: '/repos/{owner}/{repo}/issues/{index}',
      scope: ['issue'],
      reqToken: true,
      handler: editIssue,
    },
  );
}
