/**
 * Milestones (routers/api/v1/repo/milestone.go): list by state and name,
 * create, get/edit/delete by id or, when no milestone has that id, by title
 * (getMilestoneByIDOrName). Writers change them.
 */
import type { Context } from 'hono';
import type { SimEnv } from '../context.js';
import { toApiMilestone } from '../convert/issue.js';
import { giteaJson, notFound, unprocessable } from '../http/errors.js';
import { paginateTotalOnly } from '../http/pagination.js';
import { loadRepo, type RepoContext } from '../http/repo-context.js';
import type { SimRouter } from '../http/route.js';
import type { SimMilestone } from '../state.js';
import { requireNotArchived } from './pull-helpers.js';
import { type JsonBody, optString, readJsonBody } from './request-body.js';

function findMilestone(c: Context<SimEnv>, rc: RepoContext): SimMilestone {
  const raw = c.req.param('id') ?? '';
  const mine = [...c.get('sim').state.milestones.values()].filter((m) => m.repoId === rc.repo.id);
  const found =
    (/^\d+$/.test(raw) ? mine.find((m) => m.id === Number(raw)) : undefined) ?? mine.find((m) => m.title === raw);
  if (!found) throw notFound(c);
  return found;
}

function parseDue(raw: string | undefined): Date | null | undefined {
  if (raw === undefined) return undefined;
  if (raw === '') return null;
  const d = new Date(raw);
  if (Number.isNaN(d.getTime()))
    throw unprocessable(`parsing time "${raw}" as "2006-01-02T15:04:05Z07:00": cannot parse [due_on]`);
  return d;
}

function applyState(m: SimMilestone, state: string | undefined, at: Date): void {
  if (state === undefined) return;
  const next = state === 'closed' ? 'closed' : 'open';
  if (next === m.state) return;
  m.state = next;
  m.closedAt = next === 'closed' ? at : null;
}

function render(c: Context<SimEnv>, m: SimMilestone): Record<string, unknown> | null {
  return toApiMilestone(c.get('sim'), m.id);
}

async function createMilestone(c: Context<SimEnv>): Promise<Response> {
  const rc = loadRepo(c, 'write');
  requireNotArchived(rc);
  const sim = c.get('sim');
  const body: JsonBody = await readJsonBody(c);
  const title = (optString(body, 'title') ?? '').trim();
  if (title === '') throw unprocessable('[Title]: Required');
  const now = sim.now();
  const m: SimMilestone = {
    id: sim.state.nextId('milestone'),
    repoId: rc.repo.id,
    title,
    description: optString(body, 'description') ?? '',
    state: 'open',
    dueOn: parseDue(optString(body, 'due_on')) ?? null,
    created: now,
    updated: now,
    closedAt: null,
  };
  applyState(m, optString(body, 'state'), now);
  sim.state.milestones.set(m.id, m);
  return giteaJson(c, render(c, m), 201);
}

async function editMilestone(c: Context<SimEnv>): Promise<Response> {
  const rc = loadRepo(c, 'write');
  requireNotArchived(rc);
  const m = findMilestone(c, rc);
  const body = await readJsonBody(c);
  const now = c.get('sim').now();
  const title = optString(body, 'title');
  if (title !== undefined && title.trim() !== '') m.title = title.trim();
  m.description = optString(body, 'description') ?? m.description;
  const due = parseDue(optString(body, 'due_on'));
  if (due !== undefined) m.dueOn = due;
  applyState(m, optString(body, 'state'), now);
  m.updated = now;
  return giteaJson(c, render(c, m));
}

/** Registers the milestone routes. */
export function registerMilestoneRoutes(router: SimRouter): void {
  router.add(
    {
      method: 'GET',
      path: '/repos/{owner}/{repo}/milestones',
      scope: ['issue'],
      handler: (c) => {
        const rc = loadRepo(c, 'read');
        const sim = c.get('sim');
        const state = c.req.query('state');
        const name = (c.req.query('name') ?? '').toUpperCase();
        const items = [...sim.state.milestones.values()]
          .filter((m) => m.repoId === rc.repo.id)
          .filter((m) => state === 'all' || m.state === (state === 'closed' ? 'closed' : 'open'))
          .filter((m) => !name || m.title.toUpperCase().includes(name))
          .sort((a, b) => (a.dueOn?.getTime() ?? Infinity) - (b.dueOn?.getTime() ?? Infinity) || a.id - b.id);
        return giteaJson(
          c,
          // ListMilestones: X-Total-Count only.
          paginateTotalOnly(c, items).map((m) => render(c, m)),
        );
      },
    },
    {
      method: 'POST',
      path: '/repos/{owner}/{repo}/milestones',
      scope: ['issue'],
      reqToken: true,
      handler: createMilestone,
    },
    {
      method: 'GET',
      path: '/repos/{owner}/{repo}/milestones/{id}',
      scope: ['issue'],
      handler: (c) => giteaJson(c, render(c, findMilestone(c, loadRepo(c, 'read')))),
    },
    {
      method: 'PATCH',
      path: '/repos/{owner}/{repo}/milestones/{id}',
      scope: ['issue'],
      reqToken: true,
      handler: editMilestone,
    },
    {
      method: 'DELETE',
      path: '/repos/{owner}/{repo}/milestones/{id}',
      scope: ['issue'],
      reqToken: true,
      handler: (c) => {
        const rc = loadRepo(c, 'write');
        requireNotArchived(rc);
        const m = findMilestone(c, rc);
        const sim = c.get('sim');
        sim.state.milestones.delete(m.id);
        for (const i of sim.state.issues.values()) if (i.milestoneId === m.id) i.milestoneId = null;
        return c.body(null, 204);
      },
    },
  );
}
