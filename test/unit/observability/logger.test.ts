import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/observability/index.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { lines, stream };
}

describe('createLogger', () => {
  it('never writes secrets, Authorization headers or query strings', () => {
    const { lines, stream } = capture();
    const log = createLogger({ level: 'info', destination: stream });
    log.info(
      {
        headers: { Authorization: 'Bearer s3cret-token', cookie: 'sid=abc' },
        nested: { deeper: { client_secret: 'gto_abc', refresh_token: 'r1', code: 'gta_x' } },
        url: 'https://gatea.test/mcp?access_token=leaky',
        login: 'alice',
        err: new Error('boom'),
      },
      'oauth_auth_summary',
    );
    const out = lines.join('');
    for (const secret of ['s3cret-token', 'sid=abc', 'gto_abc', 'r1"', 'gta_x', 'leaky'])
      expect(out).not.toContain(secret);
    const line = JSON.parse(out) as Record<string, unknown>;
    expect(line).toMatchObject({
      msg: 'oauth_auth_summary',
      level: 'info',
      login: 'alice',
      url: 'https://gatea.test/mcp',
    });
    expect(line.err).toMatchObject({ message: 'boom' });
  });
});
