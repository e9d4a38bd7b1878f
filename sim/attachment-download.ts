/**
 * GET /attachments/{uuid}, the web route behind an issue or comment
 * attachment's browser_download_url (routers/web/repo/attachment.go
 * ServeAttachment). Gitea accepts API tokens on attachment downloads
 * (services/auth isAttachmentDownload). An attachment the doer may not read
 * is a plain 404, like a missing one. Single byte ranges are honoured
 * (http.ServeContent); each download is counted.
 */
import type { Context } from 'hono';
import { repoAccess } from './access.js';
import type { SimEnv } from './context.js';

export function serveAttachment(c: Context<SimEnv>): Response {
  const sim = c.get('sim');
  const doer = c.get('doer');
  const a = [...sim.state.attachments.values()].find((x) => x.uuid === c.req.param('uuid'));
  const notFound = () => c.body('Not Found\n', 404, { 'Content-Type': 'text/plain; charset=utf-8' });
  if (!a) return notFound();
  const issue = a.issueId === null ? undefined : sim.state.issues.get(a.issueId);
  const release = a.releaseId === null ? undefined : sim.state.releases.get(a.releaseId);
  const repo = sim.state.repos.get(issue?.repoId ?? release?.repoId ?? -1);
  // Not linked to a repository: only its uploader may fetch it.
  if (!repo ? doer?.id !== a.uploaderId : repoAccess(sim.state, doer, repo) === 'none') return notFound();
  a.downloadCount++;
  const size = a.content.length;
  const headers = {
    'Content-Type': 'application/octet-stream',
    'Content-Disposition': `attachment; filename="${encodeURIComponent(a.name)}"`,
    'Accept-Ranges': 'bytes',
  };
  const range = /^bytes=(\d+)-(\d*)$/.exec(c.req.header('Range') ?? '');
  if (!range) return c.body(new Uint8Array(a.content), 200, { ...headers, 'Content-Length': String(size) });
  const start = Number(range[1]);
  const end = Math.min(range[2] ? Number(range[2]) : size - 1, size - 1);
  if (start >= size || start > end) return c.body(null, 416, { ...headers, 'Content-Range': `bytes */${size}` });
  return c.body(new Uint8Array(a.content.subarray(start, end + 1)), 206, {
    ...headers,
    'Content-Range': `bytes ${start}-${end}/${size}`,
    'Content-Length': String(end - start + 1),
  });
}
