import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../../shared/config.js";
import type { Notification } from "../../../shared/notification.js";
import { readFeed } from "../../../core/notify/feed.js";
import { inQuietHours, quietHoursEnd } from "../../../core/notify/notification-policy.js";
import { type NotificationChannel, Notifier } from "../../../core/notify/notifier.js";
import { type CrewFixture, makeCrew } from "../../support/crew-fixture.js";
import { FakeClock, settle } from "../../support/fake-clock.js";

let crew: CrewFixture | undefined;
afterEach(async () => {
  await crew?.cleanup();
  crew = undefined;
});

function policy(notifications: unknown = {}) {
  const parsed = parseConfig(JSON.stringify({ notifications }));
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  return parsed.config.notifications;
}

/** A channel that records what it was given, like the desktop or Telegram would show it. */
function recorder(interrupts: boolean) {
  const delivered: Notification[] = [];
  const updated: Notification[] = [];
  const channel: NotificationChannel = {
    name: interrupts ? "desktop" : "window",
    interrupts,
    deliver: async (notification) => void delivered.push(notification),
    update: async (notification) => void updated.push(notification),
  };
  return { channel, delivered, updated };
}

const failure = (task: string) =>
  ({
    kind: "task-failed",
    priority: "high",
    title: `Failed: ${task}`,
    body: "exit 1 after 3 attempt(s) — $0.02, coordination/failed/x.md",
    where: "coordination/failed/x.md",
  }) as const;

async function setup(notifications: unknown = {}, start = "2026-04-09T12:00:00") {
  crew = await makeCrew();
  const clock = new FakeClock(start);
  const desktop = recorder(true);
  const window = recorder(false);
  const notifier = new Notifier(crew.root, {
    channels: [window.channel, desktop.channel],
    clock,
    policy: policy(notifications),
  });
  return { root: crew.root, clock, desktop, window, notifier };
}

