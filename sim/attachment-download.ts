/**
 * GET /attachments/{uuid}, the web route behind an issue or comment
 * attachment's browser_download_url (routers/web/repo/attachment.go
 * ServeAttachment). Gitea accepts API tokens on attachment downloads
 * (services/auth isAttachmentDownload). An attachment the doer may not read
 * is a plain 404, like a missing one. Served by http.ServeContent (one
 * byte range honoured); each download is counted.
 */
import type { Context } from 'hono';
import { repoAccess } from './access.js';
import type { SimEnv } from './context.js';
import { serveContent } from './http/serve-content.js';

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
  return serveContent(c, a.content, {
    'Content-Type': 'application/octet-stream',
    'Content-Disposition': `attachment; filename="${encodeURIComponent(a.name)}"`,
  });
}
