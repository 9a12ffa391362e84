/**
 * The bridge: the one contract between the window and the core. Every request has a name, a
 * zod schema for its params and one for its reply; events have one schema. The Electron
 * preload (IPC) and the headless host (HTTP + Server-Sent Events) both carry exactly this,
 * so the renderer holds a `Bridge` and never knows which transport is under it.
 */
import { z } from "zod";
import { NotificationSchema } from "./notification.js";
import { PermissionDecisionSchema } from "./sessions.js";
import { StatusSchema, WorkerSummarySchema } from "./status.js";
import { parseLockFileName } from "./lock-file.js";
import { StatusPatchSchema } from "./status-patch.js";
import { PrioritySchema, ResourceNameSchema, ResultFooterSchema, TaskIdSchema } from "./task-file.js";
import { TurnSchema } from "./stream-turns.js";
import { TaskEditSchema } from "./task-edit.js";
import { TimelineSchema } from "./timeline.js";

/** Errors are values at this boundary: a reason a person can act on. */
export const ActionResultSchema = z.union([
  /** `detail` says what happened when it is more than "done" ("queued: it runs after …"). */
  z.object({ ok: z.literal(true), detail: z.string().optional() }),
  z.object({ ok: z.literal(false), reason: z.string() }),
]);
export type ActionResult = z.infer<typeof ActionResultSchema>;

/** An action whose success carries words for the operator (bringing a pane forward: how to attach). */
export const DetailedResultSchema = z.union([
  z.object({ ok: z.literal(true), detail: z.string().optional() }),
  z.object({ ok: z.literal(false), reason: z.string() }),
]);

/** Ids are checked against the id grammar here, so no transport hands the core a path. */
const TaskIdParams = z.object({ id: TaskIdSchema });
/** A lock file's name in in_progress/ (`devto-1775700000.lock`) or a resource name. */
const LockTargetSchema = z
  .string()
  .refine(
    (target) =>
      ResourceNameSchema.safeParse(target).success ||
      (parseLockFileName(target) !== undefined && !/[/\\]/.test(target)),
    "not a lock file name or a resource name",
  );
const NoParams = z.object({}).strict();

export const AddTaskParamsSchema = z.object({
  agent: z.string().min(1),
  task: z.string().trim().min(1, "say what to do"),
  priority: PrioritySchema.optional(),
  expectedOutput: z.string().optional(),
  context: z.string().optional(),
  /** An ISO date-time (it bounds the worker's time) or free text. */
  deadline: z.string().optional(),
  tier: z.number().int().min(0).max(3).optional(),
  model: z.string().min(1).optional(),
  locks: z.array(z.string()).optional(),
  approvalRequired: z.boolean().optional(),
});
export type AddTaskParams = z.infer<typeof AddTaskParamsSchema>;

export const TaskDetailSchema = z.object({
  id: z.string(),
  /** Where the file is now; "moved" when it was claimed under another name (see movedTo). */
  where: z.enum(["inbox", "in_progress", "completed", "failed", "moved"]),
  /** The task file as it is now (with its footer once archived). */
  text: z.string(),
  /** Its TASK line, when the file parses. */
  title: z.string().optional(),
  footer: ResultFooterSchema.optional(),
  outputPreview: z.string().optional(),
  /** The newest attempt's number and its stream as readable turns. */
  attempt: z.number().optional(),
  turns: z.array(TurnSchema).optional(),
  /** The last lines the worker wrote to stderr. */
  stderrTail: z.string().optional(),
  /** The id it runs under now, when its inbox name was taken (a retried task's, say). */
  movedTo: z.string().optional(),
});
export type TaskDetail = z.infer<typeof TaskDetailSchema>;

/** shared/shared-mind.ts's SharedMindView, as it crosses the bridge. */
export const SharedMindViewSchema = z.object({
  lastUpdated: z.object({ at: z.string(), agent: z.string() }).optional(),
  agentStates: z.record(z.string(), z.string()),
  stateLines: z.array(z.string()),
  neededNext: z.array(z.string()),
  learnings: z.array(
    z.object({
      line: z.string(),
      date: z.string().optional(),
      agent: z.string().optional(),
      text: z.string(),
    }),
  ),
});

