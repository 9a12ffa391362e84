/** The crew's status snapshot: what `status --json` prints and `GET /api/status` answers (ARCHITECTURE.md, "Hosts, the CLI and status"). */
import { z } from "zod";
import { LockInfoSchema } from "./lock-file.js";
import { ConflictSchema, PermissionRequestSchema, SessionSummarySchema } from "./sessions.js";
import { PrioritySchema, ResultFooterSchema } from "./task-file.js";
import { WorkerProgressSchema } from "./worker-stream.js";

export const RouteSchema = z.object({ tier: z.number(), model: z.string(), reason: z.string() });
export type RouteInfo = z.infer<typeof RouteSchema>;

export const ApprovalStateSchema = z.enum(["awaiting", "approved", "queued", "rejected"]);
export const ApprovalInfoSchema = z.object({
  state: ApprovalStateSchema,
  /** Why the gate stopped this task (tier 3, APPROVAL: required, over budget, …). */
  reason: z.string(),
  estimatedCostUsd: z.number().optional(),
  requestedAt: z.string(),
  decidedAt: z.string().optional(),
  /** For a queued task: when it may run without asking again. */
  until: z.string().optional(),
  /** The route the engine chose when it asked (a classifier's may differ from the rules). */
  route: RouteSchema.optional(),
  /**
   * What was decided on: the task file (root-relative) and the SHA-256 of its bytes. A decision
   * covers that file with that content only; an edit, or another file under the same id, asks again.
   */
  file: z.string().optional(),
  sha256: z.string().optional(),
  /** The operator said "run now": it starts ahead of the queue, past holds and concurrency limits. */
  runNow: z.boolean().optional(),
});
export type ApprovalInfo = z.infer<typeof ApprovalInfoSchema>;

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
  route: RouteSchema.optional(),
  /** Why a ready task is not running yet (a busy lock, a budget, a queue). */
  waitingFor: z.string().optional(),
  /** Set when a budget or a subscription window holds it (its tier's budget alert can let it run). */
  heldBy: z.enum(["budget", "window"]).optional(),
  approval: ApprovalInfoSchema.optional(),
});
export type TaskSummary = z.infer<typeof TaskSummarySchema>;

/**
 * Plain code-unit order: ISO times and ids sort right without it, and a status of 10,000 tasks
 * sorts in milliseconds (`localeCompare` is many times slower).
 */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The order waiting and running tasks are listed in: oldest first. */
export const byCreation = (a: TaskSummary, b: TaskSummary): number =>
  compareText(a.createdAt, b.createdAt) || compareText(a.id, b.id);

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

/** The order finished tasks are listed in: newest first. */
export const byNewest = (a: ArchivedTask, b: ArchivedTask): number =>
  compareText(b.finishedAt, a.finishedAt) || compareText(a.id, b.id);

export const WorkerSummarySchema = z.object({
  task: z.string(),
  agent: z.string(),
  tier: z.number(),
  model: z.string().optional(),
  routeReason: z.string().optional(),
  pid: z.number().optional(),
  startedAt: z.string(),
  attempt: z.number().optional(),
  progress: WorkerProgressSchema.optional(),
  /** The task's cost so far, every attempt included: `estimate` until the worker reports its own figure. */
  cost: z.object({ usd: z.number(), estimate: z.boolean() }).optional(),
});
export type WorkerSummary = z.infer<typeof WorkerSummarySchema>;

export const TierCostSchema = z.object({
  today: z.number(),
  month: z.number(),
  /** What the attempts running now have cost so far (an estimate from their streamed tokens until they end). */
  running: z.number().default(0),
  budget: z.object({ daily: z.number().nullable(), monthly: z.number().nullable() }),
  /** A subscription tier's rolling window: worker runs in it, its limit, and when a run frees up. */
  window: z
    .object({
      used: z.number(),
      limit: z.number().nullable(),
      hours: z.number(),
      resetsAt: z.string().nullable(),
    })
    .optional(),
});

/** What the always-on agent's own model calls used today (UTC): they are not worker runs. */
export const AgentUsageSchema = z.object({ calls: z.number(), tokens: z.number(), usd: z.number() });
export type AgentUsage = z.infer<typeof AgentUsageSchema>;

export const AlwaysOnSchema = z.object({
  /** Plain messages and Ask the crew, answered or delegated. */
  triage: AgentUsageSchema,
  /** HEARTBEAT.md judgement, against its daily token cap (`heartbeat.checkIn.dailyTokens`). */
  heartbeat: AgentUsageSchema.extend({ tokenCap: z.number() }),
});
export type AlwaysOn = z.infer<typeof AlwaysOnSchema>;
/** An agent as the Overview's pulse shows it: its inbox, default tier and concurrency (0: paused). */
export const AgentInfoSchema = z.object({
  name: z.string(),
  tier: z.number(),
  concurrency: z.number(),
});
export type AgentInfo = z.infer<typeof AgentInfoSchema>;

export const StatusSchema = z.object({
  root: z.string(),
  generatedAt: z.string(),
  agents: z.array(AgentInfoSchema).default([]),
  pending: z.record(z.string(), z.array(TaskSummarySchema)),
  awaitingApproval: z.array(TaskSummarySchema),
  inProgress: z.array(TaskSummarySchema),
  /** The newest finished tasks (at most 1,000 of each); `archivedCounts` says how many there are. */
  completed: z.array(ArchivedTaskSchema),
  failed: z.array(ArchivedTaskSchema),
  archivedCounts: z.object({ completed: z.number(), failed: z.number() }),
  locks: z.array(LockInfoSchema),
  workers: z.array(WorkerSummarySchema),
  costs: z.record(z.enum(["0", "1", "2", "3"]), TierCostSchema),
  alwaysOn: AlwaysOnSchema,
  heartbeat: z.object({ last: z.string().nullable(), next: z.string().nullable() }),
  schedules: z.array(z.object({ name: z.string(), cron: z.string(), next: z.string().nullable() })),
  problems: z.array(z.string()),
  /** Every Claude Code session the crew's hooks report (SPEC §10). */
  sessions: z.array(SessionSummarySchema).default([]),
  /** Tool calls waiting for the operator's allow or deny. */
  permissionRequests: z.array(PermissionRequestSchema).default([]),
  /** Recent conflicts: two writers, one path, no lock between them. */
  conflicts: z.array(ConflictSchema).default([]),
  /** Keys of the alerts the operator dismissed (shared/alerts.ts leaves them out of "needs you"). */
  dismissed: z.array(z.string()).default([]),
});
export type Status = z.infer<typeof StatusSchema>;
