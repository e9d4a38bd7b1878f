/**
 * Contract snapshots with sorted keys (STYLE §2.8): a change fails with a
 * diff, UPDATE_SNAPSHOTS=1 rewrites the file, and a snapshot missing in CI
 * (process.env.CI) is an error instead of being written.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { expect } from 'vitest';

/** JSON with object keys sorted at every level, two-space indented, trailing newline. */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
  );
}

/** Compares `text` with the committed file at `path` (see module doc for the update rules). */
export function expectMatchesFile(path: string, text: string): void {
  const update = process.env.UPDATE_SNAPSHOTS === '1';
  if (!existsSync(path)) {
    if (process.env.CI && !update)
      throw new Error(`missing snapshot ${path}: run with UPDATE_SNAPSHOTS=1 and commit it`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return;
  }
  const committed = readFileSync(path, 'utf8');
  if (committed === text) return;
  if (update) {
    writeFileSync(path, text);
    return;
  }
  expect(text, `${path} is stale; rerun with UPDATE_SNAPSHOTS=1 if the change is intended`).toBe(committed);
}

/** `expectMatchesFile` for a JSON value, stored with sorted keys. */
export function expectMatchesSnapshot(path: string, value: unknown): void {
  expectMatchesFile(path, stableJson(value));
}