export const DailyCostSchema = z.object({ day: z.string(), tier: z.number(), usd: z.number() });
export type DailyCost = z.infer<typeof DailyCostSchema>;

/** What the always-on agent said to a message (README, "The always-on agent"). */
export const AskReplySchema = z.object({
  /** Answered from the crew's state, delegated as a task, or not triaged (the text says why and what still works). */
  kind: z.enum(["answer", "delegated", "unavailable"]),
  text: z.string(),
  /** The files the answer came from, root-relative. */
  sources: z.array(z.string()),
  /** The task it queued, when it delegated. */
  taskId: z.string().optional(),
  /** The tier that triaged, and what it cost. */
  tier: z.number().optional(),
  costUsd: z.number().optional(),
});
export type AskReply = z.infer<typeof AskReplySchema>;

/** The longest message triage takes: more is a task to write, not a question. */
export const ASK_MAX_CHARS = 4000;

/**
 * Whether the tray app starts when the operator logs in: a per-user setting of the host, not a
 * crew key. The headless host says it does not apply there, and why.
 */
export const LoginItemSchema = z.discriminatedUnion("applicable", [
  z.object({ applicable: z.literal(true), openAtLogin: z.boolean() }),
  z.object({ applicable: z.literal(false), reason: z.string() }),
]);
export type LoginItem = z.infer<typeof LoginItemSchema>;

const request = <P extends z.ZodType, R extends z.ZodType>(params: P, reply: R) => ({ params, reply });

/** Every request the window can make, by name. */
export const BRIDGE_REQUESTS = {
  status: request(NoParams, StatusSchema),
  addTask: request(
    AddTaskParamsSchema,
    z.intersection(ActionResultSchema, z.object({ id: z.string().optional() })),
  ),
  approve: request(TaskIdParams, ActionResultSchema),
  reject: request(TaskIdParams.extend({ reason: z.string().optional() }), ActionResultSchema),
  queue: request(TaskIdParams, ActionResultSchema),
  /** The reply's id is the task's in its inbox now (the same, unless that name was taken). */
  retry: request(TaskIdParams, z.intersection(ActionResultSchema, z.object({ id: z.string().optional() }))),
  /** Starts a waiting task now: ahead of the queue, past its holds and the concurrency limits. */
  runNow: request(TaskIdParams, ActionResultSchema),
  /** Changes a waiting task's fields (a new tier is `{ tier }`; null lets the router pick). */
  editTask: request(TaskIdParams.extend({ edit: TaskEditSchema }), ActionResultSchema),
  /** Moves a waiting task to failed/ with the operator's reason. */
  cancel: request(TaskIdParams.extend({ reason: z.string().optional() }), ActionResultSchema),
  /** Acknowledges an alert of "Needs you" (by its key); it stays dismissed across restarts. */
  dismiss: request(z.object({ key: z.string().min(1).max(2000) }), ActionResultSchema),
  /** A budget alert's actions: one more day's budget for today, or run what the budget holds. */
  raiseBudget: request(z.object({ tier: z.number().int().min(0).max(3) }), ActionResultSchema),
  runHeld: request(z.object({ tier: z.number().int().min(0).max(3) }), ActionResultSchema),
  taskDetail: request(TaskIdParams, TaskDetailSchema.nullable()),
  releaseLock: request(z.object({ file: LockTargetSchema }), ActionResultSchema),
  notifications: request(
    z.object({ limit: z.number().int().positive().max(1000).optional() }),
    z.array(NotificationSchema),
  ),
  sharedMind: request(NoParams, z.object({ text: z.string(), view: SharedMindViewSchema })),
  readConfig: request(NoParams, z.object({ text: z.string(), problems: z.array(z.string()) })),
  writeConfig: request(z.object({ text: z.string() }), ActionResultSchema),
  dailyCosts: request(z.object({ days: z.number().int().min(1).max(366) }), z.array(DailyCostSchema)),
  answerPermission: request(
    z.object({ id: z.string().min(1), decision: PermissionDecisionSchema }),
    DetailedResultSchema,
  ),
  focusSession: request(z.object({ id: z.string().min(1) }), DetailedResultSchema),
  ask: request(
    z.object({ text: z.string().trim().min(1, "ask something").max(ASK_MAX_CHARS) }),
    AskReplySchema,
  ),
  loginItem: request(NoParams, LoginItemSchema),
  setLoginItem: request(z.object({ openAtLogin: z.boolean() }), ActionResultSchema),
  timeline: request(
    z.object({
      hours: z
        .number()
        .positive()
        .max(24 * 31),
    }),
    TimelineSchema,
  ),
} as const;

