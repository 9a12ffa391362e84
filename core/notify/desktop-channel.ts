/**
 * Desktop notifications for the headless host: `notify-send` (libnotify), run without a
 * shell. The Electron shell passes its own channel (Electron's `Notification`) instead.
 */
import { execFile } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import type { Notification } from "../../shared/notification.js";
import type { NotificationChannel } from "./notifier.js";

const URGENCY: Record<Notification["priority"], string> = { low: "low", normal: "normal", high: "critical" };
const SEND_TIMEOUT_MS = 5_000;

/** The command's path on PATH, found without spawning anything. */
export function findOnPath(command: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? "").split(delimiter).filter(Boolean)) {
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The arguments for one notification: app name, urgency, title, then the body with where to look. */
export function notifySendArgs(notification: Notification): string[] {
  const body = [notification.body, notification.where ? `→ ${notification.where}` : ""]
    .filter(Boolean)
    .join("\n");
  return [
    "--app-name=Switchyard",
    `--urgency=${URGENCY[notification.priority]}`,
    "--",
    notification.title,
    body,
  ];
}

/**
 * A `notify-send` channel when the command exists and a desktop session is there to show it
 * (a server without one would only spawn processes that fail); otherwise undefined. `enabled`
 * is asked at each notification (`notifications.desktop`, as the config says now).
 */
export function notifySendChannel(
  enabled: () => boolean,
  env: NodeJS.ProcessEnv = process.env,
): NotificationChannel | undefined {
  const command = findOnPath("notify-send", env);
  const hasSession = Boolean(env.DBUS_SESSION_BUS_ADDRESS || env.DISPLAY || env.WAYLAND_DISPLAY);
  if (!command || !hasSession) return undefined;
  return {
    name: "desktop",
    interrupts: true,
    deliver: (notification) =>
      new Promise((resolve) => {
        if (!enabled()) return resolve();
        execFile(command, notifySendArgs(notification), { timeout: SEND_TIMEOUT_MS }, () => resolve());
      }),
  };
}
