/**
 * What a crew notification does on the desktop, as pure decisions the glue applies: whether it
 * becomes an OS banner, what the banner offers (macOS shows buttons: Approve / Queue / Reject on
 * an approval, Allow once / Allow for this task / Deny on a permission request), what a click on
 * it opens, and whether the popover appears. The popover never takes the focus on its own: it
 * is shown focused only when the operator asks (a click on the tray, the menu or a banner), and
 * inactive only when banners cannot be shown at all.
 */
import type { Notification } from "../shared/notification.js";
import type { TrayAction } from "./tray-state.js";

export interface PopUp {
  /** Show an OS notification banner. */
  desktop: boolean;
  /** Show the popover without focusing it (a decision waits, and there are no banners to say so). */
  popoverInactive: boolean;
}

/** Something only the operator can unblock: an approval, or a tool call waiting for permission. */
const awaitsDecision = (notification: Notification) =>
  notification.kind === "approval" ||
  notification.kind === "permission" ||
  notification.permissionId !== undefined;

/**
 * Decisions always get a banner (they block work); failures and high-priority news too;
 * routine results only while the window is not in front (it shows them already).
 */
export function popUpFor(
  notification: Notification,
  { windowFocused, bannersSupported }: { windowFocused: boolean; bannersSupported: boolean },
): PopUp {
  const desktop =
    awaitsDecision(notification) ||
    notification.priority === "high" ||
    notification.kind === "task-failed" ||
    notification.kind === "lock-stale" ||
    (notification.priority !== "low" && !windowFocused);
  return {
    desktop: desktop && bannersSupported,
    popoverInactive: awaitsDecision(notification) && !bannersSupported,
  };
}

export interface Banner {
  options: { title: string; body: string; actions?: { type: "button"; text: string }[] };
  /** The action of the button at each index (Electron's `action` event gives the index). */
  actions: TrayAction[];
  /** What a click on the banner itself does. */
  click: TrayAction;
}

/** Buttons on notifications are a macOS feature (a signed app with alert-style notifications). */
const BUTTON_PLATFORMS = new Set(["darwin"]);

/**
 * A click: an approval opens the popover with it first; a waiting session's pane comes forward
 * (with the Sessions view, which says how to attach); a permission request or a conflict opens
 * the Sessions view; a task's notification opens Tasks; the rest, the feed.
 */
function clickAction(notification: Notification): TrayAction {
  if (notification.kind === "approval" && notification.taskId)
    return { kind: "popover", approval: notification.taskId };
  if (notification.sessionId) return { kind: "focus-session", id: notification.sessionId };
  if (notification.kind === "permission" || notification.kind === "conflict")
    return { kind: "open", view: "sessions" };
  return { kind: "open", view: notification.taskId ? "tasks" : "notifications" };
}

function buttons(notification: Notification): { label: string; action: TrayAction }[] {
  const { taskId, permissionId } = notification;
  if (notification.kind === "approval" && taskId)
    return [
      { label: "Approve", action: { kind: "approve", id: taskId } },
      { label: "Queue", action: { kind: "queue", id: taskId } },
      { label: "Reject", action: { kind: "reject", id: taskId } },
    ];
  if (permissionId)
    return [
      { label: "Allow once", action: { kind: "answer", id: permissionId, decision: "allow-once" } },
      {
        label: notification.sessionId ? "Allow for this session" : "Allow for this task",
        action: { kind: "answer", id: permissionId, decision: "allow-task" },
      },
      { label: "Deny", action: { kind: "answer", id: permissionId, decision: "deny" } },
    ];
  return [];
}

export function bannerFor(notification: Notification, platform: string): Banner {
  const options = { title: notification.title, body: notification.body };
  const click = clickAction(notification);
  const offered = BUTTON_PLATFORMS.has(platform) ? buttons(notification) : [];
  if (offered.length === 0) return { options, actions: [], click };
  return {
    options: { ...options, actions: offered.map(({ label }) => ({ type: "button", text: label })) },
    actions: offered.map(({ action }) => action),
    click,
  };
}
