/** Notification threads. */
import { z } from 'zod';
import type * as gen from '../types.gen.js';
import { bool, type Nested, num, str, type Wire, type WireShape } from './wire.js';

/** The parts of Gitea's `NotificationSubject` that tools read. */
export type GiteaNotificationSubject = Wire<
  Pick<gen.NotificationSubject, 'type' | 'title' | 'state' | 'url' | 'html_url' | 'latest_comment_html_url'>
>;

/** The parts of Gitea's `NotificationThread` that tools read. */
export type GiteaNotification = Wire<Pick<gen.NotificationThread, 'id' | 'unread' | 'pinned' | 'updated_at'>> &
  Nested<
    gen.NotificationThread,
    { repository: Wire<Pick<gen.Repository, 'full_name'>>; subject: GiteaNotificationSubject }
  >;

/** Parses a `NotificationThread`. */
export const notificationSchema = z.object({
  id: num(),
  unread: bool(),
  pinned: bool(),
  updated_at: str(),
  repository: z.object({ full_name: str() }).nullish(),
  subject: z
    .object({
      type: str(),
      title: str(),
      state: str(),
      url: str(),
      html_url: str(),
      latest_comment_html_url: str(),
    } satisfies WireShape<GiteaNotificationSubject>)
    .nullish(),
} satisfies WireShape<GiteaNotification>);
