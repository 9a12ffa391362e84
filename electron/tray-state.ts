/**
 * The tray's decisions as pure functions over the core's snapshot, tested under Node; the
 * Electron glue in main.ts only applies them: which icon, what the tray says, which menu
 * items, and when a notification deserves a desktop banner or the popover.
 */
import { alertsOf, statusLine, waitingCount } from "../shared/alerts.js";
import type { Notification } from "../shared/notification.js";
import { type PermissionDecision, permissionTitle } from "../shared/sessions.js";
import type { Status } from "../shared/status.js";

/** idle: nothing running; busy: workers running; attention: the operator must decide; problem: something broke. */
export type TrayIcon = "idle" | "busy" | "attention" | "problem";

export interface TrayState {
  icon: TrayIcon;
  /** Next to the icon where the OS shows a title (macOS): short counts only. */
  title: string;
  tooltip: string;
}

export function trayState(status: Status): TrayState {
  const alerts = alertsOf(status);
  const approvals = status.awaitingApproval.length;
  const waiting = waitingCount(status);
  const icon: TrayIcon =
    approvals || waiting
      ? "attention"
      : alerts.some((alert) => alert.level === "warning")
        ? "problem"
        : status.workers.length
          ? "busy"
          : "idle";
  const title = [
    status.workers.length ? `▶${status.workers.length}` : "",
    approvals ? `?${approvals}` : "",
    waiting ? `⏸${waiting}` : "",
  ]
    .filter(Boolean)
    .join(" ");
  return { icon, title, tooltip: `Switchyard — ${statusLine(status)}` };
}

export type TrayAction =
  | { kind: "open"; view?: string }
  | { kind: "approve" | "queue" | "reject"; id: string }
  | { kind: "answer"; id: string; decision: PermissionDecision }
  | { kind: "quit" };

export type TrayMenuItem =
  | { kind: "label"; label: string }
  | { kind: "separator" }
  | { kind: "action"; label: string; action: TrayAction }
  | { kind: "submenu"; label: string; items: TrayMenuItem[] };

/** Approvals listed in the menu before "and N more"; the rest are one click away in the window. */
const MENU_APPROVALS = 5;

export function trayMenu(status: Status): TrayMenuItem[] {
  const approvals = status.awaitingApproval.slice(0, MENU_APPROVALS).map(
    (task): TrayMenuItem => ({
      kind: "submenu",
      label: `Approve? ${task.task.slice(0, 60)}`,
      items: [
        { kind: "action", label: "Approve", action: { kind: "approve", id: task.id } },
        { kind: "action", label: "Queue", action: { kind: "queue", id: task.id } },
        { kind: "action", label: "Reject", action: { kind: "reject", id: task.id } },
      ],
    }),
  );
  const permissions = (status.permissionRequests ?? []).slice(0, MENU_APPROVALS).map(
    (request): TrayMenuItem => ({
      kind: "submenu",
      label: permissionTitle(request).slice(0, 80),
      items: [
        {
          kind: "action",
          label: "Allow once",
          action: { kind: "answer", id: request.id, decision: "allow-once" },
        },
        {
          kind: "action",
          label: request.source === "worker" ? "Allow for this task" : "Allow for this session",
          action: { kind: "answer", id: request.id, decision: "allow-task" },
        },
        { kind: "action", label: "Deny", action: { kind: "answer", id: request.id, decision: "deny" } },
      ],
    }),
  );
  const more = status.awaitingApproval.length - approvals.length;
  return [
    { kind: "label", label: statusLine(status) },
    { kind: "separator" },
    ...permissions,
    ...approvals,
    ...(more > 0
      ? [
          {
            kind: "action" as const,
            label: `${more} more awaiting approval…`,
            action: { kind: "open" as const, view: "tasks" },
          },
        ]
      : []),
    ...(approvals.length || permissions.length ? [{ kind: "separator" as const }] : []),
    { kind: "action", label: "Open dashboard", action: { kind: "open" } },
    { kind: "action", label: "Quit Switchyard", action: { kind: "quit" } },
  ];
}

export interface PopUp {
  /** Show an OS notification banner. */
  desktop: boolean;
  /** Open the tray popover (an approval waits on the operator). */
  popover: boolean;
}

/**
 * Approvals open the popover (they block work); failures and high-priority news get a banner;
 * routine results get a banner only while the window is not in front (it shows them already).
 */
export function popUpFor(notification: Notification, windowFocused: boolean): PopUp {
  if (notification.kind === "approval" || notification.kind === "permission" || notification.permissionId)
    return { desktop: true, popover: !windowFocused };
  if (
    notification.priority === "high" ||
    notification.kind === "task-failed" ||
    notification.kind === "lock-stale"
  )
    return { desktop: true, popover: false };
  if (notification.priority === "low") return { desktop: false, popover: false };
  return { desktop: !windowFocused, popover: false };
}

/**
 * What clicking a desktop notification does: a waiting session's pane is brought forward (and
 * the Sessions view opened, which says how to attach); a task's goes to Tasks; the rest to the feed.
 */
export function clickTarget(notification: Notification): { view: string; focusSession?: string } {
  if (notification.sessionId) return { view: "sessions", focusSession: notification.sessionId };
  if (notification.kind === "permission" || notification.kind === "conflict") return { view: "sessions" };
  return { view: notification.taskId ? "tasks" : "notifications" };
}
