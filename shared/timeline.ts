/**
 * The timeline (issue 6): workers and lock holds as bars over time, so the operator sees
 * parallel work and contention. A bar without `end` is still open (a live worker or lock).
 */
import { z } from "zod";

export const TimelineBarSchema = z.object({
  /** The row the bar sits on: an agent for workers, a resource for locks. */
  lane: z.string(),
  label: z.string(),
  start: z.string(),
  end: z.string().optional(),
  /** How it ended: a run attempt's outcome, or "released" / "stale" for a lock. */
  outcome: z.string().optional(),
  taskId: z.string().optional(),
});
export type TimelineBar = z.infer<typeof TimelineBarSchema>;

/** A conflict marked at the moment the second writer wrote (SPEC §10). */
export const TimelineMarkSchema = z.object({
  at: z.string(),
  path: z.string(),
  /** The writers' labels ("agent-a (pane 1)", "agent-b (task seed)"). */
  writers: z.array(z.string()),
  resource: z.string(),
});
export type TimelineMark = z.infer<typeof TimelineMarkSchema>;

export const TimelineSchema = z.object({
  from: z.string(),
  to: z.string(),
  workers: z.array(TimelineBarSchema),
  locks: z.array(TimelineBarSchema),
  conflicts: z.array(TimelineMarkSchema).optional(),
});
export type Timeline = z.infer<typeof TimelineSchema>;
