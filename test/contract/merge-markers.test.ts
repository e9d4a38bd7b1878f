/**
 * No file keeps a merge conflict's markers: Biome and TypeScript catch them in
 * code, nothing catches them in Markdown, YAML or JSON (one reached the README).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, projectFiles } from '../support/project-files.js';

// Built so that this file's own text holds no marker.
const MARKER = new RegExp(`^(?:${['<', '>'].map((c) => c.repeat(7)).join('|')})(?: |$)`, 'm');

describe('merge conflicts', () => {
  it('left no markers in any project file', () => {
    const files = projectFiles();
    expect(files).toContain('README.md');
    const marked = files.filter((f) => {
      const text = readFileSync(`${PROJECT_ROOT}${f}`, 'utf8');
      return !text.includes('\0') && MARKER.test(text);
    });
    expect(marked).toEqual([]);
  });

  it('the marker pattern matches a conflict', () => {
    expect(MARKER.test(`text\n${'<'.repeat(7)} HEAD\nours\n${'>'.repeat(7)} branch\n`)).toBe(true);
    expect(MARKER.test('a << b\n')).toBe(false);
  });
});
