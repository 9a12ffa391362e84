/**
 * What the bot says, as pure functions over the crew's status and notifications: plain text
 * (no parse mode, so a task title never breaks the markup), short enough for one message.
 */
import type { Notification, NotificationAction } from "../../shared/notification.js";
import type { Status, TaskSummary } from "../../shared/status.js";

/** Telegram refuses messages over 4096 characters. */
const MESSAGE_LIMIT = 4000;
/** Telegram refuses callback data over 64 bytes. */
const CALLBACK_DATA_BYTES = 64;
const LIST_LINES = 10;
const TIERS = ["0", "1", "2", "3"] as const;

const usd = (amount: number): string => `$${amount.toFixed(2)}`;

const withinLimit = (text: string): string =>
  text.length <= MESSAGE_LIMIT ? text : `${text.slice(0, MESSAGE_LIMIT - 1)}…`;

const short = (text: string, length = 60): string =>
  text.length <= length ? text : `${text.slice(0, length - 1)}…`;

const sameLocalDay = (iso: string, now: Date): boolean => {
  const at = new Date(iso);
  return !Number.isNaN(at.getTime()) && at.toDateString() === now.toDateString();
};

const pendingOf = (status: Status): TaskSummary[] => Object.values(status.pending).flat();

/** `/status`: counts, and today's spend per tier that has spent or has a budget. */
export function statusText(status: Status, now: Date): string {
  const failedToday = status.failed.filter((task) => sameLocalDay(task.finishedAt, now)).length;
  const spend = TIERS.flatMap((tier) => {
    const cost = status.costs[tier];
    if (!cost || (cost.today === 0 && cost.budget.daily === null)) return [];
    const budget = cost.budget.daily === null ? "" : ` of ${usd(cost.budget.daily)}`;
    return [`tier ${tier} ${usd(cost.today)}${budget}`];
  });
  return withinLimit(
    [
      `Pending: ${pendingOf(status).length}`,
      `Awaiting approval: ${status.awaitingApproval.length}`,
      `Running: ${status.inProgress.length}`,
      `Failed today: ${failedToday}`,
      `Spend today: ${spend.length ? spend.join(", ") : "$0.00"}`,
    ].join("\n"),
  );
}

function section(title: string, tasks: readonly TaskSummary[]): string[] {
  if (tasks.length === 0) return [];
  const lines = tasks.slice(0, LIST_LINES).map((task) => `• ${task.id} (${task.agent}): ${short(task.task)}`);
  if (tasks.length > LIST_LINES) lines.push(`…and ${tasks.length - LIST_LINES} more`);
  return [`${title} (${tasks.length}):`, ...lines, ""];
}

/** `/tasks`: what waits for the operator first, then what runs, then what is queued. */
export function tasksText(status: Status): string {
  const lines = [
    ...section("Awaiting approval", status.awaitingApproval),
    ...section("Running", status.inProgress),
    ...section("Pending", pendingOf(status)),
  ];
  return lines.length
    ? withinLimit(lines.join("\n").trim())
    : "No tasks pending, awaiting approval or running.";
}

/** `/locks`: who holds what, and which locks look stale. */
export function locksText(status: Status): string {
  if (status.locks.length === 0) return "No locks held.";
  const lines = status.locks.map((lock) => {
    const minutes = Math.round(lock.ageSeconds / 60);
    const stale = lock.stale ? ` — STALE${lock.staleReason ? `: ${lock.staleReason}` : ""}` : "";
    return `• ${lock.resource}: ${lock.holder}, ${minutes} min (${lock.purpose})${stale}`;
  });
  return withinLimit(`Locks (${status.locks.length}):\n${lines.join("\n")}`);
}

/** `/cost`: today and this month per tier, against the budgets where there are any. */
export function costText(status: Status): string {
  const lines = TIERS.map((tier) => {
    const cost = status.costs[tier] ?? { today: 0, month: 0, budget: { daily: null, monthly: null } };
    const daily = cost.budget.daily === null ? "" : ` / ${usd(cost.budget.daily)}`;
    const monthly = cost.budget.monthly === null ? "" : ` / ${usd(cost.budget.monthly)}`;
    return `Tier ${tier}: today ${usd(cost.today)}${daily}, month ${usd(cost.month)}${monthly}`;
  });
  return lines.join("\n");
}

/** A notification as a message: what happened (title), the details, and where to look. */
export function notificationText(notification: Notification): string {
  const times = (notification.count ?? 1) > 1 ? ` (×${notification.count})` : "";
  const where = notification.where ? `\nWhere: ${notification.where}` : "";
  return withinLimit(`${notification.title}${times}\n${notification.body}${where}`);
}

const ACTION_LABELS: Record<NotificationAction, string> = {
  approve: "Approve",
  queue: "Queue",
  reject: "Reject",
  allow: "Allow once",
  "allow-task": "Allow for this task",
  deny: "Deny",
};

const ACTION_OUTCOMES: Record<NotificationAction, string> = {
  approve: "Approved",
  queue: "Queued",
  reject: "Rejected",
  allow: "Allowed once",
  "allow-task": "Allowed for this task",
  deny: "Denied",
};

/** The answers that go to a permission request rather than a task at the approval gate. */
export const PERMISSION_ACTIONS = new Set<NotificationAction>(["allow", "allow-task", "deny"]);

/**
 * `approve:<taskId>` (or `allow:<permissionId>`); an id too long for Telegram's 64 bytes is cut and marked with `*`, and
 * `parseCallbackData` says it is a prefix, which the handler resolves against the tasks awaiting.
 */
export function callbackData(action: NotificationAction, taskId: string): string {
  const full = `${action}:${taskId}`;
  if (Buffer.byteLength(full) <= CALLBACK_DATA_BYTES) return full;
  let id = taskId;
  while (Buffer.byteLength(`${action}:${id}*`) > CALLBACK_DATA_BYTES) id = id.slice(0, -1);
  return `${action}:${id}*`;
}

export function parseCallbackData(
  data: string,
): { action: NotificationAction; taskId: string; prefix: boolean } | undefined {
  const match = /^(approve|queue|reject|allow|allow-task|deny):(.+)$/.exec(data);
  if (!match?.[1] || !match[2]) return undefined;
  const prefix = match[2].endsWith("*");
  return {
    action: match[1] as NotificationAction,
    taskId: prefix ? match[2].slice(0, -1) : match[2],
    prefix,
  };
}

/**
 * The inline keyboard of a notification the operator answers: an approval (its task) or a
 * permission request (its id); one button per action, in one row.
 */
export function approvalKeyboard(
  notification: Notification,
): { inline_keyboard: { text: string; callback_data: string }[][] } | undefined {
  const approval = notification.kind === "approval";
  const target = approval ? notification.taskId : notification.permissionId;
  if (!target || (!approval && !notification.actions?.length)) return undefined;
  const actions = notification.actions ?? ["approve", "queue", "reject"];
  return {
    inline_keyboard: [
      actions.map((action) => ({ text: ACTION_LABELS[action], callback_data: callbackData(action, target) })),
    ],
  };
}

/** The approval message once decided: its text with the outcome (or why it failed) below. */
export function decidedText(
  original: string,
  action: NotificationAction,
  result: { ok: true } | { ok: false; reason: string },
  by: string,
): string {
  const outcome = result.ok
    ? `${ACTION_OUTCOMES[action]} by ${by}.`
    : `Could not ${action}: ${result.reason}`;
  return withinLimit(`${original}\n\n${outcome}`);
}
