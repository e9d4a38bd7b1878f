/** Compact release summaries: no nested user or repository objects; notes paged by byte offset. */
import type { GiteaRelease } from '../gitea/index.js';
import { toAttachmentSummary } from './attachments.js';
import { sanitizeOptional } from './sanitize.js';
import { bodyWindow, MAX_BODY_BYTES } from './summaries-issues.js';

export function toReleaseSummary(r: GiteaRelease): Record<string, unknown> {
  return {
    id: r.id,
    tag: sanitizeOptional(r.tag_name),
    name: sanitizeOptional(r.name) || undefined,
    draft: r.draft || undefined,
    prerelease: r.prerelease || undefined,
    author: r.author?.login,
    publishedAt: r.draft ? undefined : r.published_at,
    assets: (r.assets ?? []).length || undefined,
    htmlUrl: r.html_url,
  };
}

/** One release with its notes (from `bodyOffset`, capped at MAX_BODY_BYTES) and assets. */
export function toReleaseDetail(r: GiteaRelease, bodyOffset: number, readMore: string): Record<string, unknown> {
  const w = bodyWindow(r.body, bodyOffset, MAX_BODY_BYTES);
  return {
    ...toReleaseSummary(r),
    target: r.target_commitish,
    createdAt: r.created_at,
    assets: (r.assets ?? []).map(toAttachmentSummary),
    ...w,
    note:
      w.nextBodyOffset === null
        ? undefined
        : `The notes are ${w.bodyBytes} bytes; this is from byte ${bodyOffset}. ${readMore} with bodyOffset=${w.nextBodyOffset} for the rest.`,
  };
}
