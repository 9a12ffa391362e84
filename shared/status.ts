/** The crew's status snapshot: what `status --json` prints and `GET /api/status` answers (SPEC §9). */
import { z } from "zod";
import { LockInfoSchema } from "./lock-file.js";
import { PrioritySchema, ResultFooterSchema } from "./task-file.js";

export const TaskSummarySchema = z.object({
  id: z.string(),
  /** Path relative to the crew root. */
  file: z.string(),
  agent: z.string(),
  task: z.string(),
  priority: PrioritySchema,
  from: z.string().optional(),
  expectedOutput: z.string().optional(),
  deadline: z.string().optional(),
  tier: z.number().optional(),
  createdAt: z.string(),
});
export type TaskSummary = z.infer<typeof TaskSummarySchema>;

export const ArchivedTaskSchema = z.object({
  id: z.string(),
  file: z.string(),
  task: z.string().optional(),
  footer: ResultFooterSchema.optional(),
  /** Why the file is here when it never parsed (a bad task moved to failed/). */
  problem: z.string().optional(),
  finishedAt: z.string(),
});
export type ArchivedTask = z.infer<typeof ArchivedTaskSchema>;

export const WorkerSummarySchema = z.object({
  task: z.string(),
  agent: z.string(),
  tier: z.number(),
  pid: z.number().optional(),
  startedAt: z.string(),
});

export const TierCostSchema = z.object({
  today: z.number(),
  month: z.number(),
  budget: z.object({ daily: z.number().nullable(), monthly: z.number().nullable() }),
});

export const StatusSchema = z.object({
  root: z.string(),
  generatedAt: z.string(),
  pending: z.record(z.string(), z.array(TaskSummarySchema)),
  awaitingApproval: z.array(TaskSummarySchema),
  inProgress: z.array(TaskSummarySchema),
  completed: z.array(ArchivedTaskSchema),
  failed: z.array(ArchivedTaskSchema),
  locks: z.array(LockInfoSchema),
  workers: z.array(WorkerSummarySchema),
  costs: z.record(z.enum(["0", "1", "2", "3"]), TierCostSchema),
  heartbeat: z.object({ last: z.string().nullable(), next: z.string().nullable() }),
  problems: z.array(z.string()),
});
export type Status = z.infer<typeof StatusSchema>;
