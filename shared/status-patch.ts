/**
 * What changed between two status snapshots, so the window is sent a change instead of the
 * whole snapshot: with 10,000 tasks waiting a snapshot is megabytes, and a task moving from
 * an inbox to `in_progress/` is two rows. Pure, shared by the core (which diffs) and the
 * renderer (which applies): `applyStatusPatch(before, diffStatus(before, after))` equals
 * `after`, lists in the status's own order.
 */
import { z } from "zod";
import {
  type ArchivedTask,
  ArchivedTaskSchema,
  byCreation,
  byNewest,
  type Status,
  StatusSchema,
  type TaskSummary,
  TaskSummarySchema,
} from "./status.js";

/** The task lists, keyed by task id; `pending/<agent>` for each inbox. */
type ListName = "awaitingApproval" | "inProgress" | "completed" | "failed" | `pending/${string}`;

const ListChangeSchema = z.object({
  list: z.string(),
  removed: z.array(z.string()),
  upserted: z.array(z.union([TaskSummarySchema, ArchivedTaskSchema])),
});

const TASK_LISTS = ["awaitingApproval", "inProgress", "completed", "failed", "pending"] as const;

type SetFields = Partial<Omit<Status, (typeof TASK_LISTS)[number]>>;

/**
 * Everything but the task lists, each optional and without the snapshot's defaults: a field a
 * patch leaves out is unchanged, never reset to its default.
 */
const SetSchema = z.object(
  Object.fromEntries(
    Object.entries(StatusSchema.shape)
      .filter(([key]) => !(TASK_LISTS as readonly string[]).includes(key))
      .map(([key, schema]) => [key, (schema instanceof z.ZodDefault ? schema.unwrap() : schema).optional()]),
  ),
) as unknown as z.ZodType<SetFields>;

export const StatusPatchSchema = z.object({
  /** Everything but the task lists, replaced whole when it changed. */
  set: SetSchema,
  /** The inboxes, when one appeared or went away. */
  inboxes: z.array(z.string()).optional(),
  lists: z.array(ListChangeSchema),
});
export type StatusPatch = z.infer<typeof StatusPatchSchema>;

type Row = TaskSummary | ArchivedTask;

function listsOf(status: Status): Map<ListName, readonly Row[]> {
  const lists = new Map<ListName, readonly Row[]>([
    ["awaitingApproval", status.awaitingApproval],
    ["inProgress", status.inProgress],
    ["completed", status.completed],
    ["failed", status.failed],
  ]);
  for (const [agent, tasks] of Object.entries(status.pending)) lists.set(`pending/${agent}`, tasks);
  return lists;
}

/** Rows are compared by identity first (a host reuses unchanged rows), then by content. */
const sameRow = (a: Row | undefined, b: Row) => a === b || JSON.stringify(a) === JSON.stringify(b);

export function diffStatus(before: Status, after: Status): StatusPatch {
  const set: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof Status)[]) {
    if ((TASK_LISTS as readonly string[]).includes(key)) continue;
    if (before[key] !== after[key] && JSON.stringify(before[key]) !== JSON.stringify(after[key]))
      set[key] = after[key];
  }
  const beforeInboxes = Object.keys(before.pending);
  const afterInboxes = Object.keys(after.pending);
  const lists: StatusPatch["lists"] = [];
  const beforeLists = listsOf(before);
  for (const [list, rows] of listsOf(after)) {
    const old = new Map((beforeLists.get(list) ?? []).map((row) => [row.id, row]));
    const upserted = rows.filter((row) => !sameRow(old.get(row.id), row));
    for (const row of rows) old.delete(row.id);
    if (upserted.length || old.size) lists.push({ list, removed: [...old.keys()], upserted });
  }
  return {
    set: set as StatusPatch["set"],
    ...(beforeInboxes.join("\n") === afterInboxes.join("\n") ? {} : { inboxes: afterInboxes }),
    lists,
  };
}

export const isEmptyPatch = (patch: StatusPatch): boolean =>
  Object.keys(patch.set).length === 0 && patch.inboxes === undefined && patch.lists.length === 0;

export function applyStatusPatch(status: Status, patch: StatusPatch): Status {
  const next: Status = { ...status, ...patch.set };
  if (patch.inboxes)
    next.pending = Object.fromEntries(patch.inboxes.map((agent) => [agent, status.pending[agent] ?? []]));
  else next.pending = { ...status.pending };
  for (const change of patch.lists) {
    const list = change.list as ListName;
    const current = list.startsWith("pending/")
      ? (next.pending[list.slice("pending/".length)] ?? [])
      : (next[list as Exclude<ListName, `pending/${string}`>] as readonly Row[]);
    const byId = new Map(current.map((row) => [row.id, row]));
    for (const id of change.removed) byId.delete(id);
    for (const row of change.upserted) byId.set(row.id, row);
    const rows = [...byId.values()];
    if (list === "completed" || list === "failed") next[list] = (rows as ArchivedTask[]).sort(byNewest);
    else if (list.startsWith("pending/"))
      next.pending[list.slice("pending/".length)] = (rows as TaskSummary[]).sort(byCreation);
    else next[list as "awaitingApproval" | "inProgress"] = (rows as TaskSummary[]).sort(byCreation);
  }
  return next;
}
