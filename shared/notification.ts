/**
 * A notification as the feed, the tray and Telegram show it (ARCHITECTURE.md, "Heartbeat, schedules, notifications"): what happened, the
 * result, the cost and where to look. Shared so the window can parse its feed.
 */
import { z } from "zod";

export const NOTIFICATION_KINDS = [
  "task-done",
  "task-failed",
  "task-rejected",
  "lock-stale",
  "approval",
  "info",
  /** A worker with no output for minutes, or running past its DEADLINE. */
  "worker",
  /** SHARED_MIND.md changed by someone else, or a learning line was restored. */
  "shared-mind",
  /** A budget was reached or a subscription window filled up or opened again. */
  "budget",
  /** A schedule dropped a task (a missed run on wake, a template that could not be read). */
  "schedule",
  /** The HEARTBEAT.md check-in found something to act on. */
  "check-in",
  /** Several held notifications (a low-priority burst, or quiet hours) in one. */
  "digest",
  /** A worker asks to use a tool outside its permission mode. */
  "permission",
  /** A Claude Code session waits for the operator (a permission, a question, input). */
  "session",
  /** Two sessions or workers wrote one file with no lock between them. */
  "conflict",
] as const;

/** What the operator can answer to an approval request (or a permission request), wherever it appears. */
export const NotificationActionSchema = z.enum(["approve", "queue", "reject", "allow", "allow-task", "deny"]);
export type NotificationAction = z.infer<typeof NotificationActionSchema>;

export const NotificationSchema = z.object({
  id: z.string(),
  at: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  priority: z.enum(["low", "normal", "high"]),
  title: z.string(),
  body: z.string(),
  taskId: z.string().optional(),
  /** Where the operator should look (an output or archived task, root-relative). */
  where: z.string().optional(),
  /** How many times this happened: repeats within the dedupe window update one notification. */
  count: z.number().int().min(1).optional(),
  /** When the latest repeat happened. */
  lastAt: z.string().optional(),
  actions: z.array(NotificationActionSchema).optional(),
  /** The permission request the actions answer. */
  permissionId: z.string().optional(),
  /** The Claude Code session it is about (its pane can be brought forward). */
  sessionId: z.string().optional(),
  /**
   * Who asked for the task this is about, when a channel did (its FROM: `telegram:<chat>` or
   * `window`): the answer to their request goes back to them.
   */
  askedBy: z.string().optional(),
});
export type Notification = z.infer<typeof NotificationSchema>;
export type NotificationKind = Notification["kind"];

/** A notification kind in a person's words, for digests and the feed's badges. */
export const NOTIFICATION_KIND_WORDS: Record<NotificationKind, string> = {
  "task-done": "done",
  "task-failed": "failed",
  "task-rejected": "rejected",
  "lock-stale": "stale lock",
  approval: "approval",
  info: "info",
  worker: "worker",
  "shared-mind": "shared mind",
  budget: "budget",
  schedule: "schedule",
  "check-in": "check-in",
  digest: "digest",
  permission: "permission",
  session: "session",
  conflict: "conflict",
};
