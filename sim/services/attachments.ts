/** Stores an uploaded file on a release, an issue or a comment (repo_model.NewAttachment). */
import { randomUUID } from 'node:crypto';
import type { SimContext } from '../context.js';
import type { SimAttachment, SimUser } from '../state.js';

export interface AttachmentHolder {
  releaseId: number | null;
  issueId: number | null;
  commentId: number | null;
}

export function addAttachment(
  sim: SimContext,
  holder: AttachmentHolder,
  uploader: SimUser,
  file: { name: string; content: Buffer },
): SimAttachment {
  const a: SimAttachment = {
    id: sim.state.nextId('attachment'),
    uuid: randomUUID(),
    ...holder,
    uploaderId: uploader.id,
    name: file.name,
    content: file.content,
    downloadCount: 0,
    created: sim.now(),
  };
  sim.state.attachments.set(a.id, a);
  return a;
}
