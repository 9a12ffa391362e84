/**
 * The Tasks view as one flat list of rows (section headings included), so a single
 * virtualized list scrolls through every stage of the lifecycle at 10,000 tasks.
 */
import type { ArchivedTask, Status, TaskSummary, WorkerSummary } from "../../../shared/status.js";

export const TASK_GROUPS = ["all", "approval", "running", "queued", "completed", "failed"] as const;
export type TaskGroup = (typeof TASK_GROUPS)[number];

export type TaskRow =
  | { kind: "section"; key: string; title: string; count: number }
  | { kind: "approval"; key: string; task: TaskSummary }
  | { kind: "running"; key: string; id: string; task?: TaskSummary; worker?: WorkerSummary }
  | { kind: "queued"; key: string; task: TaskSummary }
  | { kind: "archived"; key: string; task: ArchivedTask; outcome: "done" | "failed" };

export interface TaskFilter {
  group: TaskGroup;
  text: string;
}

const matches = (text: string, ...fields: (string | undefined)[]) =>
  !text || fields.some((field) => field?.toLowerCase().includes(text));

const PRIORITY_ORDER = { urgent: 0, high: 1, normal: 2, low: 3 } as const;

export interface GroupedTasks {
  approval: TaskSummary[];
  running: { id: string; task?: TaskSummary; worker?: WorkerSummary }[];
  queued: [agent: string, TaskSummary[]][];
  completed: ArchivedTask[];
  failed: ArchivedTask[];
}

export function groupTasks(
  status: Status,
  workers: Record<string, WorkerSummary>,
  text: string,
): GroupedTasks {
  const needle = text.trim().toLowerCase();
  const inProgress = new Map(status.inProgress.map((task) => [task.id, task]));
  const runningIds = [...new Set([...Object.keys(workers), ...inProgress.keys()])];
  return {
    approval: status.awaitingApproval.filter((task) => matches(needle, task.id, task.task, task.agent)),
    running: runningIds
      .map((id) => ({ id, task: inProgress.get(id), worker: workers[id] }))
      .filter((run) => matches(needle, run.id, run.task?.task, run.worker?.agent)),
    queued: Object.entries(status.pending).map(([agent, tasks]) => [
      agent,
      tasks
        .filter((task) => matches(needle, task.id, task.task, agent))
        .sort(
          (a, b) =>
            PRIORITY_ORDER[a.priority] - PRIORITY_ORDER[b.priority] || a.createdAt.localeCompare(b.createdAt),
        ),
    ]),
    completed: status.completed.filter((task) => matches(needle, task.id, task.task, task.footer?.agent)),
    failed: status.failed.filter((task) =>
      matches(needle, task.id, task.task, task.footer?.agent, task.footer?.reason),
    ),
  };
}

export function countsOf(grouped: GroupedTasks): Record<TaskGroup, number> {
  const queued = grouped.queued.reduce((sum, [, tasks]) => sum + tasks.length, 0);
  const counts = {
    approval: grouped.approval.length,
    running: grouped.running.length,
    queued,
    completed: grouped.completed.length,
    failed: grouped.failed.length,
  };
  return { all: Object.values(counts).reduce((a, b) => a + b, 0), ...counts };
}

export function taskRows(grouped: GroupedTasks, group: TaskGroup): TaskRow[] {
  const rows: TaskRow[] = [];
  const show = (name: TaskGroup) => group === "all" || group === name;
  const section = (key: string, title: string, count: number) => {
    if (count > 0 || group !== "all") rows.push({ kind: "section", key: `section:${key}`, title, count });
  };
  if (show("approval")) {
    section("approval", "Awaiting approval", grouped.approval.length);
    for (const task of grouped.approval) rows.push({ kind: "approval", key: `approval:${task.id}`, task });
  }
  if (show("running")) {
    section("running", "Running", grouped.running.length);
    for (const run of grouped.running) rows.push({ kind: "running", key: `running:${run.id}`, ...run });
  }
  if (show("queued"))
    for (const [agent, tasks] of grouped.queued) {
      section(`inbox:${agent}`, `Inbox · ${agent}`, tasks.length);
      for (const task of tasks) rows.push({ kind: "queued", key: `queued:${agent}:${task.id}`, task });
    }
  if (show("failed")) {
    section("failed", "Failed", grouped.failed.length);
    for (const task of grouped.failed)
      rows.push({ kind: "archived", key: `failed:${task.id}`, task, outcome: "failed" });
  }
  if (show("completed")) {
    section("completed", "Completed", grouped.completed.length);
    for (const task of grouped.completed)
      rows.push({ kind: "archived", key: `completed:${task.id}`, task, outcome: "done" });
  }
  return rows;
}

export const rowTaskId = (row: TaskRow): string | undefined =>
  row.kind === "section" ? undefined : row.kind === "running" ? row.id : row.task.id;
