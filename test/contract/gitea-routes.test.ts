/**
 * Every Gitea route a tool calls is a route of Gitea's own API: each
 * `giteaPath('…')` template in src/ must be a path of Gitea's swagger file
 * once placeholder names are set aside (tools name them after their
 * arguments, and `{x*}` marks a wildcard).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SWAGGER_PATH } from '../support/swagger.js';

const SRC = join(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

const shape = (route: string) => route.replace(/\{[^}]+\}/g, '{}');

describe('Gitea routes used by Gatea', () => {
  const templates = new Map<string, string>();
  for (const file of sourceFiles(SRC))
    for (const m of readFileSync(file, 'utf8').matchAll(/giteaPath\(\s*'([^']+)'/g))
      templates.set(m[1] as string, file.slice(SRC.length + 1));
  const swagger = JSON.parse(readFileSync(SWAGGER_PATH, 'utf8')) as { paths: Record<string, unknown> };
  const known = new Set(Object.keys(swagger.paths).map(shape));

  it('finds the templates (the scan itself works)', () => {
    expect(templates.size).toBeGreaterThan(80);
    expect(templates.has('/repos/{owner}/{repo}/branches/{branch*}')).toBe(true);
  });

  it('every template is a path of Gitea’s API', () => {
    const unknown = [...templates].filter(([t]) => !known.has(shape(t))).map(([t, f]) => `${t} (${f})`);
    expect(unknown).toEqual([]);
  });
});
