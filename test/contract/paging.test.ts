/**
 * Issue #14: every list method pages the same way. Statically, each takes
 * `page` and `perPage`; at run time, `okTool` (test/support/paging-shape.ts)
 * checks the shape of every list result the tool integration tests get,
 * and tool-coverage.test.ts makes sure every method is called by one.
 */
import { describe, expect, it } from 'vitest';
import { listCalls } from '../support/paging-shape.js';

const calls = listCalls();

describe('paged lists', () => {
  it('finds the list methods', () => {
    expect(calls.length).toBeGreaterThan(40);
  });

  it.each(calls.map((c) => [c.label, c] as const))('%s takes page and perPage', (_label, { tool }) => {
    expect(Object.keys(tool.input.shape)).toEqual(expect.arrayContaining(['page', 'perPage']));
  });
});
