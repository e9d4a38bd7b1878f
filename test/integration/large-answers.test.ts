/**
 * Large answers through the real gateway and the official MCP client.
 * Files above Gitea's `[api] DEFAULT_MAX_BLOB_SIZE` (10 MiB) come from the
 * contents API without content, and get_file_contents reads them from the raw
 * endpoint instead: as bytes (so a non-UTF-8 file is still seen as binary),
 * and only up to the client's bound (16 MiB), past which the user is told why.
 * A job log of any size is read a window at a time, with byte ranges.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { commitFiles } from '../../sim/git-write.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../../src/gitea/client.js';
import { callTool, okTool, startToolHarness, type ToolHarness } from '../support/mcp-tools-harness.js';

const MiB = 1024 * 1024;
const repo = { owner: 'alice', repo: 'hello-world' };
/** Numbered lines of 16 bytes ("line 0000001 ..\n"), `bytes` in all. */
const numberedLines = (bytes: number) =>
  Array.from({ length: bytes / 16 }, (_, i) => `line ${String(i + 1).padStart(7, '0')} ..\n`).join('');

let h: ToolHarness;
let alice: Client;

beforeAll(async () => {
  h = await startToolHarness();
  alice = await h.connectAs('alice');
  const gitDir = h.sim.sim.state.repoByName(repo.owner, repo.repo)?.gitDir ?? '';
  await commitFiles(gitDir, {
    branch: 'main',
    files: [
      { path: 'big.txt', content: numberedLines(11 * MiB) },
      // Latin-1 "é" over and over: no NUL byte, but not UTF-8 either.
      { path: 'big-latin1.txt', content: Buffer.alloc(11 * MiB, 0xe9) },
      { path: 'huge.txt', content: numberedLines(DEFAULT_MAX_RESPONSE_BYTES + MiB) },
    ],
    message: 'Add large files',
    author: { name: 'Alice', email: 'alice@example.com', date: new Date(Date.UTC(2024, 5, 1)) },
  });
}, 60_000);

afterAll(async () => {
  await h?.close();
});

it('reads lines of a text file above the blob size from the raw endpoint', async () => {
  const file = await okTool(alice, 'get_file_contents', { ...repo, path: 'big.txt', startLine: 2, endLine: 3 });
  expect(file).toMatchObject({
    type: 'file',
    path: 'big.txt',
    size: 11 * MiB,
    content: 'line 0000002 ..\nline 0000003 ..',
    totalLines: (11 * MiB) / 16,
    nextStartLine: 4,
  });
});

it('a large file that is not UTF-8 is reported as binary, as a small one is', async () => {
  const file = await okTool(alice, 'get_file_contents', { ...repo, path: 'big-latin1.txt' });
  expect(file).toMatchObject({ type: 'file', binary: true, size: 11 * MiB });
  expect(file).not.toHaveProperty('content');
});

it('refuses a file above the bound with a sentence, and goes on serving', async () => {
  const huge = await callTool(alice, 'get_file_contents', { ...repo, path: 'huge.txt' });
  expect(huge.isError).toBe(true);
  expect(huge.text).toMatch(
    /^Gitea's answer to get_file_contents on alice\/hello-world is too large for Gatea to read \(the answer is 17825792 bytes; Gatea reads at most 16777216 bytes of one\)/,
  );
  expect(await okTool(alice, 'get_me', {})).toMatchObject({ login: 'alice' });
});

it('reads the tail, the head and the middle of a job log larger than the bound, fetching only those parts', async () => {
  // Gitea has no API to write a job's log (runners stream it), so the fixture goes into the table.
  const job = [...h.sim.sim.state.actionJobs.values()][0];
  if (!job) throw new Error('no seeded job');
  job.log = numberedLines(DEFAULT_MAX_RESPONSE_BYTES + 4 * MiB);
  const size = job.log.length;
  const carol = await h.connectAs('carol');
  const site = { owner: 'opensource', repo: 'website', method: 'get_job_log', jobId: job.id };
  const mark = h.sim.sim.requests.mark();
  const tail = await okTool(carol, 'actions_run_read', site);
  expect(tail).toMatchObject({ logBytes: size, fromOffset: size - 32 * 1024, nextOffset: null });
  expect(tail.log).toMatch(/\.\.\n$/);
  const head = await okTool(carol, 'actions_run_read', { ...site, logOffset: 0 });
  expect(head).toMatchObject({ fromOffset: 0, nextOffset: 32 * 1024 });
  expect(String(head.log).startsWith('line 0000001 ..\n')).toBe(true);
  const middle = await okTool(carol, 'actions_run_read', { ...site, logOffset: 8 * MiB });
  expect(String(middle.log).startsWith(`line ${String((8 * MiB) / 16 + 1).padStart(7, '0')} ..`)).toBe(true);
  const past = await okTool(carol, 'actions_run_read', { ...site, logOffset: size + 1 });
  expect(past.note).toMatch(/past its end/);
  // Checked at Gitea: every read was a ranged one (206, or 416 past the end), never the whole log.
  const logReads = h.sim.sim.requests.since(mark).filter((r) => r.path.endsWith('/logs'));
  expect(logReads.map((r) => r.status)).toEqual([206, 206, 206, 416]);
});
