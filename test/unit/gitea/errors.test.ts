/** Mapping Gitea's statuses and texts to stable codes (reference §3.3, §4.1–§4.2). */
import { describe, expect, it } from 'vitest';
import { errorFromResponse, GiteaError, parseScopeMessage } from '../../../src/gitea/index.js';

describe('errorFromResponse', () => {
  it.each([
    [401, 'user does not exist [uid: 0, name: ]', 'invalid_token'],
    [403, 'token does not have at least one of required scope(s): [read:repository]', 'missing_scope'],
    [403, 'token scope is limited to public repos', 'public_only'],
    [403, 'user should have a permission to write to a repo', 'forbidden'],
    [404, 'not found', 'not_found'],
    [409, 'repository already exists', 'conflict'],
    [422, '[Name]: Required', 'validation'],
    [400, 'bad request', 'validation'],
    [500, '', 'upstream_error'],
    [502, 'Bad Gateway', 'upstream_error'],
  ] as const)('%i %s → %s', (status, message, code) => {
    const err = errorFromResponse(status, 'GET', '/repos/a/b', message);
    expect(err).toBeInstanceOf(GiteaError);
    expect([err.code, err.status, err.method, err.path]).toEqual([code, status, 'GET', '/repos/a/b']);
    expect(err.giteaMessage).toBe(message || undefined);
  });

  it('says "not found or not visible to you" for 404 and never keeps the query', () => {
    const err = errorFromResponse(404, 'GET', '/repos/a/b/contents/x?ref=secret-branch', 'not found');
    expect(err.path).toBe('/repos/a/b/contents/x');
    expect(err.message).toBe('GET /repos/a/b/contents/x: not found or not visible to you (HTTP 404): not found');
    expect(err.message).not.toContain('secret-branch');
  });

  it('keeps the parsed scopes on missing_scope', () => {
    const err = errorFromResponse(
      403,
      'POST',
      '/user/repos',
      'token does not have at least one of required scope(s), required=[write:user write:repository], token scope=read:user,read:repository',
    );
    expect(err.code).toBe('missing_scope');
    expect(err.requiredScopes).toEqual(['write:user', 'write:repository']);
    expect(err.tokenScope).toBe('read:user,read:repository');
  });
});

describe('parseScopeMessage', () => {
  it('reads Gitea ≤1.22 / Forgejo and Gitea 1.23+ texts', () => {
    expect(parseScopeMessage('token does not have at least one of required scope(s): [read:repository]')).toEqual({
      requiredScopes: ['read:repository'],
    });
    expect(
      parseScopeMessage(
        'token does not have at least one of required scope(s), required=[read:user read:repository], token scope=read:issue',
      ),
    ).toEqual({ requiredScopes: ['read:user', 'read:repository'], tokenScope: 'read:issue' });
    expect(parseScopeMessage('user should have a permission to write to a repo')).toBeNull();
    expect(parseScopeMessage('something else: required=[read:user]')).toBeNull();
  });
});
