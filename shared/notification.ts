/**
 * A notification as the feed, the tray and Telegram show it (SPEC §7): what happened, the
 * result, the cost and where to look. Shared so the window can parse the feed it is sent.
 */
import { z } from "zod";

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
