import { describe, expect, it } from "vitest";
import { bannerFor, popUpFor } from "../../electron/notification-banner.js";
import type { Notification } from "../../shared/notification.js";

const note = (overrides: Partial<Notification>): Notification => ({
  id: "n",
  at: "2026-04-09T21:00:00Z",
  kind: "task-done",
  priority: "normal",
  title: "t",
  body: "b",
  ...overrides,
});

const away = { windowFocused: false, bannersSupported: true };
const inFront = { windowFocused: true, bannersSupported: true };

describe("where a notification goes", () => {
  it("shows every approval as a banner and never opens the popover on its own", () => {
    for (const context of [away, inFront])
      expect(popUpFor(note({ kind: "approval", priority: "high" }), context)).toEqual({
        desktop: true,
        popoverInactive: false,
      });
  });

  it("always shows a banner for a failure; a routine result only while the window is away", () => {
    expect(popUpFor(note({ kind: "task-failed", priority: "high" }), inFront).desktop).toBe(true);
    expect(popUpFor(note({ kind: "lock-stale" }), inFront).desktop).toBe(true);
    expect(popUpFor(note({ kind: "task-done" }), inFront).desktop).toBe(false);
    expect(popUpFor(note({ kind: "task-done" }), away).desktop).toBe(true);
    expect(popUpFor(note({ kind: "info", priority: "low" }), away).desktop).toBe(false);
  });

  it("without banners, shows the popover for an approval without taking the focus, and for nothing else", () => {
    const none = { windowFocused: false, bannersSupported: false };
    expect(popUpFor(note({ kind: "approval" }), none)).toEqual({ desktop: false, popoverInactive: true });
    expect(popUpFor(note({ kind: "task-failed", priority: "high" }), none)).toEqual({
      desktop: false,
      popoverInactive: false,
    });
  });
});

describe("what a banner offers", () => {
  const approval = note({ kind: "approval", taskId: "deploy", title: "Approve? Deploy", body: "tier 3" });

  it("carries Approve / Queue / Reject buttons on macOS, each running its answer", () => {
    const banner = bannerFor(approval, "darwin");
    expect(banner.options.actions?.map((action) => action.text)).toEqual(["Approve", "Queue", "Reject"]);
    expect(banner.actions).toEqual([
      { kind: "approve", id: "deploy" },
      { kind: "queue", id: "deploy" },
      { kind: "reject", id: "deploy" },
    ]);
    expect(banner.click).toEqual({ kind: "popover", approval: "deploy" });
  });

  it("elsewhere has no buttons: a click opens the popover on that approval", () => {
    for (const platform of ["linux", "win32"]) {
      const banner = bannerFor(approval, platform);
      expect(banner.options).toEqual({ title: "Approve? Deploy", body: "tier 3" });
      expect(banner.actions).toEqual([]);
      expect(banner.click).toEqual({ kind: "popover", approval: "deploy" });
    }
  });

  it("opens the task's view, or the feed, for other notifications", () => {
    expect(bannerFor(note({ kind: "task-failed", taskId: "x" }), "darwin")).toMatchObject({
      actions: [],
      click: { kind: "open", view: "tasks" },
    });
    expect(bannerFor(note({ kind: "info" }), "linux").click).toEqual({ kind: "open", view: "notifications" });
  });
});

describe("permission requests and waiting sessions on the desktop", () => {
  it("always get a banner, and the popover only when there are no banners, unfocused", () => {
    const request = note({ kind: "permission", priority: "high", permissionId: "r1" });
    expect(popUpFor(request, inFront)).toEqual({ desktop: true, popoverInactive: false });
    const paneRequest = note({ kind: "session", priority: "high", permissionId: "r2", sessionId: "s" });
    expect(popUpFor(paneRequest, { windowFocused: false, bannersSupported: false })).toEqual({
      desktop: false,
      popoverInactive: true,
    });
  });

  it("carry Allow once / Allow for this task / Deny buttons on macOS", () => {
    const banner = bannerFor(note({ kind: "permission", permissionId: "r1", taskId: "release" }), "darwin");
    expect(banner.options.actions?.map((action) => action.text)).toEqual([
      "Allow once",
      "Allow for this task",
      "Deny",
    ]);
    expect(banner.actions).toEqual([
      { kind: "answer", id: "r1", decision: "allow-once" },
      { kind: "answer", id: "r1", decision: "allow-task" },
      { kind: "answer", id: "r1", decision: "deny" },
    ]);
    const inPane = bannerFor(note({ kind: "session", permissionId: "r2", sessionId: "s" }), "darwin");
    expect(inPane.options.actions?.[1]?.text).toBe("Allow for this session");
  });

  it("bring a waiting session's pane forward on click; a request or a conflict opens Sessions", () => {
    expect(bannerFor(note({ kind: "session", sessionId: "s1" }), "linux").click).toEqual({
      kind: "focus-session",
      id: "s1",
    });
    expect(bannerFor(note({ kind: "permission", permissionId: "r1" }), "linux").click).toEqual({
      kind: "open",
      view: "sessions",
    });
    expect(bannerFor(note({ kind: "conflict" }), "linux").click).toEqual({ kind: "open", view: "sessions" });
  });
});
