import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildBearerChallenge } from '../../../src/auth/challenge.js';
import { describeCredentialsProblem, readCredentials } from '../../../src/auth/credentials.js';
import { ProbeCache } from '../../../src/auth/probe-cache.js';
import { buildProtectedResourceMetadata, protectedResourceMetadataUrl } from '../../../src/auth/protected-resource.js';
import {
  generateServiceKey,
  hashServiceKey,
  parseServiceKeyId,
  serviceKeyMatches,
} from '../../../src/auth/service-keys.js';

const req = (headers: Record<string, string>, url = 'http://gatea.test/mcp') => new Request(url, { headers });

describe('readCredentials', () => {
  it('tells every malformed form apart, with a sentence that names it', () => {
    expect(readCredentials(req({}))).toEqual({ kind: 'none' });
    expect(readCredentials(req({ Authorization: '' }))).toEqual({ kind: 'empty_header' });
    expect(readCredentials(req({ Authorization: 'Bearer ' }))).toEqual({ kind: 'empty_bearer' });
    expect(readCredentials(req({ Authorization: 'Bearer' }))).toEqual({ kind: 'empty_bearer' });
    expect(readCredentials(req({ Authorization: 'Basic YTpi' }))).toEqual({
      kind: 'unsupported_scheme',
      scheme: 'Basic',
    });
    expect(readCredentials(req({}, 'http://gatea.test/mcp?access_token=abc'))).toEqual({
      kind: 'query_token',
      parameter: 'access_token',
    });
    expect(readCredentials(req({ Authorization: 'bearer  abc.def ' }))).toEqual({ kind: 'bearer', token: 'abc.def' });
    expect(readCredentials(req({ Authorization: 'token 0123' }))).toEqual({ kind: 'bearer', token: '0123' });
    expect(describeCredentialsProblem({ kind: 'empty_bearer' })).toMatch(/carries no token/);
    expect(describeCredentialsProblem({ kind: 'query_token', parameter: 'token' })).toMatch(/\?token=.*Authorization/);
    expect(describeCredentialsProblem({ kind: 'bearer', token: 'x' })).toBeNull();
  });

  it('refuses a query token even when a header is present too', () => {
    expect(readCredentials(req({ Authorization: 'Bearer abc' }, 'http://gatea.test/mcp?token=abc')).kind).toBe(
      'query_token',
    );
  });
});

describe('buildBearerChallenge', () => {
  it('renders RFC 6750 parameters with no " or \\ inside a value (§3 forbids them in error_description)', () => {
    expect(
      buildBearerChallenge({
        resourceMetadata: 'https://g.test/.well-known/oauth-protected-resource/mcp',
        scope: 'read:repository',
        error: 'invalid_token',
        errorDescription: 'token "x" expired in C:\\tmp\n',
      }),
    ).toBe(
      'Bearer resource_metadata="https://g.test/.well-known/oauth-protected-resource/mcp", scope="read:repository", error="invalid_token", error_description="token \'x\' expired in C:/tmp "',
    );
  });
});

it('keeps header values to printable ASCII', () => {
  expect(buildBearerChallenge({ resourceMetadata: 'https://g/x', errorDescription: 'keys (gmk_\u2026) \u00e9' })).toBe(
    'Bearer resource_metadata="https://g/x", error_description="keys (gmk_...)  "',
  );
});

describe('service keys', () => {
  it('generates gmk_ keys whose hash matches and whose id parses', () => {
    const k = generateServiceKey(randomBytes);
    expect(k.key).toMatch(/^gmk_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    expect(parseServiceKeyId(k.key)).toBe(k.id);
    expect(k.keyHash).toBe(hashServiceKey(k.key));
    expect(serviceKeyMatches(k.key, k.keyHash)).toBe(true);
    // A changed last character: a different key, whatever the random one ended with.
    const tampered = `${k.key.slice(0, -1)}${k.key.endsWith('A') ? 'B' : 'A'}`;
    expect(serviceKeyMatches(tampered, k.keyHash)).toBe(false);
    expect(parseServiceKeyId('gmk_short')).toBeNull();
    expect(serviceKeyMatches(k.key, 'not-hex')).toBe(false);
  });

  it('never produces the same key twice', () => {
    const keys = new Set(Array.from({ length: 200 }, () => generateServiceKey(randomBytes).key));
    expect(keys.size).toBe(200);
  });
});

describe('protected resource metadata', () => {
  it('inserts the well-known suffix after the host (RFC 9728 §3.1)', () => {
    expect(protectedResourceMetadataUrl('https://g.test/mcp')).toBe(
      'https://g.test/.well-known/oauth-protected-resource/mcp',
    );
    expect(protectedResourceMetadataUrl('https://g.test/')).toBe('https://g.test/.well-known/oauth-protected-resource');
    expect(
      buildProtectedResourceMetadata({
        resource: 'https://g.test/mcp',
        authorizationServers: ['https://git.test/'],
        scopes: ['read:repository'],
        documentationUrl: 'https://g.test/docs',
      }),
    ).toMatchObject({ bearer_methods_supported: ['header'], authorization_servers: ['https://git.test/'] });
  });
});

describe('ProbeCache', () => {
  it('keeps a pass until the token expires, capped, and forgets on demand', () => {
    let now = 1_000;
    const cache = new ProbeCache<true>({ maxTtlMs: 60_000, maxEntries: 2, now: () => now });
    cache.recordPass('a', now + 10_000, true);
    cache.recordPass('pat', null, true);
    expect(cache.hasPass('a')).toBe(true);
    now += 10_000;
    expect(cache.hasPass('a')).toBe(false);
    expect(cache.hasPass('pat')).toBe(true);
    now += 50_001;
    expect(cache.hasPass('pat')).toBe(false);
    cache.recordPass('b', null, true);
    cache.forget('b');
    expect(cache.hasPass('b')).toBe(false);
  });

  it('evicts the oldest entry beyond maxEntries', () => {
    const cache = new ProbeCache<true>({ maxTtlMs: 60_000, maxEntries: 2, now: () => 0 });
    cache.recordPass('a', null, true);
    cache.recordPass('b', null, true);
    cache.recordPass('c', null, true);
    expect([cache.hasPass('a'), cache.hasPass('b'), cache.hasPass('c')]).toEqual([false, true, true]);
  });
});

describe('Gitea scope derivation (reference §3.2)', () => {
  it('follows Gitea 1.23+, Forgejo and 1.22 rules', async () => {
    const { deriveOAuthScopes, missingScopes } = await import('../../../src/auth/gitea-scopes.js');
    expect(deriveOAuthScopes('openid profile email', 'gitea-1.23+')).toEqual(['all']);
    expect(deriveOAuthScopes('openid read:user', 'gitea-1.23+')).toEqual(['read:user']);
    expect(deriveOAuthScopes('read:repository offline_access', 'gitea-1.23+')).toEqual(['all']);
    expect(deriveOAuthScopes('read:repository offline_access', 'forgejo')).toEqual(['read:repository']);
    expect(deriveOAuthScopes('read:repository', 'gitea-1.22')).toEqual(['all']);
    expect(missingScopes(['write:issue', 'read:user'], ['read:issue', 'read:repository', 'read:user'])).toEqual([
      'read:repository',
    ]);
    expect(missingScopes(['all'], ['write:repository'])).toEqual([]);
  });
});
