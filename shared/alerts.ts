/**
 * What needs the operator, most urgent first: only what asks for a decision or an action they
 * can take. One pure function over the status snapshot, so the tray icon, the tray popover, the
 * window's overview and the browser tab's title always agree on it. What the operator did
 * themselves (a rejection, a cancel) and files that can never run are not news to them: they stay
 * in the Tasks view. Each alert can be dismissed; its key names that one occurrence.
 */
import { permissionTitle, sessionLabel, waitingWords } from "./sessions.js";
import type { Status } from "./status.js";
import { clockWords } from "./time-words.js";

export type AlertLevel = "action" | "warning" | "info";

interface AlertBase {
  /** Stable across snapshots and unique to this occurrence: what a dismissal remembers. */
  key: string;
  level: AlertLevel;
  title: string;
  detail: string;
}

export type Alert =
  | (AlertBase & { kind: "approval"; taskId: string })
  /** A worker ran the task and it failed: a retry may succeed. */
  | (AlertBase & { kind: "failed"; taskId: string })
  | (AlertBase & { kind: "stale-lock"; lockFile: string })
  | (AlertBase & {
      kind: "budget";
      tier: number;
      /** A daily budget can be raised for today once; a monthly one only run past. */
      period: "daily" | "monthly";
      /** Tasks the budget holds, which "run anyway" would run. */
      held: number;
    })
  | (AlertBase & { kind: "problem" })
  /** A tool call waiting for the operator's allow or deny; its session's pane, when it has one. */
  | (AlertBase & { kind: "permission"; permissionId: string; taskId?: string; sessionId?: string })
  /** A session waiting in its pane for the operator; `sessionId` when the pane can be brought forward. */
  | (AlertBase & { kind: "session"; sessionId?: string })
  | (AlertBase & { kind: "conflict" });

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
    kind: "permission",
    key: `permission:${request.id}`,
    level: "action",
    title: permissionTitle(request),
    detail:
      request.source === "worker"
        ? `denied if nobody answers by ${clockWords(request.expiresAt)}`
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
      kind: "session",
      key: `session:${session.id}:${session.waitingFor?.since ?? ""}`,
      level: session.waitingFor?.reason === "idle" ? "info" : "action",
      title: `${sessionLabel(session)} ${session.waitingFor ? waitingWords(session.waitingFor) : "waits"}`,
      detail: session.pane ? "answer in its pane" : `it runs in ${session.cwd}`,
      ...(session.pane ? { sessionId: session.id } : {}),
    }));
  const now = Date.parse(status.generatedAt);
  const conflicts: Alert[] = (status.conflicts ?? [])
    .filter((conflict) => now - Date.parse(conflict.at) < RECENT_CONFLICT_MS)
    .map((conflict) => ({
      kind: "conflict",
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

function budgetAlerts(status: Status): Alert[] {
  const day = status.generatedAt.slice(0, 10);
  const held = (tier: number) =>
    Object.values(status.pending)
      .flat()
      .filter((task) => task.heldBy === "budget" && (task.route?.tier ?? task.tier) === tier).length;
  return Object.entries(status.costs).flatMap(([name, cost]): Alert[] => {
    const tier = Number(name);
    const { daily, monthly } = cost.budget;
    if (daily !== null && cost.today >= daily)
      return [
        {
          kind: "budget",
          key: `budget:${tier}:daily:${day}`,
          level: "warning",
          title: `Tier ${tier} is over its daily budget`,
          detail: `${money(cost.today)} of ${money(daily)} today; ordinary work on it waits until tomorrow (UTC)`,
          tier,
          period: "daily",
          held: held(tier),
        },
      ];
    if (monthly !== null && cost.month >= monthly)
      return [
        {
          kind: "budget",
          key: `budget:${tier}:monthly:${day.slice(0, 7)}`,
          level: "warning",
          title: `Tier ${tier} is over its monthly budget`,
          detail: `${money(cost.month)} of ${money(monthly)} this month`,
          tier,
          period: "monthly",
          held: held(tier),
        },
      ];
    return [];
  });
}

/** Every alert the snapshot has, dismissed or not. */
function allAlerts(status: Status): Alert[] {
  const now = Date.parse(status.generatedAt);
  const approvals: Alert[] = status.awaitingApproval.map((task) => ({
    kind: "approval",
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
    // A worker ran it (its footer names the agent) and the file parses, so a retry can succeed.
    .filter(
      (task) => task.footer?.agent && !task.problem && now - Date.parse(task.finishedAt) < RECENT_FAILURE_MS,
    )
    .map((task) => ({
      kind: "failed",
      key: `failed:${task.id}:${task.finishedAt}`,
      level: "warning",
      title: `Failed: ${task.task ?? task.id}`,
      detail: task.footer?.reason ?? "no reason recorded",
      taskId: task.id,
    }));
  const staleLocks: Alert[] = status.locks
    .filter((lock) => lock.stale)
    .map((lock) => ({
      kind: "stale-lock",
      key: `lock:${lock.file}`,
      level: "warning",
      title: `Stale lock: ${lock.resource}`,
      detail: `held by ${lock.holder}; ${lock.staleReason ?? "stale"}`,
      lockFile: lock.file,
    }));
  const problems: Alert[] = status.problems.map((problem) => ({
    kind: "problem",
    key: `problem:${problem}`,
    level: "warning",
    title: "Problem",
    detail: problem,
  }));
  const sessions = sessionAlerts(status);
  return [
    ...approvals,
    ...sessions.filter((alert) => alert.level === "action"),
    ...failures,
    ...sessions.filter((alert) => alert.level === "warning"),
    ...staleLocks,
    ...budgetAlerts(status),
    ...problems,
    ...sessions.filter((alert) => alert.level === "info"),
  ];
}

/** What needs the operator now: every alert they have not dismissed. */
export function alertsOf(status: Status): Alert[] {
  const dismissed = new Set(status.dismissed);
  return allAlerts(status).filter((alert) => !dismissed.has(alert.key));
}

/** The keys of every alert there is, dismissed or not (a dismissal of anything else is stale). */
export const alertKeys = (status: Status): string[] => allAlerts(status).map((alert) => alert.key);

/** A running figure is often cents: shown to the tenth of a cent rather than as $0.00. */
const runningWords = (running: number) =>
  running > 0 ? ` (+≈$${running < 0.01 ? running.toFixed(4) : running.toFixed(2)} running)` : "";

/** Alerts the tray popover lists under the approvals (all approvals are listed). */
const POPOVER_OTHER_ALERTS = 5;

/**
 * What the tray popover offers, also the source of the tray's context menu (Linux trays that
 * ignore clicks never show the popover): every approval, `first` on top, then the top alerts.
 */
export function popoverAlerts(status: Status, first?: string): { approvals: Alert[]; others: Alert[] } {
  const alerts = alertsOf(status);
  const approvals = alerts.filter((alert) => alert.level === "action");
  const focused = approvals.findIndex((alert) => "taskId" in alert && alert.taskId === first);
  if (focused > 0) approvals.unshift(...approvals.splice(focused, 1));
  const others = alerts.filter((alert) => alert.level !== "action").slice(0, POPOVER_OTHER_ALERTS);
  return { approvals, others };
}

/** One line for the tray tooltip, the popover header and the window's top bar. */
export function statusLine(status: Status): string {
  const pending = Object.values(status.pending).reduce((sum, tasks) => sum + tasks.length, 0);
  const costs = Object.values(status.costs);
  const today = costs.reduce((sum, cost) => sum + cost.today, 0);
  const running = costs.reduce((sum, cost) => sum + cost.running, 0);
  const parts = [
    `${status.workers.length} running`,
    `${pending} queued`,
    status.awaitingApproval.length ? `${status.awaitingApproval.length} awaiting approval` : "",
    waitingCount(status) ? `${waitingCount(status)} waiting for you` : "",
    `${money(today)} today${runningWords(running)}`,
  ];
  return parts.filter(Boolean).join(" · ");
}