describe("Notifier", () => {
  it("folds a burst of 50 identical failures into one notification with a count", async () => {
    const { root, notifier, desktop, window } = await setup();
    for (let index = 0; index < 50; index++) await notifier.notify(failure("deploy the site"));
    await notifier.close();

    const feed = await readFeed(root);
    expect(feed).toHaveLength(1);
    expect(feed[0]).toMatchObject({ kind: "task-failed", title: "Failed: deploy the site", count: 50 });
    expect(desktop.delivered).toHaveLength(1);
    expect(window.delivered).toHaveLength(1);
    // The window edits its entry in place; the file holds the first line and one update, not 50.
    expect(window.updated.at(-1)?.count).toBe(50);
    const lines = (await readFile(join(root, ".switchyard/notifications.jsonl"), "utf8")).trim().split("\n");
    expect(lines.length).toBeLessThanOrEqual(2);
  });

  it("starts a new notification when the same thing happens again after the dedupe window", async () => {
    const { root, notifier, clock } = await setup({ dedupeSeconds: 60 });
    await notifier.notify(failure("nightly backup"));
    await notifier.notify(failure("nightly backup"));
    await clock.advance(61_000);
    await notifier.notify(failure("nightly backup"));
    await notifier.close();

    const feed = await readFeed(root);
    expect(feed.map((notification) => notification.count ?? 1)).toEqual([1, 2]);
  });

  it("sends a burst of low-priority notifications to the desktop as one digest", async () => {
    const { root, notifier, clock, desktop } = await setup({ digestSeconds: 60 });
    for (let index = 0; index < 5; index++)
      await notifier.notify({ kind: "info", priority: "low", title: `Learned thing ${index}`, body: "…" });
    expect(desktop.delivered).toHaveLength(0);
    expect(await readFeed(root)).toHaveLength(5); // the feed keeps every one at once

    await clock.advance(60_000);
    await settle();
    expect(desktop.delivered).toHaveLength(1);
    expect(desktop.delivered[0]).toMatchObject({ kind: "digest", priority: "low" });
    expect(desktop.delivered[0]?.title).toBe("5 notifications in a burst: 5 info");
    expect(desktop.delivered[0]?.body).toContain("Learned thing 0");
  });

  it("pops up a single held low-priority notification on its own, not as a digest", async () => {
    const { notifier, clock, desktop } = await setup({ digestSeconds: 30 });
    await notifier.notify({ kind: "info", priority: "low", title: "Schedule ran late", body: "once" });
    await clock.advance(30_000);
    await settle();
    expect(desktop.delivered.map((notification) => notification.title)).toEqual(["Schedule ran late"]);
  });

  it("rate-limits pop-ups: past maxPerMinute normal ones wait for the digest, high ones still pop", async () => {
    const { notifier, clock, desktop } = await setup({ maxPerMinute: 3, digestSeconds: 60 });
    for (let index = 0; index < 6; index++)
      await notifier.notify({
        kind: "task-done",
        priority: "normal",
        title: `Done: job ${index}`,
        body: "ok",
      });
    await notifier.notify(failure("the important one"));
    expect(desktop.delivered.map((notification) => notification.title)).toEqual([
      "Done: job 0",
      "Done: job 1",
      "Done: job 2",
      "Failed: the important one",
    ]);

    await clock.advance(60_000);
    await settle();
    expect(desktop.delivered.at(-1)).toMatchObject({
      kind: "digest",
      title: "3 notifications in a burst: 3 done",
    });
  });

  it("holds all but high priority during quiet hours and sends one digest when they end", async () => {
    const { notifier, clock, desktop, window } = await setup(
      { quietHours: { start: "22:00", end: "07:00" } },
      "2026-04-09T23:30:00",
    );
    await notifier.notify({ kind: "task-done", priority: "normal", title: "Done: report", body: "ok" });
    await notifier.notify({ kind: "info", priority: "low", title: "New learning: x", body: "…" });
    await notifier.notify(failure("payments sync"));
    expect(desktop.delivered.map((notification) => notification.title)).toEqual(["Failed: payments sync"]);
    expect(window.delivered).toHaveLength(3); // the feed is not an interruption

    await clock.advance(3 * 3600_000); // 02:30, still quiet
    await settle();
    expect(desktop.delivered).toHaveLength(1);

    await clock.advance(5 * 3600_000); // 07:30
    await settle();
    expect(desktop.delivered).toHaveLength(2);
    expect(desktop.delivered[1]).toMatchObject({ kind: "digest", priority: "normal" });
    expect(desktop.delivered[1]?.title).toBe("2 notifications during quiet hours: 1 done, 1 info");
  });

  it("gives approval requests the approve, queue and reject actions", async () => {
    const { notifier } = await setup();
    const notification = await notifier.notify({
      kind: "approval",
      priority: "high",
      title: "Approve? Rewrite the billing module",
      body: "tier 3 — estimated $0.75",
      taskId: "rewrite-billing",
    });
    expect(notification.actions).toEqual(["approve", "queue", "reject"]);
  });

  it("keeps notifying when a channel fails", async () => {
    const { root, clock } = await setup();
    const notifier = new Notifier(root, {
      clock,
      channels: [{ name: "broken", interrupts: true, deliver: () => Promise.reject(new Error("no bus")) }],
    });
    await expect(notifier.notify(failure("x"))).resolves.toMatchObject({ title: "Failed: x" });
  });
});

describe("quiet hours", () => {
  const quiet = { start: "22:00", end: "07:00" };

  it("wrap past midnight", () => {
    expect(inQuietHours(new Date("2026-04-09T21:59:00"), quiet)).toBe(false);
    expect(inQuietHours(new Date("2026-04-09T22:00:00"), quiet)).toBe(true);
    expect(inQuietHours(new Date("2026-04-10T03:00:00"), quiet)).toBe(true);
    expect(inQuietHours(new Date("2026-04-10T07:00:00"), quiet)).toBe(false);
    expect(inQuietHours(new Date("2026-04-10T03:00:00"), { start: "12:00", end: "13:00" })).toBe(false);
  });

  it("end at the next end time", () => {
    expect(quietHoursEnd(new Date("2026-04-09T23:00:00"), quiet)).toEqual(new Date("2026-04-10T07:00:00"));
    expect(quietHoursEnd(new Date("2026-04-10T03:00:00"), quiet)).toEqual(new Date("2026-04-10T07:00:00"));
  });
});
