/**
 * The notifier's rules as pure functions over time: quiet hours, the pop-up rate limit, and
 * the wording of a digest. The Notifier applies them; tests read them as the specification.
 */
import type { NotificationsConfig } from "../../shared/config.js";
import {
  NOTIFICATION_KIND_WORDS,
  type Notification,
  type NotificationKind,
} from "../../shared/notification.js";

export type QuietHours = NonNullable<NotificationsConfig["quietHours"]>;

const minutesOf = (hhmm: string): number => {
  const [hours = 0, minutes = 0] = hhmm.split(":").map(Number);
  return hours * 60 + minutes;
};

/** Whether `now` (local time) falls in the quiet hours; a range may wrap past midnight. */
export function inQuietHours(now: Date, quiet: QuietHours | undefined): boolean {
  if (!quiet) return false;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  const minute = now.getHours() * 60 + now.getMinutes();
  if (start === end) return false;
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/** The next moment the quiet hours end, after `now` (local time). */
export function quietHoursEnd(now: Date, quiet: QuietHours): Date {
  const end = minutesOf(quiet.end);
  const candidate = new Date(now);
  candidate.setHours(Math.floor(end / 60), end % 60, 0, 0);
  if (candidate.getTime() <= now.getTime()) candidate.setDate(candidate.getDate() + 1);
  return candidate;
}

/** A token bucket: `perMinute` pop-ups, refilled continuously, so bursts are capped, not banned. */
export class PopupBudget {
  private tokens: number;
  private updatedMs: number;

  constructor(
    private perMinute: number,
    nowMs: number,
  ) {
    this.tokens = perMinute;
    this.updatedMs = nowMs;
  }

  setRate(perMinute: number): void {
    this.perMinute = perMinute;
    this.tokens = Math.min(this.tokens, perMinute);
  }

  take(nowMs: number): boolean {
    const refill = ((nowMs - this.updatedMs) / 60_000) * this.perMinute;
    this.tokens = Math.min(this.perMinute, this.tokens + Math.max(0, refill));
    this.updatedMs = nowMs;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

const DIGEST_LINES = 8;

const times = (notification: Notification): string =>
  (notification.count ?? 1) > 1 ? ` (×${notification.count})` : "";

/**
 * One notification that stands for several held ones: how many of each kind in the title,
 * the first few titles in the body, and the feed as the place to read the rest.
 */
export function digestOf(
  held: readonly Notification[],
  why: "quiet" | "burst",
): Omit<Notification, "id" | "at"> {
  const perKind = new Map<NotificationKind, number>();
  for (const notification of held)
    perKind.set(notification.kind, (perKind.get(notification.kind) ?? 0) + (notification.count ?? 1));
  const total = [...perKind.values()].reduce((sum, count) => sum + count, 0);
  const kinds = [...perKind].map(([kind, count]) => `${count} ${NOTIFICATION_KIND_WORDS[kind]}`).join(", ");
  const lines = held
    .slice(0, DIGEST_LINES)
    .map((notification) => `${notification.title}${times(notification)}`);
  if (held.length > DIGEST_LINES) lines.push(`…and ${held.length - DIGEST_LINES} more`);
  return {
    kind: "digest",
    priority: held.some((notification) => notification.priority !== "low") ? "normal" : "low",
    title: `${total} notifications ${why === "quiet" ? "during quiet hours" : "in a burst"}: ${kinds}`,
    body: lines.join("\n"),
    where: ".switchyard/notifications.jsonl",
  };
}
