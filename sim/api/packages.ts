/**
 * Packages (routers/api/v1/packages/package.go): an owner's package versions,
 * one package's versions, the latest, files, delete, and linking a package
 * to one of the owner's repositories. Access follows the owner
 * (DeterminePackageAccessMode): an invisible owner is 404; the owner, site
 * admins and organization owners or write-team members may change packages;
 * everyone who can see the owner may read them.
 */
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { canSeeAccount, isOrgMember } from '../access.js';
import type { SimContext, SimEnv } from '../context.js';
import { toApiRepo } from '../convert/repo.js';
import { toApiUser, toGiteaTime } from '../convert/user.js';
import { requirePublicOnlyAllows } from '../http/auth.js';
import { giteaJson, notFound, SimApiError } from '../http/errors.js';
import { paginate } from '../http/pagination.js';
import type { SimRouter } from '../http/route.js';
import type { SimPackage, SimPackageFile, SimPackageVersion, SimUser } from '../state.js';

type PackageAccess = 'none' | 'read' | 'write';

function packageAccess(sim: SimContext, doer: SimUser | null, owner: SimUser): PackageAccess {
  if (doer && (doer.isAdmin || doer.id === owner.id)) return 'write';
  if (owner.type === 'organization' && doer) {
    for (const t of sim.state.teams.values())
      if (t.orgId === owner.id && t.memberIds.has(doer.id) && t.permission !== 'read') return 'write';
    if (isOrgMember(sim.state, owner.id, doer.id)) return 'read';
  }
  return canSeeAccount(sim.state, doer, owner) ? 'read' : 'none';
}

/** PackageAssignmentAPI + reqPackageAccess: the owner, or Gitea's 404/403. */
function loadOwner(c: Context<SimEnv>, need: 'read' | 'write'): SimUser {
  const sim = c.get('sim');
  const owner = sim.state.userByLogin(c.req.param('owner') ?? '');
  if (!owner) throw notFound(c);
  const access = packageAccess(sim, c.get('doer'), owner);
  if (access === 'none') throw notFound(c);
  requirePublicOnlyAllows(c, 'packages', owner.visibility === 'public');
  if (need === 'write' && access !== 'write')
    throw new SimApiError(403, 'user should have specific permission or be a site admin');
  return owner;
}

function findPackage(c: Context<SimEnv>, owner: SimUser): SimPackage {
  const type = c.req.param('type') ?? '';
  const name = c.req.param('name') ?? '';
  for (const p of c.get('sim').state.packages.values())
    if (p.ownerId === owner.id && p.type === type && p.name === name) return p;
  throw notFound(c);
}

function versionsOf(sim: SimContext, pkg: SimPackage): SimPackageVersion[] {
  return [...sim.state.packageVersions.values()]
    .filter((v) => v.packageId === pkg.id)
    .sort((a, b) => b.created.getTime() - a.created.getTime() || b.id - a.id);
}

function findVersion(c: Context<SimEnv>, pkg: SimPackage): SimPackageVersion {
  const version = c.req.param('version') ?? '';
  const found = versionsOf(c.get('sim'), pkg).find((v) => v.version === version);
  if (!found) throw notFound(c);
  return found;
}

/** api.Package (ToPackage): one version of a package. */
function toApiPackage(c: Context<SimEnv>, v: SimPackageVersion): Record<string, unknown> {
  const sim = c.get('sim');
  const doer = c.get('doer');
  const pkg = sim.state.packages.get(v.packageId);
  const owner = pkg && sim.state.users.get(pkg.ownerId);
  if (!pkg || !owner) throw new TypeError(`package version ${v.id} has no package`);
  const repo = pkg.repoId === null ? undefined : sim.state.repos.get(pkg.repoId);
  const creator = sim.state.users.get(v.creatorId);
  return {
    id: v.id,
    owner: toApiUser(sim, owner, doer),
    repository: repo ? toApiRepo(sim, repo, doer) : null,
    creator: creator ? toApiUser(sim, creator, doer) : null,
    type: pkg.type,
    name: pkg.name,
    version: v.version,
    html_url: `${sim.appUrl()}${owner.login}/-/packages/${pkg.type}/${encodeURIComponent(pkg.name)}/${encodeURIComponent(v.version)}`,
    created_at: toGiteaTime(v.created),
  };
}

