import { describe, expect, it } from 'vitest';
import { findHiddenCharacters, sanitizeText } from '../../../src/tools/sanitize.js';
import {
  pageFromCount,
  pageFromHeaders,
  pageOfAll,
  pageResult,
  sliceBytes,
  sliceLines,
} from '../../../src/tools/shape.js';

describe('sliceLines', () => {
  const text = ['one', 'two', 'three', 'four', ''].join('\n');

  it('returns a range with totals and where to continue', () => {
    expect(sliceLines(text, 2, 3, 1000)).toEqual({
      content: 'two\nthree',
      startLine: 2,
      endLine: 3,
      totalLines: 4,
      truncated: true,
      nextStartLine: 4,
    });
  });

  it('returns the whole file untruncated', () => {
    const w = sliceLines(text, 1, undefined, 1000);
    expect(w.content).toBe('one\ntwo\nthree\nfour');
    expect(w.truncated).toBe(false);
    expect(w.nextStartLine).toBeNull();
  });

  it('cuts at the last whole line that fits the byte cap', () => {
    const w = sliceLines(text, 1, undefined, 9);
    expect(w.content).toBe('one\ntwo');
    expect(w.nextStartLine).toBe(3);
  });

  it('cuts a single over-long line mid-line without splitting a character', () => {
    const w = sliceLines('ééééé\nnext', 1, undefined, 5);
    expect(w.content).toBe('éé');
    expect(w.nextStartLine).toBe(2);
  });

  it('gives an empty window past the end', () => {
    const w = sliceLines(text, 10, undefined, 100);
    expect(w.content).toBe('');
    expect(w.endLine).toBe(9);
    expect(w.nextStartLine).toBeNull();
  });
});

describe('sliceBytes', () => {
  it('pages at line boundaries and reports the next offset', () => {
    const diff = 'aaaa\nbbbb\ncccc\n';
    const first = sliceBytes(diff, 0, 12);
    expect(first).toEqual({ text: 'aaaa\nbbbb\n', offset: 0, totalBytes: 15, nextOffset: 10 });
    const second = sliceBytes(diff, 10, 12);
    expect(second).toEqual({ text: 'cccc\n', offset: 10, totalBytes: 15, nextOffset: null });
  });
});

describe('pageFromHeaders', () => {
  it('uses X-Total-Count when present', () => {
    const h = new Headers({ 'x-total-count': '61' });
    expect(pageFromHeaders([1, 2], h, 2, 30).nextPage).toBe(3);
    expect(pageFromHeaders([1], h, 3, 30).nextPage).toBeNull();
  });

  it('falls back to "a full page may have more"', () => {
    expect(pageFromHeaders([1, 2], new Headers(), 1, 2).nextPage).toBe(2);
    expect(pageFromHeaders([1], new Headers(), 1, 2).nextPage).toBeNull();
  });
});

describe('the one list shape (issue #14)', () => {
  it('always carries page, perPage, total and nextPage; total is null when Gitea does not say', () => {
    const res = { items: [1, 2], page: 1, perPage: 2, total: null, nextPage: 2 };
    expect(pageResult('n', res, (x) => x * 10)).toEqual({ n: [10, 20], page: 1, perPage: 2, total: null, nextPage: 2 });
  });

  it('pages a count envelope by its count', () => {
    expect(pageFromCount([1, 2], 1, 2, 3)).toMatchObject({ total: 3, nextPage: 2 });
    expect(pageFromCount([3], 2, 2, 3)).toMatchObject({ total: 3, nextPage: null });
    expect(pageFromCount([1, 2], 1, 2, undefined)).toMatchObject({ total: null, nextPage: 2 });
  });

  it('cuts a list Gitea answers whole into the page asked for', () => {
    expect(pageOfAll([1, 2, 3, 4, 5], 2, 2)).toEqual({ items: [3, 4], page: 2, perPage: 2, total: 5, nextPage: 3 });
    expect(pageOfAll([1, 2, 3, 4, 5], 3, 2)).toMatchObject({ items: [5], nextPage: null });
    expect(pageOfAll([], 4, 2)).toMatchObject({ items: [], total: 0, nextPage: null });
  });
});

describe('sanitize', () => {
  it('strips bidi overrides, zero-width and tag characters but keeps emoji joiners and newlines', () => {
    const evil = 'ok\u202Eevil\u202C \u200Bhidden\u{E0041}\n👩\u200D💻\tend';
    expect(sanitizeText(evil)).toBe('okevil hidden\n👩\u200D💻\tend');
  });

  it('reports hidden characters in code instead of rewriting it', () => {
    expect(findHiddenCharacters('if (x) {}')).toBeUndefined();
    expect(findHiddenCharacters('a\u2066b')).toMatch(/bidirectional/);
    expect(findHiddenCharacters('a\u200Bb')).toMatch(/invisible/);
  });
});
