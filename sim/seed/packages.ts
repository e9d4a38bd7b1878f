/**
 * Seeded packages: alice's generic `hello-cli` (1.0.0 and 1.1.0, linked to
 * alice/hello-world) and acme's npm `platform-sdk` 2.0.0, linked to the
 * private acme/platform. Package access follows the owner, not the linked
 * repository: acme is public, so everyone may read its packages.
 */
import type { SimContext } from '../context.js';
import type { SimPackage, SimRepo, SimUser } from '../state.js';
import { type BaseSeed, seedDate } from './base.js';

function addPackage(sim: SimContext, owner: SimUser, type: string, name: string, repo: SimRepo | null): SimPackage {
  const pkg: SimPackage = { id: sim.state.nextId('package'), ownerId: owner.id, type, name, repoId: repo?.id ?? null };
  sim.state.packages.set(pkg.id, pkg);
  return pkg;
}

function addVersion(
  sim: SimContext,
  pkg: SimPackage,
  version: string,
  creator: SimUser,
  created: Date,
  files: Record<string, string>,
): void {
  const id = sim.state.nextId('packageVersion');
  sim.state.packageVersions.set(id, {
    id,
    packageId: pkg.id,
    version,
    creatorId: creator.id,
    created,
    files: Object.entries(files).map(([name, text]) => ({
      id: sim.state.nextId('packageFile'),
      name,
      content: Buffer.from(text),
    })),
  });
}

export function seedPackages(sim: SimContext, base: BaseSeed): void {
  const { alice, bob } = base.users;
  const cli = addPackage(sim, alice, 'generic', 'hello-cli', base.repos.helloWorld);
  addVersion(sim, cli, '1.0.0', alice, seedDate(10), { 'hello-cli-1.0.0.tar.gz': 'hello-cli 1.0.0 archive\n' });
  addVersion(sim, cli, '1.1.0', alice, seedDate(20), {
    'hello-cli-1.1.0.tar.gz': 'hello-cli 1.1.0 archive\n',
    'hello-cli-1.1.0.sha256': 'checksums\n',
  });
  const sdk = addPackage(sim, base.orgs.acme, 'npm', 'platform-sdk', base.repos.platform);
  addVersion(sim, sdk, '2.0.0', bob, seedDate(19), { 'platform-sdk-2.0.0.tgz': 'platform-sdk 2.0.0 tarball\n' });
}
