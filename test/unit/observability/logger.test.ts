import { Writable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GiteaError } from '../../../src/gitea/index.js';
import { createLogger, scrub, scrubText } from '../../../src/observability/index.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { lines, stream, text: () => lines.join('') };
}

const SECRETS = ['s3cret-token', 'sid=abc', 'gto_abcdefgh123', 'r1-refresh', 'gta_codecodecode', 'leaky', 'pw-hunter2'];

describe('createLogger', () => {
  it('never writes secrets, Authorization headers or query strings', () => {
    const { stream, text } = capture();
    const log = createLogger({ level: 'info', destination: stream });
    log.info(
      {
        headers: { Authorization: 'Bearer s3cret-token', cookie: 'sid=abc', 'X-Request-Id': 'r-1' },
        nested: { deeper: { client_secret: 'gto_abcdefgh123', refresh_token: 'r1-refresh', code: 'gta_codecodecode' } },
        list: [{ password: 'pw-hunter2' }],
        url: 'https://gatea.test/mcp?access_token=leaky',
        login: 'alice',
        token_type: 'opaque',
        err: new Error('boom'),
      },
      'oauth_auth_summary',
    );
    const out = text();
    for (const secret of SECRETS) expect(out).not.toContain(secret);
    const line = JSON.parse(out) as Record<string, unknown>;
    expect(line).toMatchObject({
      msg: 'oauth_auth_summary',
      level: 'info',
      service: 'gatea',
      login: 'alice',
      token_type: 'opaque',
      url: 'https://gatea.test/mcp',
      headers: { Authorization: '[redacted]', cookie: '[redacted]', 'X-Request-Id': 'r-1' },
    });
    expect(line.err).toMatchObject({ type: 'Error', message: 'boom' });
  });

  it('scrubs child bindings, messages, camelCase keys and deep objects', () => {
    const { stream, text } = capture();
    const log = createLogger({ level: 'debug', destination: stream }).child({ accessToken: 's3cret-token' });
    let deep: Record<string, unknown> = { password: 'pw-hunter2' };
    for (let i = 0; i < 20; i++) deep = { next: deep };
    log.debug(
      { deep, giteaToken: 'r1-refresh', 'proxy-authorization': 'Basic sid=abc' },
      'calling https://git.test/api/v1/user?token=leaky',
    );
    log.warn('header was Bearer gto_abcdefgh123');
    const out = text();
    for (const secret of SECRETS) expect(out).not.toContain(secret);
    expect(out).toContain('calling https://git.test/api/v1/user"');
    expect(out).toContain('[too deep]');
  });

  it('keeps error codes and Gitea details but not the query of the path', () => {
    const { stream, text } = capture();
    const err = new GiteaError({ code: 'not_found', status: 404, method: 'GET', path: '/repos/a/b?ref=leaky' });
    createLogger({ level: 'info', destination: stream }).error({ err }, 'tool_failed');
    const line = JSON.parse(text()) as { err: Record<string, unknown> };
    expect(line.err).toMatchObject({ type: 'GiteaError', code: 'not_found', status: 404, path: '/repos/a/b' });
    expect(text()).not.toContain('leaky');
  });

  it('writes nothing below its level', () => {
    const { stream, lines } = capture();
    createLogger({ level: 'warn', destination: stream }).info({ a: 1 }, 'quiet');
    expect(lines).toEqual([]);
  });
});

describe('scrub', () => {
  it('masks bearer-looking tokens and service keys in free text, leaves ordinary text alone', () => {
    expect(scrubText('Authorization: token 0123456789abcdef0123')).toBe('Authorization: token [redacted]');
    expect(scrubText('key gmk_ABCDEFGH12345678 used')).toBe('key [redacted] used');
    expect(scrubText('commit 3f2a9c1 fixed the token parser')).toBe('commit 3f2a9c1 fixed the token parser');
    expect(scrub({ status_code: 200, error_code: 'x', scopes: ['read:user'] })).toEqual({
      status_code: 200,
      error_code: 'x',
      scopes: ['read:user'],
    });
    expect(scrub(new URL('https://g.test/a?token=x'))).toBe('https://g.test/a');
  });

  it('skips only text the patterns cannot match (the plain-text shortcut changes no result)', () => {
    // The patterns of logger.ts, applied without the shortcut.
    const full = (t: string) =>
      t
        .replace(/\b(https?:\/\/[^\s?#"'<>]*)[?#][^\s"'<>]*/gi, '$1')
        .replace(
          /\b(bearer|token|basic)\s+[A-Za-z0-9._~+/=-]{8,}|\bg(?:mk|to|ta|tr)_[A-Za-z0-9_-]{8,}/gi,
          (_m, s?: string) => (s ? `${s} [redacted]` : '[redacted]'),
        );
    const pieces = fc.constantFrom(
      'https://',
      'http://h/p?',
      '#',
      'Bearer',
      'token',
      ' ',
      '\t',
      '_',
      'gmk_',
      'gto_',
      ':',
      'abcdefgh123',
      'x',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string()), { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        expect(scrubText(text)).toBe(full(text));
      }),
      { numRuns: 500 },
    );
  });
});
