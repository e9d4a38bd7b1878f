/** Compact issue-tracker shapes: sanitizing, body windows, durations and due dates. */
import { describe, expect, it } from 'vitest';
import { toDueDate } from '../../../src/tools/issues-params.js';
import {
  COMMENT_PREVIEW_BYTES,
  MAX_BODY_BYTES,
  toCommentSummary,
  toIssueDetail,
  toIssueSummary,
} from '../../../src/tools/summaries-issues.js';
import { formatDuration } from '../../../src/tools/timetracking.js';

describe('toIssueSummary', () => {
  it('keeps logins and names, drops nested objects and hidden characters', () => {
    const s = toIssueSummary({
      number: 4,
      title: 'Fix\u202E it\u200B',
      state: 'open',
      user: { login: 'alice', email: 'a@example.com' },
      labels: [{ id: 1, name: 'bug' }],
      milestone: { id: 2, title: 'v1' },
      assignees: [{ login: 'bob' }],
      repository: { full_name: 'alice/hello-world' },
      pull_request: null,
    });
    expect(s).toMatchObject({
      number: 4,
      title: 'Fix it',
      author: 'alice',
      labels: [{ id: 1, name: 'bug' }],
      milestone: 'v1',
      assignees: ['bob'],
      repository: 'alice/hello-world',
    });
    expect(s.isPullRequest).toBeUndefined();
    expect(JSON.stringify(s)).not.toContain('a@example.com');
  });
});

describe('body windows', () => {
  it('cuts a long issue body at a line boundary and says how to continue', () => {
    const body = `${'a'.repeat(100)}\n`.repeat(400);
    const first = toIssueDetail({ number: 1, body }, 0, 'Call issue_read method get');
    expect(Buffer.byteLength(String(first.body))).toBeLessThanOrEqual(MAX_BODY_BYTES);
    expect(String(first.body).endsWith('\n')).toBe(true);
    expect(first.note).toMatch(/bodyOffset=\d+ for the rest/);
    const second = toIssueDetail({ number: 1, body }, Number(first.nextBodyOffset), 'x');
    expect(`${first.body}${second.body}`.length).toBeGreaterThan(MAX_BODY_BYTES);
  });

  it('marks a cut comment and leaves a short one alone', () => {
    const long = toCommentSummary({ id: 1, body: 'z'.repeat(COMMENT_PREVIEW_BYTES * 2) }, COMMENT_PREVIEW_BYTES);
    expect(long).toMatchObject({ bodyTruncated: true, bodyBytes: COMMENT_PREVIEW_BYTES * 2 });
    const short = toCommentSummary({ id: 2, body: 'hi', user: { login: 'bob' } }, COMMENT_PREVIEW_BYTES);
    expect(short).toMatchObject({ id: 2, author: 'bob', body: 'hi' });
    expect(short.bodyTruncated).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [45, '45s'],
    [5400, '1h 30m'],
    [3661, '1h 1m 1s'],
  ])('%i seconds is %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe('toDueDate', () => {
  it('turns a plain date into the end of that day and keeps RFC 3339', () => {
    expect(toDueDate('2030-01-31')).toBe('2030-01-31T23:59:59Z');
    expect(toDueDate('2030-01-31T10:00:00+02:00')).toBe('2030-01-31T10:00:00+02:00');
    expect(() => toDueDate('next tuesday')).toThrow(/YYYY-MM-DD/);
  });
});
