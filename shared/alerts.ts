/**
 * What needs the operator, most urgent first. One pure function over the status snapshot, so
 * the tray icon, the tray popover and the window's overview always agree on it.
 */
import type { Status } from "./status.js";

export type AlertLevel = "action" | "warning" | "info";

export interface Alert {
  /** Stable across snapshots, so a list keeps its focus while data flows in. */
  key: string;
  level: AlertLevel;
  title: string;
  detail: string;
  taskId?: string;
  lockFile?: string;
}

/** Failures older than this are history, not alerts: they stay in the Tasks view. */
const RECENT_FAILURE_MS = 24 * 3_600_000;

const money = (usd: number) => `$${usd.toFixed(2)}`;

/** "tier 3", unless the reason already says so. */
const tierWords = (tier: number | undefined, reason = ""): string =>
  tier === undefined || reason.includes(`tier ${tier}`) ? "" : `tier ${tier}`;

export function alertsOf(status: Status): Alert[] {
  const now = Date.parse(status.generatedAt);
  const approvals: Alert[] = status.awaitingApproval.map((task) => ({
    key: `approval:${task.id}`,
    level: "action",
    title: `Approve? ${task.task}`,
    detail: [
      tierWords(task.route?.tier ?? task.tier, task.approval?.reason),
      task.approval?.reason ?? "",
      task.approval?.estimatedCostUsd === undefined ? "" : `about ${money(task.approval.estimatedCostUsd)}`,
    ]
      .filter(Boolean)
      .join(" · "),
    taskId: task.id,
  }));
  const failures: Alert[] = status.failed
    .filter((task) => now - Date.parse(task.finishedAt) < RECENT_FAILURE_MS)
    .map((task) => ({
      key: `failed:${task.id}`,
      level: "warning",
      title: `Failed: ${task.task ?? task.id}`,
      detail: task.footer?.reason ?? task.problem ?? "no reason recorded",
      taskId: task.id,
    }));
  const staleLocks: Alert[] = status.locks
    .filter((lock) => lock.stale)
    .map((lock) => ({
      key: `lock:${lock.file}`,
      level: "warning",
      title: `Stale lock: ${lock.resource}`,
      detail: `held by ${lock.holder}; ${lock.staleReason ?? "stale"}`,
      lockFile: lock.file,
    }));
  const problems: Alert[] = status.problems.map((problem, index) => ({
    key: `problem:${index}:${problem}`,
    level: "warning",
    title: "Problem",
    detail: problem,
  }));
  const overBudget: Alert[] = Object.entries(status.costs).flatMap(([tier, cost]) =>
    cost.budget.daily !== null && cost.today >= cost.budget.daily
      ? [
          {
            key: `budget:${tier}`,
            level: "warning" as const,
            title: `Tier ${tier} is over its daily budget`,
            detail: `${money(cost.today)} of ${money(cost.budget.daily)} today`,
          },
        ]
      : [],
  );
  return [...approvals, ...failures, ...staleLocks, ...overBudget, ...problems];
}

/** One line for the tray tooltip and the popover header. */
export function statusLine(status: Status): string {
  const pending = Object.values(status.pending).reduce((sum, tasks) => sum + tasks.length, 0);
  const today = Object.values(status.costs).reduce((sum, cost) => sum + cost.today, 0);
  const parts = [
    `${status.workers.length} running`,
    `${pending} queued`,
    status.awaitingApproval.length ? `${status.awaitingApproval.length} awaiting approval` : "",
    `${money(today)} today`,
  ];
  return parts.filter(Boolean).join(" · ");
}
