/**
 * The one notification service every part uses. A notification says what happened, the
 * result, the cost and where to look. Every one is kept in the window's feed
 * (`.switchyard/notifications.jsonl`); channels that interrupt the operator (desktop,
 * Telegram) get them through the policy: repeats fold into one notification with a count,
 * pop-ups are rate-limited, low-priority bursts and quiet hours become one digest.
 */
import { type NotificationsConfig, parseConfig } from "../../shared/config.js";
import type { Notification, NotificationAction } from "../../shared/notification.js";
import { type Clock, systemClock, type TimerHandle } from "../time/clock.js";
import { appendToFeed } from "./feed.js";
import { digestOf, inQuietHours, PopupBudget, quietHoursEnd } from "./notification-policy.js";

export { type Notification, NotificationSchema } from "../../shared/notification.js";

export type NotificationInput = Omit<Notification, "id" | "at" | "count" | "lastAt">;

export interface NotificationChannel {
  name: string;
  /**
   * True for channels that reach the operator wherever they are (desktop, Telegram): quiet
   * hours, the rate limit and digests apply. The window's live feed does not interrupt.
   */
  interrupts?: boolean;
  deliver(notification: Notification): Promise<void>;
  /** A delivered notification changed (its count grew); channels that can edit in place do. */
  update?(notification: Notification): Promise<void>;
}

export interface NotifierOptions {
  channels?: NotificationChannel[];
  clock?: Clock;
  /** The policy, or a getter that follows the crew's config as it changes. */
  policy?: NotificationsConfig | (() => NotificationsConfig);
}

const APPROVAL_ACTIONS: NotificationAction[] = ["approve", "queue", "reject"];
/** Distinct notifications remembered for folding repeats (the newest). */
const RECENT_KEPT = 1_000;
/** Repeats within a dedupe window are written to the feed at most this often. */
const UPDATE_DELAY_MS = 1_000;

interface Raised {
  notification: Notification;
  firstAtMs: number;
  /** A repeat raised the count since the feed last saw it. */
  dirty: boolean;
  /** Handed to the interrupting channels already (so a repeat is an update there, not a pop-up). */
  popped: boolean;
}

const defaultPolicy = (): NotificationsConfig => {
  const parsed = parseConfig("{}");
  if (!parsed.ok) throw new Error("the default config does not parse");
  return parsed.config.notifications;
};

