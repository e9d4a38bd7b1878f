/**
 * Doctor's pure parts: the URLs derived from what the user typed, telling
 * token kinds apart by shape, where authorization server metadata is looked
 * for (MCP 2025-11-25 order), challenge parsing, a JWT's expiry against an
 * injected clock, network failures in words, Gitea's URL from get_me, and
 * the renderings with the token redacted.
 */
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { discoveryUrls } from '../../../src/doctor/as-checks.js';
import { giteaUrlFrom } from '../../../src/doctor/gitea-checks.js';
import { describeNetworkError } from '../../../src/doctor/http.js';
import { buildReport, classifyToken, parseTarget, redactSecret, renderText } from '../../../src/doctor/index.js';
import { parseChallenge } from '../../../src/doctor/mcp-checks.js';
import { fail, pass, skip } from '../../../src/doctor/report.js';
import { checkExpiry } from '../../../src/doctor/token-checks.js';

describe('doctor target', () => {
  it('takes the base URL or the MCP URL, with or without a trailing slash', () => {
    for (const input of ['https://g.example', 'https://g.example/', 'https://g.example/mcp', 'https://g.example/mcp/'])
      expect(parseTarget(input)).toEqual({
        base: 'https://g.example',
        origin: 'https://g.example',
        mcpUrl: 'https://g.example/mcp',
        prmUrl: 'https://g.example/.well-known/oauth-protected-resource/mcp',
        prmRootUrl: 'https://g.example/.well-known/oauth-protected-resource',
        loopback: false,
      });
  });

  it('keeps a sub-path (RFC 9728 §3.1: the well-known part goes after the host)', () => {
    expect(parseTarget('http://127.0.0.1:8080/gatea/mcp')).toMatchObject({
      base: 'http://127.0.0.1:8080/gatea',
      prmUrl: 'http://127.0.0.1:8080/.well-known/oauth-protected-resource/gatea/mcp',
      loopback: true,
    });
  });

  it('refuses credentials in the URL', () => {
    expect(parseTarget('https://user:pw@g.example/mcp')).toBe(
      'the URL carries a user name or password; give it without',
    );
  });
});

describe('token kinds, by shape only', () => {
  it.each([
    ['gmk_abcdefghijkl_0123456789012345678901234567890123456789012', 'service_key'],
    ['gmk_truncated', 'service_key'],
    ['gat_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'broker_token'],
    ['eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln', 'gitea_jwt'],
    ['0123456789abcdef0123456789abcdef01234567', 'gitea_pat'],
    ['something-else', 'unknown'],
  ])('%s is a %s', (token, kind) => {
    expect(classifyToken(token)).toBe(kind);
  });
});

describe('authorization server discovery order', () => {
  it('without a path: RFC 8414, then OpenID discovery', () => {
    expect(discoveryUrls('https://gatea.example')).toEqual([
      'https://gatea.example/.well-known/oauth-authorization-server',
      'https://gatea.example/.well-known/openid-configuration',
    ]);
    // Gitea up to 1.24 spells its issuer with a trailing slash.
    expect(discoveryUrls('https://git.example/')).toEqual([
      'https://git.example/.well-known/oauth-authorization-server',
      'https://git.example/.well-known/openid-configuration',
    ]);
  });

  it('with a path: RFC 8414 and OpenID with path insertion, then OpenID appended', () => {
    expect(discoveryUrls('https://h.example/gitea')).toEqual([
      'https://h.example/.well-known/oauth-authorization-server/gitea',
      'https://h.example/.well-known/openid-configuration/gitea',
      'https://h.example/gitea/.well-known/openid-configuration',
    ]);
  });
});

describe('WWW-Authenticate parsing', () => {
  it('reads the scheme and quoted or bare parameters', () => {
    expect(
      parseChallenge('Bearer resource_metadata="https://g/.well-known/x", scope="a b", error=invalid_token'),
    ).toEqual({ scheme: 'bearer', resource_metadata: 'https://g/.well-known/x', scope: 'a b', error: 'invalid_token' });
    expect(parseChallenge(null)).toEqual({});
  });
});

describe('token expiry', () => {
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);
  const jwt = async (expSeconds: number) =>
    new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime(expSeconds)
      .sign(new TextEncoder().encode('k'.repeat(32)));

  it('passes with the time left, warns under five minutes, fails once expired', async () => {
    expect(checkExpiry(await jwt(now / 1000 + 3600), 'gitea_jwt', () => now)).toMatchObject({
      status: 'pass',
      diagnosis: 'Expires at 2026-01-01T13:00:00.000Z (in 60 minutes).',
    });
    expect(checkExpiry(await jwt(now / 1000 + 120), 'gitea_jwt', () => now).status).toBe('warn');
    expect(checkExpiry(await jwt(now / 1000 - 1), 'gitea_jwt', () => now)).toMatchObject({
      status: 'fail',
      diagnosis: 'The token expired at 2026-01-01T11:59:59.000Z.',
    });
  });

  it('says what is known for opaque tokens', () => {
    expect(checkExpiry('gmk_x', 'service_key', () => now).diagnosis).toMatch(/does not expire/);
    expect(checkExpiry('gat_x', 'broker_token', () => now).diagnosis).toMatch(/live one hour/);
  });
});

