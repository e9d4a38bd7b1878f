/**
 * Toolset `packages`: an owner's packages (generic, npm, container, …), their
 * versions and files; linking a package to a repository; deleting a version
 * (irreversible, its own tool). Gitea's scope category `package`.
 */
import { z } from 'zod';
import {
  type GiteaPackage,
  type GiteaPackageFile,
  giteaPath,
  packageFileSchema,
  packageSchema,
} from '../gitea/index.js';
import { defineTool } from './define.js';
import { sanitizeOptional } from './sanitize.js';
import { pageOfAll, pageResult, pagingInput } from './shape.js';

const ownerInput = z.string().trim().min(1).describe('Owner (user or org).');
const typeInput = z.string().trim().min(1).max(40).describe('Type: generic, npm, container, pypi, …');
const packageNameInput = z.string().trim().min(1).describe('Package name as listed (e.g. hello-cli).');
const versionInput = z.string().trim().min(1).describe('Package version, exactly as listed (e.g. 1.2.0).');

function toPackageSummary(p: GiteaPackage): Record<string, unknown> {
  return {
    id: p.id,
    type: p.type,
    name: sanitizeOptional(p.name),
    version: sanitizeOptional(p.version),
    repository: p.repository?.full_name,
    creator: p.creator?.login,
    createdAt: p.created_at,
    htmlUrl: p.html_url,
  };
}

function toPackageFileSummary(f: GiteaPackageFile): Record<string, unknown> {
  return { id: f.id, name: sanitizeOptional(f.name), size: f.size, sha256: f.sha256 };
}

/** `package_read`: list and inspect packages. */
export const packageRead = defineTool({
  name: 'package_read',
  toolset: 'packages',
  title: 'Read packages',
  description:
    "List an owner's packages (an entry per version) or a package's versions, get one, or list a version's files.",
  scopes: ['read:package'],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z
    .object({
      method: z.enum(['list', 'list_versions', 'get_latest', 'get', 'list_files']).describe('What to read.'),
      owner: ownerInput,
      packageType: typeInput.optional().describe('Package type; needed by every method but list, where it filters.'),
      packageName: packageNameInput.optional().describe('Package name; needed by every method but list.'),
      version: versionInput.optional().describe('get, list_files: the version.'),
      query: z.string().trim().min(1).optional().describe('list: only packages whose name contains this.'),
      ...pagingInput,
    })
    .strict(),
  methods: (m) => ({
    list: m({
      description: "The owner's package versions, newest first (paged).",
      async run(args, { gitea, signal }) {
        const res = await gitea.requestPage('GET', giteaPath('/packages/{owner}', { owner: args.owner }), {
          itemSchema: packageSchema,
          query: { type: args.packageType, q: args.query },
          page: args.page,
          limit: args.perPage,
          signal,
        });
        return pageResult('packages', res, toPackageSummary);
      },
    }),
    list_versions: m({
      description: 'Versions of one package, newest first (paged).',
      required: ['packageType', 'packageName'],
      async run(args, { gitea, signal }) {
        const path = giteaPath('/packages/{owner}/{packageType}/{packageName}', args);
        const res = await gitea.requestPage('GET', path, {
          itemSchema: packageSchema,
          page: args.page,
          limit: args.perPage,
          signal,
        });
        return pageResult('versions', res, toPackageSummary);
      },
    }),
    get_latest: m({
      description: 'The newest version of one package.',
      required: ['packageType', 'packageName'],
      async run(args, { gitea, signal }) {
        const path = giteaPath('/packages/{owner}/{packageType}/{packageName}/-/latest', args);
        const { data } = await gitea.request('GET', path, { schema: packageSchema, signal });
        return toPackageSummary(data);
      },
    }),
    get: m({
      description: 'One version of a package.',
      required: ['packageType', 'packageName', 'version'],
      async run(args, { gitea, signal }) {
        const path = giteaPath('/packages/{owner}/{packageType}/{packageName}/{version}', args);
        const { data } = await gitea.request('GET', path, { schema: packageSchema, signal });
        return toPackageSummary(data);
      },
    }),
    list_files: m({
      description: 'Files of one package version (paged).',
      required: ['packageType', 'packageName', 'version'],
      async run(args, { gitea, signal }) {
        const path = giteaPath('/packages/{owner}/{packageType}/{packageName}/{version}/files', args);
        const { data } = await gitea.request('GET', path, { schema: z.array(packageFileSchema), signal });
        // Gitea answers every file of the version at once.
        return pageResult('files', pageOfAll(data, args.page, args.perPage), toPackageFileSummary);
      },
    }),
  }),
});

/** `package_write`: link a package to a repository or unlink it. */
export const packageWrite = defineTool({
  name: 'package_write',
  toolset: 'packages',
  title: 'Link packages to repositories',
  description: "Link a package to one of its owner's repositories, or unlink it; nothing is deleted.",
  scopes: ['write:package'],
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z
    .object({
      method: z.enum(['link', 'unlink']).describe('link: attach to a repository; unlink: detach.'),
      owner: ownerInput,
      packageType: typeInput,
      packageName: packageNameInput,
      repo: z
        .string()
        .trim()
        .min(1)
        .optional()
        .describe("link: name of the owner's repository to link the package to."),
    })
    .strict(),
  methods: (m) => ({
    link: m({
      description: 'Link the package to a repository of the same owner.',
      required: ['repo'],
      async run(args, { gitea, signal }) {
        const path = giteaPath('/packages/{owner}/{packageType}/{packageName}/-/link/{repo}', args);
        await gitea.request('POST', path, { signal });
        return { linked: true, package: args.packageName, repository: `${args.owner}/${args.repo}` };
      },
    }),
    unlink: m({
      description: 'Remove the link to a repository.',
      async run(args, { gitea, signal }) {
        const path = giteaPath('/packages/{owner}/{packageType}/{packageName}/-/unlink', args);
        await gitea.request('POST', path, { signal });
        return { linked: false, package: args.packageName };
      },
    }),
  }),
});

/** `delete_package_version`: irreversible. */
export const deletePackageVersion = defineTool({
  name: 'delete_package_version',
  toolset: 'packages',
  title: 'Delete a package version',
  description: 'Irreversibly delete a package version and its files (the last one takes the package).',
  scopes: ['write:package'],
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  input: z
    .object({ owner: ownerInput, packageType: typeInput, packageName: packageNameInput, version: versionInput })
    .strict(),
  async run(args, { gitea, signal }) {
    const path = giteaPath('/packages/{owner}/{packageType}/{packageName}/{version}', args);
    await gitea.request('DELETE', path, { signal });
    return { deleted: true, package: args.packageName, version: args.version };
  },
});

/** The `packages` toolset. */
export const PACKAGES_TOOLS = [packageRead, packageWrite, deletePackageVersion] as const;
