/** giteaPath: the one way to name a Gitea endpoint; values never leave their segment. */
import { describe, expect, it } from 'vitest';
import { GiteaPathError, giteaPath, matchesRoute } from '../../../src/gitea/index.js';

const BRANCH = '/repos/{owner}/{repo}/branches/{branch*}';

function refusal(fn: () => unknown): GiteaPathError {
  try {
    fn();
  } catch (err) {
    if (err instanceof GiteaPathError) return err;
    throw err;
  }
  throw new Error('expected a GiteaPathError');
}

describe('giteaPath', () => {
  it('fills segments, encoding each value; wildcards keep their slashes', () => {
    const p = giteaPath(BRANCH, { owner: 'alice', repo: 'hello world', branch: 'feature/ä?#' });
    expect(p.path).toBe('/repos/alice/hello%20world/branches/feature/%C3%A4%3F%23');
    expect(p.template).toBe(BRANCH);
    expect(giteaPath('/repos/{owner}/{repo}/issues/{index}', { owner: 'a', repo: 'b', index: 7 }).path).toBe(
      '/repos/a/b/issues/7',
    );
    expect(giteaPath('/user').path).toBe('/user');
  });

  it('sends a slash inside a one-segment value as %2F (refs, milestone titles)', () => {
    const p = giteaPath('/repos/{owner}/{repo}/git/trees/{ref}', { owner: 'a', repo: 'b', ref: 'feature/x' });
    expect(p.path).toBe('/repos/a/b/git/trees/feature%2Fx');
  });

  it('fills a placeholder followed by a literal suffix', () => {
    const p = giteaPath('/repos/{owner}/{repo}/git/commits/{sha}.{diffType}', {
      owner: 'a',
      repo: 'b',
      sha: 'abc',
      diffType: 'diff',
    });
    expect(p.path).toBe('/repos/a/b/git/commits/abc.diff');
  });

  it.each([
    ['..', 'owner', '"owner" may not contain a ".." part'],
    ['.', 'owner', '"owner" may not contain a "." part'],
    ['a/../b', 'repo', '"repo" may not contain a ".." part'],
    ['', 'owner', '"owner" is empty'],
    ['%2e%2E', 'owner', 'percent-encoded'],
    ['x%2Fy', 'repo', 'percent-encoded'],
    ['x%5cy', 'repo', 'percent-encoded'],
    ['a\\b', 'repo', 'backslash'],
    ['a\u0000b', 'repo', 'control character'],
    ['a\nb', 'owner', 'control character'],
    ['a\u0085b', 'owner', 'control character'],
    ['\ud800', 'owner', 'lone surrogate'],
  ])('refuses %j in a one-segment value, naming the parameter', (value, param, words) => {
    const values = { owner: 'alice', repo: 'hello', [param]: value };
    const err = refusal(() => giteaPath('/repos/{owner}/{repo}', values as { owner: string; repo: string }));
    expect(err.parameter).toBe(param);
    expect(err.message).toContain(words);
  });

  it.each([['../../dotfiles'], ['a/./b'], ['a//b'], ['/a'], ['a/'], ['a/%2e%2e/b']])(
    'refuses %j in a wildcard value',
    (branch) => {
      expect(refusal(() => giteaPath(BRANCH, { owner: 'bob', repo: 'dotfiles', branch })).parameter).toBe('branch');
    },
  );

  it('keeps a surrogate pair (an emoji) and three dots, which are ordinary names', () => {
    expect(giteaPath('/repos/{owner}/{repo}', { owner: 'a', repo: '...😀' }).path).toBe('/repos/a/...%F0%9F%98%80');
  });

  it('refuses numbers that are not whole and non-negative, and missing values', () => {
    for (const index of [-1, 1.5, Number.NaN, 2 ** 60])
      expect(
        refusal(() => giteaPath('/repos/{owner}/{repo}/issues/{index}', { owner: 'a', repo: 'b', index })).parameter,
      ).toBe('index');
    const missing = {} as { owner: string; repo: string };
    expect(refusal(() => giteaPath('/repos/{owner}/{repo}', missing)).message).toBe('"owner" is required.');
  });

  it('refuses malformed templates (a programmer error)', () => {
    expect(() => giteaPath('repos/{owner}' as string)).toThrow(TypeError);
    expect(() => giteaPath('/repos/../admin')).toThrow(TypeError);
    expect(() => giteaPath('/repos/{owner}/', { owner: 'a' })).toThrow(TypeError);
  });

  it('matchesRoute accepts what the builder makes and nothing that climbs', () => {
    expect(matchesRoute(BRANCH, '/repos/a/b/branches/x/y')).toBe(true);
    expect(matchesRoute('/repos/{owner}/{repo}', '/repos/a/b/c')).toBe(false);
    expect(matchesRoute('/repos/{owner}/{repo}/git/trees/{ref}', '/repos/a/b/git/trees/x/y')).toBe(false);
  });
});
