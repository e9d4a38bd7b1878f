/**
 * Labels (routers/api/v1/repo/label.go, org/label.go, repo/issue_label.go):
 * repository labels (writers change them), organization labels (owners
 * change them) and the labels on an issue, given by ids or by names
 * (names match the repository's and, for an organization repository, the
 * organization's labels; unknown names are dropped).
 */
import type { Context } from 'hono';
import { isOrgOwner } from '../access.js';
import type { SimEnv } from '../context.js';
import { toApiLabel } from '../convert/issue.js';
import { requireSignedIn } from '../http/auth.js';
import { forbiddenWithoutBody, giteaJson, notFound, SimApiError, unprocessable } from '../http/errors.js';
import { paginateTotalOnly } from '../http/pagination.js';
import { loadRepo, type RepoContext } from '../http/repo-context.js';
import type { SimRouter } from '../http/route.js';
import type { SimIssue, SimLabel, SimUser } from '../state.js';
import { canWriteIssues, loadIssue, loadIssuesRepo, usableLabelIds } from './issues.js';
import { loadOrg } from './orgs.js';
import { pathInt, requireNotArchived } from './pull-helpers.js';
import { type JsonBody, optBool, optString, readJsonBody } from './request-body.js';

/** label.NormalizeColor: `#rgb` or `#rrggbb`, the `#` optional, stored lower-case with `#`. */
function normalizeColor(raw: string): string {
  const m = /^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$/.exec(raw.trim());
  if (!m?.[1]) throw unprocessable(`bad color code: ${raw}`);
  const hex = m[1].length === 3 ? [...m[1]].map((ch) => ch + ch).join('') : m[1];
  return `#${hex.toLowerCase()}`;
}

function byName(a: SimLabel, b: SimLabel): number {
  return a.name.localeCompare(b.name) || a.id - b.id;
}

function newLabel(
  c: Context<SimEnv>,
  body: JsonBody,
  owner: { repoId: number | null; orgId: number | null },
): SimLabel {
  const name = (optString(body, 'name') ?? '').trim();
  if (name === '') throw unprocessable('[Name]: Required');
  const color = optString(body, 'color') ?? '';
  if (color === '') throw unprocessable('[Color]: Required');
  const label: SimLabel = {
    id: c.get('sim').state.nextId('label'),
    ...owner,
    name,
    color: normalizeColor(color),
    description: optString(body, 'description') ?? '',
    exclusive: optBool(body, 'exclusive') ?? false,
    isArchived: optBool(body, 'is_archived') ?? false,
  };
  c.get('sim').state.labels.set(label.id, label);
  return label;
}

function editLabel(label: SimLabel, body: JsonBody): SimLabel {
  const name = optString(body, 'name');
  if (name !== undefined) {
    if (name.trim() === '') throw unprocessable('[Name]: Required');
    label.name = name.trim();
  }
  const color = optString(body, 'color');
  if (color !== undefined) label.color = normalizeColor(color);
  label.description = optString(body, 'description') ?? label.description;
  label.exclusive = optBool(body, 'exclusive') ?? label.exclusive;
  label.isArchived = optBool(body, 'is_archived') ?? label.isArchived;
  return label;
}

/** GetLabel: `{id}` is an id, or else a label name. */
function findLabel(c: Context<SimEnv>, belongs: (l: SimLabel) => boolean): SimLabel {
  const raw = c.req.param('id') ?? '';
  for (const l of c.get('sim').state.labels.values()) {
    if (!belongs(l)) continue;
    if (/^\d+$/.test(raw) ? l.id === Number(raw) : l.name === raw) return l;
  }
  throw notFound(c);
}

function repoLabel(c: Context<SimEnv>, rc: RepoContext): SimLabel {
  return findLabel(c, (l) => l.repoId === rc.repo.id);
}

function orgLabel(c: Context<SimEnv>, org: SimUser): SimLabel {
  return findLabel(c, (l) => l.orgId === org.id);
}

function loadOrgForWrite(c: Context<SimEnv>): SimUser {
  const org = loadOrg(c);
  const doer = requireSignedIn(c);
  if (!doer.isAdmin && !isOrgOwner(c.get('sim').state, org.id, doer.id))
    throw new SimApiError(403, 'Must be an organization owner');
  return org;
}

