/** src/gitea/types.gen.ts must be exactly what the generator makes from the pinned swagger file. */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { renderGiteaTypes, SWAGGER_PATH, TYPES_PATH } from '../../../scripts/gen-gitea-types.js';

it('types.gen.ts is up to date with vendor/gitea/swagger.v1.json (run scripts/gen-gitea-types.ts)', () => {
  const fresh = renderGiteaTypes(JSON.parse(readFileSync(SWAGGER_PATH, 'utf8')));
  expect(readFileSync(TYPES_PATH, 'utf8') === fresh).toBe(true);
  expect(fresh).toContain('export interface Repository {');
  expect(fresh).toMatch(/ {2}owner\?: User \| null;/);
  expect(fresh).toMatch(/ {2}permission\?: 'read' \| 'write' \| 'admin';/);
});
