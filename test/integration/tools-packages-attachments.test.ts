/**
 * The packages toolset and attachment_read through the official MCP SDK
 * client, the gateway and the simulator: every method, the permission and
 * not-found sentences a user meets, and the scope Gitea asks for.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failTool, okTool, startToolHarness, type ToolHarness } from '../support/mcp-tools-harness.js';
import { apiAs } from '../support/sim.js';
import { addScopedToken } from './sim/tokens.js';

let h: ToolHarness;
let alice: Client;
let dave: Client;

const cli = { owner: 'alice', packageType: 'generic', packageName: 'hello-cli' };

beforeAll(async () => {
  h = await startToolHarness();
  alice = await h.connectAs('alice');
  dave = await h.connectAs('dave');
});

afterAll(async () => {
  await h?.close();
});

type Pkg = { name: string; version: string; repository?: string; creator?: string };

describe('packages', () => {
  it('lists, filters and reads packages, versions and files', async () => {
    const all = await okTool(dave, 'package_read', { method: 'list', owner: 'alice' });
    expect((all.packages as Pkg[]).map((p) => `${p.name}@${p.version}`)).toEqual([
      'hello-cli@1.1.0',
      'hello-cli@1.0.0',
    ]);
    expect(all).toMatchObject({ page: 1, total: 2, nextPage: null });
    const npm = await okTool(dave, 'package_read', { method: 'list', owner: 'acme', packageType: 'npm', query: 'sdk' });
    expect((npm.packages as Pkg[]).map((p) => p.name)).toEqual(['platform-sdk']);
    const versions = await okTool(dave, 'package_read', { method: 'list_versions', ...cli, perPage: 1 });
    expect(versions).toMatchObject({ perPage: 1, nextPage: 2 });
    const latest = await okTool(dave, 'package_read', { method: 'get_latest', ...cli });
    expect(latest).toMatchObject({ version: '1.1.0', repository: 'alice/hello-world', creator: 'alice' });
    const one = await okTool(dave, 'package_read', { method: 'get', ...cli, version: '1.0.0' });
    expect(one).toMatchObject({ name: 'hello-cli', version: '1.0.0' });
    const files = await okTool(dave, 'package_read', { method: 'list_files', ...cli, version: '1.1.0' });
    expect(files.files).toEqual([
      expect.objectContaining({
        name: 'hello-cli-1.1.0.tar.gz',
        size: 24,
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      }),
      expect.objectContaining({ name: 'hello-cli-1.1.0.sha256' }),
    ]);
  });

  it('says which parameters a method needs', async () => {
    const text = await failTool(dave, 'package_read', { method: 'get', owner: 'alice', packageType: 'generic' });
    expect(text).toMatch(/parameter "packageName" is required when method is "get"/);
  });

  it('names the package that does not exist', async () => {
    const text = await failTool(dave, 'package_read', { method: 'get', ...cli, version: '9.9.9' });
    expect(text).toMatch(/generic package hello-cli version 9\.9\.9 of alice was not found or is not visible to you/);
  });

  it('links and unlinks a package, and deletes a version', async () => {
    expect(await okTool(alice, 'package_write', { method: 'unlink', ...cli })).toEqual({
      linked: false,
      package: 'hello-cli',
    });
    expect((await okTool(alice, 'package_read', { method: 'get_latest', ...cli })).repository).toBeUndefined();
    await okTool(alice, 'package_write', { method: 'link', ...cli, repo: 'hello-world' });
    expect((await okTool(alice, 'package_read', { method: 'get_latest', ...cli })).repository).toBe(
      'alice/hello-world',
    );
    expect(await okTool(alice, 'delete_package_version', { ...cli, version: '1.0.0' })).toEqual({
      deleted: true,
      package: 'hello-cli',
      version: '1.0.0',
    });
    const left = await okTool(alice, 'package_read', { method: 'list_versions', ...cli });
    expect((left.versions as Pkg[]).map((p) => p.version)).toEqual(['1.1.0']);
  });

  it("refuses another user's package changes with a sentence", async () => {
    const text = await failTool(dave, 'delete_package_version', { ...cli, version: '1.1.0' });
    expect(text).toMatch(/^Gitea refused delete_package_version: you do not have permission/);
    expect(await okTool(dave, 'package_read', { method: 'get', ...cli, version: '1.1.0' })).toMatchObject({
      version: '1.1.0',
    });
  });

  it('tells a token without the package scope which scope to grant', async () => {
    const client = await h.connectWithToken(await addScopedToken(h.sim, 'alice', 'read:repository,read:user'));
    const text = await failTool(client, 'package_read', { method: 'list', owner: 'alice' });
    expect(text).toMatch(/lacks the read:package scope/);
  });
});

describe('attachment_read', () => {
  const repo = { owner: 'alice', repo: 'hello-world' };
  const R = '/repos/alice/hello-world';

  /** Uploads a file as alice (the repository's owner) through Gitea's attachment API. */
  async function upload(holder: string, name: string, content: Buffer): Promise<number> {
    const form = new FormData();
    form.append('attachment', new Blob([new Uint8Array(content)]), name);
    const path = `${R}/${holder}/assets?name=${encodeURIComponent(name)}`;
    return (await apiAs<{ id: number }>(h.sim, 'alice', 'POST', path, { form })).id;
  }

  /** A seeded comment on alice/hello-world, found through the API by how its text starts. */
  async function seededComment(start: string): Promise<number> {
    const all = await apiAs<{ id: number; body: string }[]>(h.sim, 'alice', 'GET', `${R}/issues/comments?limit=50`);
    const comment = all.find((c) => c.body.startsWith(start));
    if (!comment) throw new Error(`no seeded comment starting "${start}"`);
    return comment.id;
  }

  it('lists and gets the files of an issue and of a comment', async () => {
    const list = await okTool(dave, 'attachment_read', { method: 'list_issue_attachments', ...repo, index: 3 });
    const [file] = list.attachments as { id: number; name: string; size: number; downloadUrl: string }[];
    expect(file).toMatchObject({ name: 'output.txt', downloadUrl: expect.stringMatching(/\/attachments\//) });
    const got = await okTool(dave, 'attachment_read', {
      method: 'get_issue_attachment',
      ...repo,
      index: 3,
      attachmentId: file?.id,
    });
    expect(got).toMatchObject({ id: file?.id, size: file?.size });
    const commentId = await seededComment('Confirmed');
    const attachmentId = await upload(`issues/comments/${commentId}`, 'patch.diff', Buffer.from('diff'));
    const onComment = await okTool(dave, 'attachment_read', {
      method: 'list_comment_attachments',
      ...repo,
      commentId,
    });
    expect((onComment.attachments as { name: string }[]).map((a) => a.name)).toEqual(['patch.diff']);
    const one = await okTool(dave, 'attachment_read', {
      method: 'get_comment_attachment',
      ...repo,
      commentId,
      attachmentId,
    });
    expect(one).toMatchObject({ id: attachmentId, name: 'patch.diff', size: 4 });
  });

  it('an attachment of another issue is not found', async () => {
    const text = await failTool(dave, 'attachment_read', {
      method: 'get_issue_attachment',
      ...repo,
      index: 4,
      attachmentId: 2,
    });
    expect(text).toMatch(/or the attachment "2" does not exist in it/);
  });

  it('downloads the text of issue and comment attachments, capped at 64 KiB', async () => {
    const text = await okTool(dave, 'attachment_read', {
      method: 'download_issue_attachment',
      ...repo,
      index: 3,
      attachmentId: 2,
    });
    expect(text).toMatchObject({ name: 'output.txt', content: '$ hello Ana es\nHello, Ana!\n' });
    expect(text.truncated).toBeUndefined();

    const bigId = await upload('issues/4', 'big.log', Buffer.from('é'.repeat(40_000)));
    const big = await okTool(dave, 'attachment_read', {
      method: 'download_issue_attachment',
      ...repo,
      index: 4,
      attachmentId: bigId,
    });
    expect(big.truncated).toBe(true);
    const shown = Number(/first (\d+) of 80000 bytes/.exec(String(big.note))?.[1]);
    expect(shown).toBe(Buffer.byteLength(String(big.content)));
    // At most 64 KiB, cut on a character boundary (é is two bytes).
    expect(shown).toBeLessThanOrEqual(64 * 1024);
    expect(shown).toBeGreaterThan(64 * 1024 - 2);
    expect(String(big.content)).toMatch(/^(é)+$/);
    const binId = await upload('issues/4', 'logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]));
    const bin = await okTool(dave, 'attachment_read', {
      method: 'download_issue_attachment',
      ...repo,
      index: 4,
      attachmentId: binId,
    });
    expect(bin).toMatchObject({ binary: true });
    expect(bin).not.toHaveProperty('content');

    const commentId = await seededComment('Portuguese');
    const onComment = await upload(`issues/comments/${commentId}`, 'fix.txt', Buffer.from('use pt-BR'));
    const fix = await okTool(dave, 'attachment_read', {
      method: 'download_comment_attachment',
      ...repo,
      commentId,
      attachmentId: onComment,
    });
    expect(fix).toMatchObject({ content: 'use pt-BR' });
  });
});
