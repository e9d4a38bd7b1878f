/**
 * Every tool, and every method of a consolidated tool, is called by at least
 * one of the tool integration tests (test/integration/tools-*.test.ts), which
 * run over Streamable HTTP and again over stdio. A static check: a new tool or
 * method without a test fails here, naming it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ALL_TOOLS } from '../../src/tools/index.js';

const dir = fileURLToPath(new URL('../integration/', import.meta.url));
const sources = readdirSync(dir)
  .filter((f) => /^tools-.*\.test\.ts$/.test(f))
  .map((f) => readFileSync(`${dir}${f}`, 'utf8'));

/** The test files that call `tool` by name. */
function callersOf(tool: string): string[] {
  return sources.filter((src) => src.includes(`'${tool}'`));
}

describe('tool integration coverage', () => {
  it('finds the tool integration tests', () => {
    expect(sources.length).toBeGreaterThanOrEqual(5);
  });

  for (const tool of ALL_TOOLS) {
    it(`${tool.name} is exercised${tool.methods ? ', every method' : ''}`, () => {
      const callers = callersOf(tool.name);
      expect(callers, `no tools-*.test.ts calls ${tool.name}`).not.toEqual([]);
      const untested = Object.keys(tool.methods ?? {}).filter(
        (m) => !callers.some((src) => src.includes(`method: '${m}'`)),
      );
      expect(untested, `${tool.name} methods without a test`).toEqual([]);
    });
  }
});