function issueLabels(c: Context<SimEnv>, issue: SimIssue): Record<string, unknown>[] {
  const sim = c.get('sim');
  return [...issue.labelIds]
    .map((id) => sim.state.labels.get(id))
    .filter((l): l is SimLabel => !!l)
    .sort(byName)
    .map((l) => toApiLabel(sim, l));
}

/** prepareForReplaceOrAdd: the issue, writable by the doer, and the labels the body names. */
async function labelsFromBody(c: Context<SimEnv>): Promise<{ issue: SimIssue; ids: number[] }> {
  const rc = loadIssuesRepo(c);
  requireNotArchived(rc);
  const issue = loadIssue(c, rc);
  if (!canWriteIssues(rc)) throw new SimApiError(403, 'write permission is required');
  const raw = (await readJsonBody(c)).labels ?? [];
  if (!Array.isArray(raw)) throw unprocessable('json: cannot unmarshal into Go struct field IssueLabelsOption.labels');
  const ids: number[] = [];
  const names: string[] = [];
  for (const item of raw) {
    if (typeof item === 'number') ids.push(Math.trunc(item));
    else if (typeof item === 'string') names.push(item);
    else throw new SimApiError(400, 'a label must be an integer or a string');
  }
  if (ids.length > 0 && names.length > 0)
    throw new SimApiError(400, 'labels should be an array of strings or integers');
  const sim = c.get('sim');
  for (const l of sim.state.labels.values())
    if (names.includes(l.name) && (l.repoId === rc.repo.id || l.orgId === rc.repo.ownerId)) ids.push(l.id);
  return { issue, ids: usableLabelIds(c, rc.repo, ids) };
}

function registerRepoLabelRoutes(router: SimRouter): void {
  router.add(
    {
      method: 'GET',
      path: '/repos/{owner}/{repo}/labels',
      scope: ['issue'],
      handler: (c) => {
        const rc = loadRepo(c, 'read');
        const sim = c.get('sim');
        const items = [...sim.state.labels.values()].filter((l) => l.repoId === rc.repo.id).sort(byName);
        return giteaJson(
          c,
          // repo/label.go and org/label.go ListLabels: X-Total-Count only.
          paginateTotalOnly(c, items).map((l) => toApiLabel(sim, l)),
        );
      },
    },
    {
      method: 'POST',
      path: '/repos/{owner}/{repo}/labels',
      scope: ['issue'],
      reqToken: true,
      handler: async (c) => {
        const rc = loadRepo(c, 'write');
        requireNotArchived(rc);
        const label = newLabel(c, await readJsonBody(c), { repoId: rc.repo.id, orgId: null });
        return giteaJson(c, toApiLabel(c.get('sim'), label), 201);
      },
    },
    {
      method: 'GET',
      path: '/repos/{owner}/{repo}/labels/{id}',
      scope: ['issue'],
      handler: (c) => giteaJson(c, toApiLabel(c.get('sim'), repoLabel(c, loadRepo(c, 'read')))),
    },
    {
      method: 'PATCH',
      path: '/repos/{owner}/{repo}/labels/{id}',
      scope: ['issue'],
      reqToken: true,
      handler: async (c) => {
        const rc = loadRepo(c, 'write');
        requireNotArchived(rc);
        const label = repoLabel(c, rc);
        return giteaJson(c, toApiLabel(c.get('sim'), editLabel(label, await readJsonBody(c))));
      },
    },
    {
      method: 'DELETE',
      path: '/repos/{owner}/{repo}/labels/{id}',
      scope: ['issue'],
      reqToken: true,
      handler: (c) => {
        const rc = loadRepo(c, 'write');
        requireNotArchived(rc);
        deleteLabel(c, repoLabel(c, rc));
        return c.body(null, 204);
      },
    },
  );
}

/** DeleteLabel also takes the label off every issue. */
function deleteLabel(c: Context<SimEnv>, label: SimLabel): void {
  const sim = c.get('sim');
  sim.state.labels.delete(label.id);
  for (const i of sim.state.issues.values()) i.labelIds.delete(label.id);
}