describe('network failures in words', () => {
  const fetchFailed = (code: string) =>
    Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) });

  it('names refused connections, DNS, TLS and timeouts with the host', () => {
    expect(describeNetworkError(fetchFailed('ECONNREFUSED'), 'http://127.0.0.1:4/x')).toMatchObject({
      kind: 'refused',
      message: 'Nothing is listening at 127.0.0.1:4 (connection refused)',
    });
    expect(describeNetworkError(fetchFailed('ENOTFOUND'), 'https://nope.example/x').kind).toBe('dns');
    expect(describeNetworkError(fetchFailed('CERT_HAS_EXPIRED'), 'https://old.example/x').kind).toBe('tls');
    expect(describeNetworkError(new DOMException('t', 'TimeoutError'), 'https://slow.example/x').kind).toBe('timeout');
    // localhost on both stacks: undici reports an AggregateError of refusals.
    const both = Object.assign(new TypeError('fetch failed'), {
      cause: new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]),
    });
    expect(describeNetworkError(both, 'http://localhost:5/').kind).toBe('refused');
  });
});

describe("Gitea's URL", () => {
  it('is the issuer in direct mode, else the profile URL minus the login', () => {
    expect(giteaUrlFrom({ mode: 'direct', issuer: 'https://git.example/' })).toBe('https://git.example');
    expect(giteaUrlFrom({ mode: 'broker', profileUrl: 'https://h.example/gitea/alice', login: 'alice' })).toBe(
      'https://h.example/gitea',
    );
    expect(giteaUrlFrom({ mode: 'broker', issuer: 'https://gatea.example' })).toBeUndefined();
  });
});

describe('report rendering', () => {
  it('prints one line per finding, cause and fix under failures, a summary, and never the token', () => {
    const token = 'gmk_abcdefghijkl_verysecretverysecretverysecret';
    const report = buildReport({
      gatewayUrl: 'https://g.example',
      mcpUrl: 'https://g.example/mcp',
      mode: 'broker',
      tokenChecked: true,
      findings: [
        pass('a.one', 'A', 'fine.'),
        fail('b.two', 'B', `server echoed ${token}`, 'why', 'what to do', { said: `it said ${token}` }),
        skip('c.three', 'C', 'Not checked.'),
      ],
    });
    expect(report).toMatchObject({ ok: false, summary: { pass: 1, warn: 0, fail: 1, skip: 1 } });
    const text = redactSecret(renderText(report), token);
    expect(text).toBe(
      [
        'gatea doctor https://g.example/mcp (mode: broker)',
        '',
        'PASS  a.one: fine.',
        'FAIL  b.two: server echoed [token]',
        '      gatea said: it said [token]',
        '      cause: why',
        '      fix:   what to do',
        'SKIP  c.three: Not checked.',
        '',
        '1 passed, 0 warnings, 1 failed, 1 skipped.',
        '',
      ].join('\n'),
    );
  });
});