export type RequestName = keyof typeof BRIDGE_REQUESTS;
export const REQUEST_NAMES = Object.keys(BRIDGE_REQUESTS) as RequestName[];
export type RequestParams<N extends RequestName> = z.input<(typeof BRIDGE_REQUESTS)[N]["params"]>;
export type RequestReply<N extends RequestName> = z.output<(typeof BRIDGE_REQUESTS)[N]["reply"]>;

export const isRequestName = (name: string): name is RequestName => Object.hasOwn(BRIDGE_REQUESTS, name);

/**
 * What the core pushes. A window first gets a `status` event with the whole snapshot and its
 * revision, then a `status-patch` per burst of changes: what changed since revision `from`
 * (the one it holds), making `revision`. So a window never has to ask again after a change.
 */
export const BridgeEventSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("status"), status: StatusSchema, revision: z.number().optional() }),
  z.object({
    kind: z.literal("status-patch"),
    from: z.number(),
    revision: z.number(),
    patch: StatusPatchSchema,
  }),
  z.object({ kind: z.literal("worker-progress"), worker: WorkerSummarySchema }),
  z.object({ kind: z.literal("notification"), notification: NotificationSchema }),
]);
export type BridgeEvent = z.infer<typeof BridgeEventSchema>;

/**
 * Whether the event stream is flowing; shown in the window so stale data never passes as live.
 * "lost": the host does not answer (it stopped, or hangs) and the window keeps trying; "refused":
 * it answers but refuses this window's token.
 */
export type Connection = "connecting" | "live" | "lost" | "refused";

/** What the renderer holds. Both transports implement it through `createBridge`. */
export interface Bridge {
  request<N extends RequestName>(name: N, params: RequestParams<N>): Promise<RequestReply<N>>;
  /** Starts (or joins) the event stream; returns the unsubscribe. */
  subscribe(onEvent: (event: BridgeEvent) => void, onConnection?: (state: Connection) => void): () => void;
}

/** The raw carrier under a Bridge: send a named request, get untrusted JSON back; a raw event stream. */
export interface BridgeTransport {
  call(name: RequestName, params: unknown): Promise<unknown>;
  listen(onEvent: (raw: unknown) => void, onConnection: (state: Connection) => void): () => void;
}

/**
 * A Bridge over any transport: params and replies and events are parsed with the contract
 * here, once, so neither transport nor any view handles untrusted data.
 */
export function createBridge(transport: BridgeTransport): Bridge {
  return {
    async request(name, params) {
      const contract = BRIDGE_REQUESTS[name];
      const raw = await transport.call(name, contract.params.parse(params));
      return contract.reply.parse(raw) as RequestReply<typeof name>;
    },
    subscribe(onEvent, onConnection = () => undefined) {
      return transport.listen((raw) => {
        const event = BridgeEventSchema.safeParse(raw);
        if (event.success) onEvent(event.data);
        // A window and a core of different versions: say so rather than show stale data silently.
        else
          console.error(
            `switchyard: ignored an event the window does not understand: ${event.error.message}`,
          );
      }, onConnection);
    },
  };
}