function registerOrgLabelRoutes(router: SimRouter): void {
  router.add(
    {
      method: 'GET',
      path: '/orgs/{org}/labels',
      scope: ['organization'],
      handler: (c) => {
        const org = loadOrg(c);
        const sim = c.get('sim');
        const items = [...sim.state.labels.values()].filter((l) => l.orgId === org.id).sort(byName);
        return giteaJson(
          c,
          // repo/label.go and org/label.go ListLabels: X-Total-Count only.
          paginateTotalOnly(c, items).map((l) => toApiLabel(sim, l)),
        );
      },
    },
    {
      method: 'POST',
      path: '/orgs/{org}/labels',
      scope: ['organization'],
      reqToken: true,
      handler: async (c) => {
        const org = loadOrgForWrite(c);
        const label = newLabel(c, await readJsonBody(c), { repoId: null, orgId: org.id });
        return giteaJson(c, toApiLabel(c.get('sim'), label), 201);
      },
    },
    {
      method: 'GET',
      path: '/orgs/{org}/labels/{id}',
      scope: ['organization'],
      reqToken: true,
      handler: (c) => giteaJson(c, toApiLabel(c.get('sim'), orgLabel(c, loadOrg(c)))),
    },
    {
      method: 'PATCH',
      path: '/orgs/{org}/labels/{id}',
      scope: ['organization'],
      reqToken: true,
      handler: async (c) => {
        const label = orgLabel(c, loadOrgForWrite(c));
        return giteaJson(c, toApiLabel(c.get('sim'), editLabel(label, await readJsonBody(c))));
      },
    },
    {
      method: 'DELETE',
      path: '/orgs/{org}/labels/{id}',
      scope: ['organization'],
      reqToken: true,
      handler: (c) => {
        deleteLabel(c, orgLabel(c, loadOrgForWrite(c)));
        return c.body(null, 204);
      },
    },
  );
}

function registerIssueLabelRoutes(router: SimRouter): void {
  const touch = (c: Context<SimEnv>, issue: SimIssue) => {
    issue.updated = c.get('sim').now();
  };
  router.add(
    {
      method: 'GET',
      path: '/repos/{owner}/{repo}/issues/{index}/labels',
      scope: ['issue'],
      handler: (c) => giteaJson(c, issueLabels(c, loadIssue(c, loadIssuesRepo(c)))),
    },
    {
      method: 'POST',
      path: '/repos/{owner}/{repo}/issues/{index}/labels',
      scope: ['issue'],
      reqToken: true,
      handler: async (c) => {
        const { issue, ids } = await labelsFromBody(c);
        for (const id of ids) issue.labelIds.add(id);
        touch(c, issue);
        return giteaJson(c, issueLabels(c, issue));
      },
    },
    {
      method: 'PUT',
      path: '/repos/{owner}/{repo}/issues/{index}/labels',
      scope: ['issue'],
      reqToken: true,
      handler: async (c) => {
        const { issue, ids } = await labelsFromBody(c);
        issue.labelIds = new Set(ids);
        touch(c, issue);
        return giteaJson(c, issueLabels(c, issue));
      },
    },
    {
      method: 'DELETE',
      path: '/repos/{owner}/{repo}/issues/{index}/labels',
      scope: ['issue'],
      reqToken: true,
      handler: (c) => {
        const rc = loadIssuesRepo(c);
        requireNotArchived(rc);
        const issue = loadIssue(c, rc);
        if (!canWriteIssues(rc)) throw forbiddenWithoutBody();
        issue.labelIds.clear();
        touch(c, issue);
        return c.body(null, 204);
      },
    },
    {
      method: 'DELETE',
      path: '/repos/{owner}/{repo}/issues/{index}/labels/{id}',
      scope: ['issue'],
      reqToken: true,
      handler: (c) => {
        const rc = loadIssuesRepo(c);
        requireNotArchived(rc);
        const issue = loadIssue(c, rc);
        if (!canWriteIssues(rc)) throw forbiddenWithoutBody();
        const id = pathInt(c, 'id');
        if (!c.get('sim').state.labels.has(id)) throw unprocessable(`label does not exist [label_id: ${id}]`);
        issue.labelIds.delete(id);
        touch(c, issue);
        return c.body(null, 204);
      },
    },
  );
}

/** Registers repository, organization and issue label routes. */
export function registerLabelRoutes(router: SimRouter): void {
  registerRepoLabelRoutes(router);
  registerOrgLabelRoutes(router);
  registerIssueLabelRoutes(router);
}
