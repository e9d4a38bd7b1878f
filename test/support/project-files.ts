/** The project's own files, for contract tests that scan them all. */
import { readdirSync, statSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, with a trailing separator. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Not the project's own files: installed packages, git's data, build and test output. */
const SKIP = new Set(['node_modules', '.git', 'dist', 'coverage', '.tmp']);

/** The project's files, as paths relative to the repository root with `/` separators. */
export function projectFiles(dir = PROJECT_ROOT): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const path = `${dir}${dir.endsWith(sep) ? '' : sep}${name}`;
    const stat = statSync(path);
    if (stat.isDirectory()) files.push(...projectFiles(path));
    else if (stat.isFile()) files.push(relative(PROJECT_ROOT, path).split(sep).join('/'));
  }
  return files;
}
