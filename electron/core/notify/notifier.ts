/**
 * The one notification service every part uses. A notification says what happened, the
 * result, the cost and where to look. Every notification is kept in the window's feed
 * (`.switchyard/notifications.jsonl`) and handed to each channel (desktop, Telegram, …).
 */
import { appendFile } from "node:fs/promises";
import type { Notification } from "../../../shared/notification.js";
import { crewPaths } from "../crew-root.js";

export { type Notification, NotificationSchema } from "../../../shared/notification.js";

export type NotificationInput = Omit<Notification, "id" | "at">;

export interface NotificationChannel {
  name: string;
  deliver(notification: Notification): Promise<void>;
}

export class Notifier {
  private sequence = 0;
  constructor(
    private readonly root: string,
    private readonly channels: NotificationChannel[] = [],
    private readonly now: () => Date = () => new Date(),
  ) {}

  async notify(input: NotificationInput): Promise<Notification> {
    const at = this.now();
    const notification: Notification = {
      id: `${at.getTime().toString(36)}-${(this.sequence++).toString(36)}`,
      at: at.toISOString(),
      ...input,
    };
    await appendFile(crewPaths(this.root).notifications, `${JSON.stringify(notification)}\n`);
    await Promise.all(this.channels.map((channel) => channel.deliver(notification).catch(() => undefined)));
    return notification;
  }
}
