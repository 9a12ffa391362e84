/**
 * The tray's decisions as pure functions over the core's snapshot, tested under Node; the
 * Electron glue (tray.ts) only applies them: which icon, what the tray says, which menu items.
 * What a notification does is decided in notification-banner.ts.
 */
import { type Alert, alertsOf, popoverAlerts, statusLine, waitingCount } from "../shared/alerts.js";
import type { PermissionDecision } from "../shared/sessions.js";
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
  | { kind: "popover"; approval?: string }
  | { kind: "approve" | "queue" | "reject" | "retry"; id: string }
  | { kind: "answer"; id: string; decision: PermissionDecision }
  | { kind: "focus-session"; id: string }
  | { kind: "release-lock"; file: string }
  | { kind: "quit" };

export type TrayMenuItem =
  | { kind: "label"; label: string }
  | { kind: "separator" }
  | { kind: "action"; label: string; action: TrayAction }
  | { kind: "submenu"; label: string; items: TrayMenuItem[] };

/** Decisions listed in the menu before "and N more"; the rest are one click away in the window. */
const MENU_DECISIONS = 5;
const MENU_LABEL_CHARS = 80;

const short = (text: string) =>
  text.length > MENU_LABEL_CHARS ? `${text.slice(0, MENU_LABEL_CHARS - 1)}…` : text;

/** The answers to a permission request, as the popover's buttons word them (SessionActions). */
function permissionAnswers(id: string, inPane: boolean): TrayMenuItem[] {
  const answer = (label: string, decision: PermissionDecision): TrayMenuItem => ({
    kind: "action",
    label,
    action: { kind: "answer", id, decision },
  });
  return [
    answer("Allow once", "allow-once"),
    answer(inPane ? "Allow for this session" : "Allow for this task", "allow-task"),
    answer("Deny", "deny"),
  ];
}

/** The action that resolves an alert, the same one the popover's button runs (AlertList). */
function alertItem(alert: Alert): TrayMenuItem {
  const label = short(alert.title);
  const submenu = (items: TrayMenuItem[]): TrayMenuItem => ({ kind: "submenu", label, items });
  const detail: TrayMenuItem = { kind: "label", label: short(alert.detail) };
  if (alert.kind === "approval") {
    const id = alert.taskId;
    return submenu([
      { kind: "action", label: "Approve", action: { kind: "approve", id } },
      { kind: "action", label: "Queue", action: { kind: "queue", id } },
      { kind: "action", label: "Reject", action: { kind: "reject", id } },
    ]);
  }
  if (alert.kind === "failed")
    return submenu([detail, { kind: "action", label: "Retry", action: { kind: "retry", id: alert.taskId } }]);
  if (alert.kind === "stale-lock")
    return submenu([
      detail,
      { kind: "action", label: "Release", action: { kind: "release-lock", file: alert.lockFile } },
    ]);
  if (alert.kind === "permission")
    return submenu(permissionAnswers(alert.permissionId, alert.sessionId !== undefined));
  if (alert.kind === "session" && alert.sessionId)
    return submenu([
      detail,
      { kind: "action", label: "Go to pane", action: { kind: "focus-session", id: alert.sessionId } },
    ]);
  return { kind: "label", label: short(alert.detail ? `${alert.title}: ${alert.detail}` : alert.title) };
}

/**
 * The tray's context menu offers everything the popover does (approvals, permission requests
 * and waiting panes with their answers, retries, releases, the top alerts, Ask the crew, the
 * window): Linux trays drawn by AppIndicator never report a click, so there the menu is the
 * only way in.
 */
export function trayMenu(status: Status): TrayMenuItem[] {
  const { approvals, others } = popoverAlerts(status);
  const listed = approvals.slice(0, MENU_DECISIONS);
  const more = approvals.length - listed.length;
  const sections: TrayMenuItem[][] = [
    [{ kind: "label", label: statusLine(status) }],
    [
      ...listed.map(alertItem),
      ...(more > 0
        ? [
            {
              kind: "action" as const,
              label: `${more} more waiting for you…`,
              action: { kind: "open" as const, view: "overview" },
            },
          ]
        : []),
    ],
    others.map(alertItem),
    [
      // The popover's Ask the crew box needs typing: this opens the popover on it.
      { kind: "action", label: "Ask the crew…", action: { kind: "popover" } },
      { kind: "action", label: "Open dashboard", action: { kind: "open" } },
      { kind: "action", label: "Quit Switchyard", action: { kind: "quit" } },
    ],
  ];
  return sections
    .filter((section) => section.length > 0)
    .flatMap((section, index) => (index === 0 ? section : [{ kind: "separator" as const }, ...section]));
}
