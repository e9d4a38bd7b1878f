/**
 * Issue 10: a fresh clone passes `npm install && npm test` with nothing beside it.
 * No file of the project (sources, tests, scripts, docs, config, package.json
 * scripts, CI) may name a path outside the repository: a sibling folder such as
 * the shared notes, an absolute path of a developer machine, or a relative path
 * that climbs above the repository root from where it is written.
 */
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectFiles, PROJECT_ROOT as ROOT } from '../support/project-files.js';

/** Absolute or sibling paths that exist only on a developer's machine (built here so this file does not match itself). */
const FOREIGN_PATHS: { pattern: RegExp; why: string }[] = [
  { pattern: new RegExp(['\\.\\.', 'shared', ''].join('/')), why: 'the shared folder beside the repository' },
  { pattern: new RegExp(['', 'shared', 'reference', ''].join('/')), why: 'the shared reference folder' },
  { pattern: new RegExp(['', 'work', ''].join('/')), why: 'an absolute path of the development machine' },
  { pattern: new RegExp(['', '(?:home|Users)', '[\\w.-]+', ''].join('/')), why: "an absolute path in someone's home" },
];

/** Marks a line whose `../` is data (a path-traversal attack a security test replays), not a file path. */
const PAYLOAD_MARK = 'traversal payload, not a file path';

/** A relative path written in a file: starts with `../` (after an optional `./`) right after a quote, space, `(` or `=`. */
const RELATIVE_PATH = /(?<=^|[\s'"`(=:,[])(?:\.\/)?(?:\.\.\/)+[\w.@/-]*/g;

interface Violation {
  file: string;
  line: number;
  text: string;
  why: string;
}

/** Every place in `text` (the content of `file`, relative to the repository root) that names a path outside it. */
function scanText(file: string, text: string): Violation[] {
  const found: Violation[] = [];
  const dir = posix.dirname(file);
  text.split('\n').forEach((lineText, i) => {
    for (const { pattern, why } of FOREIGN_PATHS) {
      if (pattern.test(lineText)) found.push({ file, line: i + 1, text: lineText.trim(), why });
    }
    if (lineText.includes(PAYLOAD_MARK)) return;
    for (const match of lineText.matchAll(RELATIVE_PATH)) {
      // Relative to the file's folder; a result starting with `..` is above the repository root.
      const target = posix.normalize(posix.join(dir, match[0]));
      if (target === '..' || target.startsWith('../')) {
        found.push({ file, line: i + 1, text: lineText.trim(), why: `${match[0]} climbs above the repository root` });
      }
    }
  });
  return found;
}

describe('the repository is self-contained', () => {
  it('no project file names a path outside the repository', () => {
    const files = projectFiles();
    // The walk really covers the project (an empty walk would pass vacuously).
    for (const must of ['package.json', '.ci/run', 'test/support/swagger.ts', 'scripts/gen-gitea-types.ts']) {
      expect(files).toContain(must);
    }
    const violations = files.flatMap((file) => {
      const text = readFileSync(`${ROOT}${file}`, 'utf8');
      return text.includes('\0') ? [] : scanText(file, text);
    });
    const report = violations.map((v) => `${v.file}:${v.line}: ${v.why}\n    ${v.text}`).join('\n');
    expect(
      violations,
      `Files refer to paths outside the repository; a fresh clone has nothing beside it, so vendor what they need inside it:\n${report}`,
    ).toEqual([]);
  });

  it('the scan recognises references outside the repository', () => {
    // Samples are assembled so that this file's own text names nothing outside the repository.
    const up = (n: number) => '../'.repeat(n);
    const sibling = ['..', 'shared', 'reference', 'gitea-swagger.v1.json'].join('/');
    expect(scanText('test/support/x.ts', `const p = join(here, '${up(2)}${sibling}');`)).not.toEqual([]);
    expect(scanText('README.md', `see ${['', 'work', 'shared', 'DESIGN.md'].join('/')}`)).not.toEqual([]);
    // Two levels up from scripts/ is above the root; one level is the root itself.
    expect(scanText('scripts/gen.ts', `new URL('${up(2)}x.json', import.meta.url)`)).not.toEqual([]);
    expect(scanText('package.json', `"pretest": "node ${up(1)}setup.js"`)).not.toEqual([]);
    expect(scanText('scripts/gen.ts', `new URL('${up(1)}vendor/gitea/swagger.v1.json', import.meta.url)`)).toEqual([]);
    expect(scanText('test/integration/auth/a.test.ts', `import { x } from '${up(3)}sim/index.js';`)).toEqual([]);
    // URL paths are not files: `/repos/a/../../admin` is a request path, not a relative file path.
    expect(scanText('test/unit/gitea/c.test.ts', `request('GET', '/repos/a/${up(3)}admin')`)).toEqual([]);
  });
});
