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

it('src/gitea/models.ts derives its types from types.gen.ts', () => {
  const models = readFileSync(join(SRC, 'gitea/models.ts'), 'utf8');
  expect(models).toMatch(/^import type \* as gen from '\.\/types\.gen\.js';$/m);
  for (const name of ['Repository', 'User', 'Issue', 'PullRequest', 'Label', 'Milestone', 'Commit', 'Release'])
    expect(models).toContain(`gen.${name},`);
});

it('the modelled objects have no hand-written Gitea*Like twin left in src/', () => {
  const modelled =
    /interface Gitea(User|Repo|Repository|Commit|CommitUser|Label|Milestone|Issue|Comment|BranchInfo|Pull|Review|ReviewComment|ChangedFile|Release|Attachment|Branch|Tag|Contents|Tree)Like\b/;
  const offenders = sources(SRC).filter((f) => modelled.test(readFileSync(f, 'utf8')));
  expect(offenders).toEqual([]);
});
