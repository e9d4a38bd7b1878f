/**
 * api.Attachment (services/convert/attachment.go ToAPIAttachment): release
 * files download under `/releases/download/<tag>/<name>`, issue and comment
 * files under `/attachments/<uuid>`.
 */
import type { SimContext } from '../context.js';
import type { SimAttachment } from '../state.js';
import { toGiteaTime } from './user.js';

function downloadUrl(sim: SimContext, a: SimAttachment): string {
  const rel = a.releaseId === null ? undefined : sim.state.releases.get(a.releaseId);
  const repo = rel && sim.state.repos.get(rel.repoId);
  const owner = repo && sim.state.users.get(repo.ownerId);
  if (!rel || !repo || !owner) return `${sim.appUrl()}attachments/${a.uuid}`;
  const tag = encodeURIComponent(rel.tagName);
  return `${sim.appUrl()}${owner.login}/${repo.name}/releases/download/${tag}/${encodeURIComponent(a.name)}`;
}

export function toApiAttachment(sim: SimContext, a: SimAttachment): Record<string, unknown> {
  return {
    id: a.id,
    name: a.name,
    size: a.content.length,
    download_count: a.downloadCount,
    created_at: toGiteaTime(a.created),
    uuid: a.uuid,
    browser_download_url: downloadUrl(sim, a),
  };
}