export class Notifier {
  private sequence = 0;
  private readonly channels: NotificationChannel[];
  private readonly clock: Clock;
  private readonly policyOf: () => NotificationsConfig;
  private readonly budget: PopupBudget;
  /** Recent notifications by kind, task and title, for folding repeats. */
  private readonly recent = new Map<string, Raised>();
  private readonly held: { raised: Raised; why: "quiet" | "burst" }[] = [];
  private updateTimer: TimerHandle | undefined;
  private digestTimer: { handle: TimerHandle; atMs: number } | undefined;
  private writes: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly root: string,
    options: NotifierOptions = {},
  ) {
    this.channels = [...(options.channels ?? [])];
    this.clock = options.clock ?? systemClock;
    const policy = options.policy ?? defaultPolicy();
    this.policyOf = typeof policy === "function" ? policy : () => policy;
    this.budget = new PopupBudget(this.policyOf().maxPerMinute, this.clock.now().getTime());
  }

  /** Read at each decision, so a config change applies to the next notification. */
  private get policy(): NotificationsConfig {
    const policy = this.policyOf();
    this.budget.setRate(policy.maxPerMinute);
    return policy;
  }

  /** A host adds its channels (the Electron shell's desktop notifications, Telegram) when it has them. */
  addChannel(channel: NotificationChannel): void {
    this.channels.push(channel);
  }

  async notify(input: NotificationInput): Promise<Notification> {
    const now = this.clock.now();
    // Repeats of one task's notification fold; two tasks with the same title never do (each
    // awaiting task keeps its own Approve button).
    const key = `${input.kind}\u0000${input.taskId ?? ""}\u0000${input.title}`;
    const repeat = this.recent.get(key);
    if (repeat && now.getTime() - repeat.firstAtMs < this.policy.dedupeSeconds * 1000) {
      repeat.notification = {
        ...repeat.notification,
        count: (repeat.notification.count ?? 1) + 1,
        lastAt: now.toISOString(),
      };
      repeat.dirty = true;
      this.updateTimer ??= this.clock.setTimer(() => void this.flushUpdates(), UPDATE_DELAY_MS);
      return repeat.notification;
    }
    if (repeat?.dirty) await this.flushUpdates(); // its window closed: write its last count first
    this.forgetOld(now.getTime());
    const notification: Notification = {
      id: `${now.getTime().toString(36)}-${process.pid.toString(36)}-${(this.sequence++).toString(36)}`,
      at: now.toISOString(),
      ...input,
      ...(input.kind === "approval" && !input.actions ? { actions: APPROVAL_ACTIONS } : {}),
    };
    const raised: Raised = { notification, firstAtMs: now.getTime(), dirty: false, popped: false };
    this.recent.set(key, raised);
    await this.write(() => appendToFeed(this.root, notification));
    await this.send(this.feedChannels(), (channel) => channel.deliver(notification));
    await this.route(raised, now);
    return notification;
  }

  /**
   * Writes pending counts and releases a digest that is due. Timers do this on their own;
   * the heartbeat calls it too, so a digest due while the machine slept goes out on wake.
   */
  async tick(): Promise<void> {
    await this.flushUpdates();
    if (this.digestTimer && this.digestTimer.atMs <= this.clock.now().getTime()) await this.releaseDigest();
  }

  /** Writes what is pending and stops the timers (held pop-ups stay in the feed). */
  async close(): Promise<void> {
    this.digestTimer?.handle.cancel();
    this.digestTimer = undefined;
    await this.flushUpdates();
    await this.writes;
  }

  /** Decides whether a new notification pops up now, waits for a digest, or only sits in the feed. */
  private async route(raised: Raised, now: Date): Promise<void> {
    if (this.popupChannels().length === 0) return;
    const { priority } = raised.notification;
    const quiet = this.policy.quietHours;
    if (priority !== "high" && quiet && inQuietHours(now, quiet)) {
      this.hold(raised, "quiet", quietHoursEnd(now, quiet));
      return;
    }
    if (priority === "low" || (priority !== "high" && !this.budget.take(now.getTime()))) {
      this.hold(raised, "burst", new Date(now.getTime() + this.policy.digestSeconds * 1000));
      return;
    }
    if (priority === "high") this.budget.take(now.getTime());
    await this.popUp(raised);
  }

  /** Holds a pop-up for the digest; the first one held sets when the digest goes out. */
  private hold(raised: Raised, why: "quiet" | "burst", until: Date): void {
    this.held.push({ raised, why });
    if (!this.digestTimer) this.armDigest(until.getTime());
  }

  private armDigest(atMs: number): void {
    this.digestTimer?.handle.cancel();
    const delay = atMs - this.clock.now().getTime();
    this.digestTimer = {
      atMs,
      handle: this.clock.setTimer(() => void this.releaseDigest(), delay, { unref: true }),
    };
  }

  /** Pops up what was held: alone if it is one, else as one digest. */
  private async releaseDigest(): Promise<void> {
    this.digestTimer?.handle.cancel();
    this.digestTimer = undefined;
    const now = this.clock.now();
    const quiet = this.policy.quietHours;
    if (quiet && inQuietHours(now, quiet)) {
      if (this.held.length > 0) this.armDigest(quietHoursEnd(now, quiet).getTime());
      return;
    }
    const held = this.held.splice(0);
    const [only] = held;
    if (!only) return;
    if (held.length === 1) {
      await this.popUp(only.raised);
      return;
    }
    const why = held.some((entry) => entry.why === "quiet") ? "quiet" : "burst";
    const digest: Notification = {
      id: `${now.getTime().toString(36)}-${process.pid.toString(36)}-${(this.sequence++).toString(36)}`,
      at: now.toISOString(),
      ...digestOf(
        held.map((entry) => entry.raised.notification),
        why,
      ),
    };
    for (const entry of held) entry.raised.popped = true;
    await this.send(this.popupChannels(), (channel) => channel.deliver(digest));
  }

  private async popUp(raised: Raised): Promise<void> {
    raised.popped = true;
    await this.send(this.popupChannels(), (channel) => channel.deliver(raised.notification));
  }

  /** Writes the latest count of each repeated notification and tells the channels that can edit. */
  private async flushUpdates(): Promise<void> {
    this.updateTimer?.cancel();
    this.updateTimer = undefined;
    for (const raised of this.recent.values()) {
      if (!raised.dirty) continue;
      raised.dirty = false;
      const { notification } = raised;
      await this.write(() => appendToFeed(this.root, notification));
      const editable = [...this.feedChannels(), ...(raised.popped ? this.popupChannels() : [])];
      await this.send(editable, (channel) => channel.update?.(notification) ?? Promise.resolve());
    }
  }

  /**
   * Drops folding state older than the dedupe window (a count still pending is written first),
   * and past the newest `RECENT_KEPT`: a drain of 10,000 tasks raises 10,000 distinct
   * notifications within one window, and folding needs only the recent ones. The map is in
   * the order they were raised, so this stops at the first one to keep.
   */
  private forgetOld(nowMs: number): void {
    const windowMs = this.policy.dedupeSeconds * 1000;
    for (const [key, raised] of this.recent) {
      const expired = nowMs - raised.firstAtMs >= windowMs || this.recent.size > RECENT_KEPT;
      if (!expired) break;
      if (!raised.dirty) this.recent.delete(key);
    }
  }

  private feedChannels(): NotificationChannel[] {
    return this.channels.filter((channel) => !channel.interrupts);
  }

  private popupChannels(): NotificationChannel[] {
    return this.channels.filter((channel) => channel.interrupts);
  }

  /** Feed writes in order, so an update never lands before the line it updates. */
  private write(append: () => Promise<void>): Promise<void> {
    const next = this.writes.then(append, append);
    this.writes = next.catch(() => undefined);
    return next;
  }

  /** A channel that fails never stops the others or the caller. */
  private async send(
    channels: NotificationChannel[],
    call: (channel: NotificationChannel) => Promise<void>,
  ): Promise<void> {
    await Promise.all(channels.map((channel) => call(channel).catch(() => undefined)));
  }
}
