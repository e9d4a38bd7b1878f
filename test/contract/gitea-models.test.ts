/**
 * Typed Gitea data (#14): the generated swagger types are in use, not a dead
 * file, and the objects summaries read are no longer hand-written `*Like`
 * interfaces beside them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../../src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

it('src/gitea/models/ derives its types from types.gen.ts', () => {
  const files = sources(join(SRC, 'gitea/models')).filter((f) => !/[/\\](index|wire)\.ts$/.test(f));
  expect(files.length).toBeGreaterThan(0);
  for (const f of files)
    expect(readFileSync(f, 'utf8')).toMatch(/^import type \* as gen from '\.\.\/types\.gen\.js';$/m);
  const models = files.map((f) => readFileSync(f, 'utf8')).join('\n');
  for (const name of [
    'Repository',
    'User',
    'Issue',
    'PullRequest',
    'Label',
    'Milestone',
    'Commit',
    'Release',
    'ActionWorkflowRun',
    'ActionWorkflowJob',
    'ActionWorkflow',
    'ActionArtifact',
    'Secret',
    'ActionVariable',
    'RepoCollaboratorPermission',
    'Organization',
    'Team',
    'TrackedTime',
    'StopWatch',
    'Package',
    'PackageFile',
    'WikiCommit',
    'WikiPage',
    'NotificationThread',
    'FileCommitResponse',
    'CombinedStatus',
    'Reaction',
  ])
    expect(models).toContain(`gen.${name},`);
});

it('the modelled objects have no hand-written Gitea*Like twin left in src/', () => {
  const modelled =
    /interface Gitea(User|Repo|Repository|Commit|CommitUser|Label|Milestone|Issue|Comment|BranchInfo|Pull|Review|ReviewComment|ChangedFile|Release|Attachment|Branch|Tag|Contents|Tree)Like\b/;
  const offenders = sources(SRC).filter((f) => modelled.test(readFileSync(f, 'utf8')));
  expect(offenders).toEqual([]);
});

it('no tool reads Gitea through a hand-written Gitea*Like interface or type any more', () => {
  const like = /\b(interface|type)\s+Gitea\w*Like\b/;
  const offenders = sources(join(SRC, 'tools')).filter((f) => like.test(readFileSync(f, 'utf8')));
  expect(offenders).toEqual([]);
});
