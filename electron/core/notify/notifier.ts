/**
 * The one notification service every part uses. A notification says what happened, the
 * result, the cost and where to look. Every notification is kept in the window's feed
 * (`.switchyard/notifications.jsonl`) and handed to each channel (desktop, Telegram, …).
 */
import { appendFile } from "node:fs/promises";
import { z } from "zod";
import { crewPaths } from "../crew-root.js";

export const NotificationSchema = z.object({
  id: z.string(),
  at: z.string(),
  kind: z.enum(["task-done", "task-failed", "task-rejected", "lock-stale", "approval", "info"]),
  priority: z.enum(["low", "normal", "high"]),
  title: z.string(),
  body: z.string(),
  taskId: z.string().optional(),
  /** Where the operator should look (an output or archived task, root-relative). */
  where: z.string().optional(),
});
export type Notification = z.infer<typeof NotificationSchema>;
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