function digest(algo: string, content: Buffer): string {
  return createHash(algo).update(content).digest('hex');
}

/** api.PackageFile (ToPackageFile). */
function toApiPackageFile(f: SimPackageFile): Record<string, unknown> {
  return {
    id: f.id,
    size: f.content.length,
    name: f.name,
    md5: digest('md5', f.content),
    sha1: digest('sha1', f.content),
    sha256: digest('sha256', f.content),
    sha512: digest('sha512', f.content),
  };
}

function listOwnerPackages(c: Context<SimEnv>): Response {
  const owner = loadOwner(c, 'read');
  const sim = c.get('sim');
  const type = c.req.query('type') ?? '';
  const q = (c.req.query('q') ?? '').toLowerCase();
  const items = [...sim.state.packageVersions.values()]
    .filter((v) => {
      const p = sim.state.packages.get(v.packageId);
      return p?.ownerId === owner.id && (!type || p.type === type) && (!q || p.name.toLowerCase().includes(q));
    })
    .sort((a, b) => b.created.getTime() - a.created.getTime() || b.id - a.id);
  return giteaJson(
    c,
    paginate(c, items).map((v) => toApiPackage(c, v)),
  );
}

/** Registers the package routes (the `-/` routes first, so `-` is never read as a version). */
export function registerPackageRoutes(router: SimRouter): void {
  const base = '/packages/{owner}/{type}/{name}';
  router.add(
    { method: 'GET', path: '/packages/{owner}', scope: ['package'], handler: listOwnerPackages },
    {
      method: 'GET',
      path: `${base}/-/latest`,
      scope: ['package'],
      handler: (c) => {
        const pkg = findPackage(c, loadOwner(c, 'read'));
        const [latest] = versionsOf(c.get('sim'), pkg);
        if (!latest) throw notFound(c);
        return giteaJson(c, toApiPackage(c, latest));
      },
    },
    {
      method: 'POST',
      path: `${base}/-/link/{repo_name}`,
      scope: ['package'],
      reqToken: true,
      handler: (c) => {
        const owner = loadOwner(c, 'write');
        const pkg = findPackage(c, owner);
        const repo = c.get('sim').state.repoByName(owner.login, c.req.param('repo_name') ?? '');
        if (!repo) throw notFound(c);
        pkg.repoId = repo.id;
        return c.body(null, 201);
      },
    },
    {
      method: 'POST',
      path: `${base}/-/unlink`,
      scope: ['package'],
      reqToken: true,
      handler: (c) => {
        findPackage(c, loadOwner(c, 'write')).repoId = null;
        return c.body(null, 201);
      },
    },
    {
      method: 'GET',
      path: base,
      scope: ['package'],
      handler: (c) => {
        const pkg = findPackage(c, loadOwner(c, 'read'));
        return giteaJson(
          c,
          paginate(c, versionsOf(c.get('sim'), pkg)).map((v) => toApiPackage(c, v)),
        );
      },
    },
    {
      method: 'GET',
      path: `${base}/{version}/files`,
      scope: ['package'],
      handler: (c) => {
        const v = findVersion(c, findPackage(c, loadOwner(c, 'read')));
        return giteaJson(c, v.files.map(toApiPackageFile));
      },
    },
    {
      method: 'GET',
      path: `${base}/{version}`,
      scope: ['package'],
      handler: (c) => giteaJson(c, toApiPackage(c, findVersion(c, findPackage(c, loadOwner(c, 'read'))))),
    },
    {
      method: 'DELETE',
      path: `${base}/{version}`,
      scope: ['package'],
      reqToken: true,
      handler: (c) => {
        const sim = c.get('sim');
        const pkg = findPackage(c, loadOwner(c, 'write'));
        sim.state.packageVersions.delete(findVersion(c, pkg).id);
        // RemovePackageVersion drops the package with its last version.
        if (versionsOf(sim, pkg).length === 0) sim.state.packages.delete(pkg.id);
        return c.body(null, 204);
      },
    },
  );
}
