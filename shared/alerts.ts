/**
 * What needs the operator, most urgent first. One pure function over the status snapshot, so
 * the tray icon, the tray popover and the window's overview always agree on it.
 */
import { permissionTitle, sessionLabel, waitingWords } from "./sessions.js";
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
  /** A permission request the alert's buttons answer. */
  permissionId?: string;
  /** A session whose pane the alert can bring forward. */
  sessionId?: string;
}

/** Failures older than this are history, not alerts: they stay in the Tasks view. */
const RECENT_FAILURE_MS = 24 * 3_600_000;
/** A conflict stays an alert this long; it is listed in the Sessions view for a day. */
const RECENT_CONFLICT_MS = 3_600_000;

/**
 * Sessions and workers waiting for the operator: every session in the waiting state, and every
 * worker's permission request whose session the hooks do not report (they may not be installed).
 */
export function waitingCount(status: Status): number {
  const sessions = status.sessions ?? [];
  const waiting = sessions.filter((session) => session.state === "waiting");
  const unseen = (status.permissionRequests ?? []).filter(
    (request) =>
      request.source === "worker" &&
      !waiting.some((session) => session.task && session.task === request.taskId),
  );
  return waiting.length + unseen.length;
}

function sessionAlerts(status: Status): Alert[] {
  const permissions: Alert[] = (status.permissionRequests ?? []).map((request) => ({
    key: `permission:${request.id}`,
    level: "action",
    title: permissionTitle(request),
    detail:
      request.source === "worker"
        ? `denied if nobody answers by ${request.expiresAt.slice(11, 16)} UTC`
        : "answer here or in its pane",
    permissionId: request.id,
    ...(request.taskId ? { taskId: request.taskId } : {}),
    ...(request.sessionId ? { sessionId: request.sessionId } : {}),
  }));
  // A wait the host holds open is answered above; the others are answered in the pane.
  const waits: Alert[] = (status.sessions ?? [])
    .filter(
      (session) => session.state === "waiting" && session.waitingFor && !session.waitingFor.permissionId,
    )
    .map((session) => ({
      key: `session:${session.id}`,
      level: session.waitingFor?.reason === "idle" ? "info" : "action",
      title: `${sessionLabel(session)} ${session.waitingFor ? waitingWords(session.waitingFor) : "waits"}`,
      detail: session.pane ? "answer in its pane" : `it runs in ${session.cwd}`,
      ...(session.pane ? { sessionId: session.id } : {}),
    }));
  const now = Date.parse(status.generatedAt);
  const conflicts: Alert[] = (status.conflicts ?? [])
    .filter((conflict) => now - Date.parse(conflict.at) < RECENT_CONFLICT_MS)
    .map((conflict) => ({
      key: `conflict:${conflict.id}`,
      level: "warning",
      title: `Conflict: ${conflict.writers.map((writer) => writer.label).join(" and ")} both wrote ${conflict.path}`,
      detail: `fix: ${conflict.fix.locksLine}, or ${conflict.fix.lockRun}`,
    }));
  return [...permissions, ...waits, ...conflicts];
}

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
  const sessions = sessionAlerts(status);
  return [
    ...approvals,
    ...sessions.filter((alert) => alert.level === "action"),
    ...failures,
    ...sessions.filter((alert) => alert.level === "warning"),
    ...staleLocks,
    ...overBudget,
    ...problems,
    ...sessions.filter((alert) => alert.level === "info"),
  ];
}

/** Alerts the tray popover lists under the approvals (all approvals are listed). */
const POPOVER_OTHER_ALERTS = 5;

/**
 * What the tray popover offers, also the source of the tray's context menu (Linux trays that
 * ignore clicks never show the popover): every approval, `first` on top, then the top alerts.
 */
export function popoverAlerts(status: Status, first?: string): { approvals: Alert[]; others: Alert[] } {
  const alerts = alertsOf(status);
  const approvals = alerts.filter((alert) => alert.level === "action");
  const focused = approvals.findIndex((alert) => alert.taskId === first);
  if (focused > 0) approvals.unshift(...approvals.splice(focused, 1));
  const others = alerts.filter((alert) => alert.level !== "action").slice(0, POPOVER_OTHER_ALERTS);
  return { approvals, others };
}

/** One line for the tray tooltip and the popover header. */
export function statusLine(status: Status): string {
  const pending = Object.values(status.pending).reduce((sum, tasks) => sum + tasks.length, 0);
  const today = Object.values(status.costs).reduce((sum, cost) => sum + cost.today, 0);
  const parts = [
    `${status.workers.length} running`,
    `${pending} queued`,
    status.awaitingApproval.length ? `${status.awaitingApproval.length} awaiting approval` : "",
    waitingCount(status) ? `${waitingCount(status)} waiting for you` : "",
    `${money(today)} today`,
  ];
  return parts.filter(Boolean).join(" · ");
}
