import { describe, expect, it } from "vitest";
import { trayIconPixels } from "../../electron/tray-icon.js";
import { type TrayMenuItem, trayMenu, trayState } from "../../electron/tray-state.js";
import { popoverAlerts } from "../../shared/alerts.js";
import {
  makePermissionRequest,
  makeSession,
  makeStatus,
  makeTask,
  makeWorker,
} from "../support/status-fixture.js";

describe("the tray icon and title", () => {
  it("is idle with nothing to do, busy while workers run", () => {
    expect(trayState(makeStatus()).icon).toBe("idle");
    const busy = trayState(makeStatus({ workers: [makeWorker("a"), makeWorker("b")] }));
    expect(busy).toMatchObject({ icon: "busy", title: "▶2" });
    expect(busy.tooltip).toBe("Switchyard — 2 running · 0 queued · $0.00 today");
  });

  it("says in the tooltip what running workers have spent so far, as an estimate", () => {
    const status = makeStatus({ workers: [makeWorker("a")] });
    status.costs["2"] = { today: 1.5, month: 9, running: 0.0336, budget: { daily: null, monthly: null } };
    expect(trayState(status).tooltip).toBe(
      "Switchyard — 1 running · 0 queued · $1.50 today (+≈$0.03 running)",
    );
  });

  it("asks for attention while a task awaits approval, before any other state", () => {
    const status = makeStatus({ awaitingApproval: [makeTask("x")], workers: [makeWorker("a")] });
    expect(trayState(status)).toMatchObject({ icon: "attention", title: "▶1 ?1" });
  });

  it("shows a problem for a stale lock or a recent failure", () => {
    const failed = makeStatus({
      failed: [
        {
          id: "f",
          file: "coordination/failed/f.md",
          finishedAt: "2026-04-09T21:00:00.000Z",
          footer: { status: "failed", agent: "agent-a", reason: "x" },
        },
      ],
    });
    expect(trayState(failed).icon).toBe("problem");
    const dismissed = { ...failed, dismissed: ["failed:f:2026-04-09T21:00:00.000Z"] };
    expect(trayState(dismissed).icon).toBe("idle");
    const rejected = makeStatus({
      failed: [
        {
          id: "f",
          file: "coordination/failed/f.md",
          finishedAt: "2026-04-09T21:00:00.000Z",
          footer: { status: "failed", reason: "rejected by the operator" },
        },
      ],
    });
    expect(trayState(rejected).icon).toBe("idle");
    const oldFailure = makeStatus({
      failed: [{ id: "f", file: "coordination/failed/f.md", finishedAt: "2026-04-01T21:00:00.000Z" }],
    });
    expect(trayState(oldFailure).icon).toBe("idle");
  });
});

describe("the tray menu", () => {
  it("offers Approve / Queue / Reject for each waiting task, then opening the window and quitting", () => {
    const menu = trayMenu(makeStatus({ awaitingApproval: [makeTask("deploy", { task: "Deploy" })] }));
    expect(menu.map((item) => ("label" in item ? item.label : item.kind))).toEqual([
      "0 running · 0 queued · 1 awaiting approval · $0.00 today",
      "separator",
      "Approve? Deploy",
      "separator",
      "Ask the crew…",
      "Open dashboard",
      "Quit Switchyard",
    ]);
    const submenu = menu[2];
    expect(
      submenu?.kind === "submenu" && submenu.items.map((item) => item.kind === "action" && item.action),
    ).toEqual([
      { kind: "approve", id: "deploy" },
      { kind: "queue", id: "deploy" },
      { kind: "reject", id: "deploy" },
    ]);
  });

  it("offers everything the popover does, for trays that ignore clicks (Linux AppIndicator)", () => {
    const status = makeStatus({
      awaitingApproval: [makeTask("deploy", { task: "Deploy" })],
      failed: [
        {
          id: "broken",
          file: "coordination/failed/broken.md",
          task: "Broken",
          finishedAt: "2026-04-09T21:00:00.000Z",
          footer: { status: "failed", agent: "agent-a", reason: "exit 1" },
        },
      ],
      locks: [
        {
          file: "coordination/in_progress/db-1.lock",
          resource: "db",
          holder: "agent-a",
          purpose: "",
          acquiredAt: "2026-04-09T19:00:00.000Z",
          ageSeconds: 9000,
          stale: true,
          staleReason: "older than 60 minutes",
        },
      ],
      problems: ["switchyard.json: worker.command is empty"],
    });
    const menu = trayMenu(status);
    const actions = (items: TrayMenuItem[]): unknown[] =>
      items.flatMap((item) =>
        item.kind === "action" ? [item.action] : item.kind === "submenu" ? actions(item.items) : [],
      );
    const labels = (items: TrayMenuItem[]): string[] =>
      items.flatMap((item) =>
        "label" in item ? [item.label, ...(item.kind === "submenu" ? labels(item.items) : [])] : [],
      );
    const { approvals, others } = popoverAlerts(status);
    expect(approvals.length + others.length).toBe(4);
    // The popover's buttons, one by one (AlertList), and its "Open the dashboard" link.
    expect(actions(menu)).toEqual([
      { kind: "approve", id: "deploy" },
      { kind: "queue", id: "deploy" },
      { kind: "reject", id: "deploy" },
      { kind: "retry", id: "broken" },
      { kind: "release-lock", file: "coordination/in_progress/db-1.lock" },
      { kind: "popover" },
      { kind: "open" },
      { kind: "quit" },
    ]);
    // Alerts without a button are read in the menu as in the popover.
    for (const alert of [...approvals, ...others])
      expect(labels(menu).some((label) => label.startsWith(alert.title))).toBe(true);
    expect(labels(menu)).toContain("Problem: switchyard.json: worker.command is empty");
  });

  it("lists five approvals and sends the operator to the window for the rest", () => {
    const tasks = Array.from({ length: 8 }, (_, index) => makeTask(`t${index}`));
    const labels = trayMenu(makeStatus({ awaitingApproval: tasks })).map((item) =>
      "label" in item ? item.label : "",
    );
    expect(labels.filter((label) => label.startsWith("Approve?"))).toHaveLength(5);
    expect(labels).toContain("3 more waiting for you…");
  });
});

describe("the tray icon pixels", () => {
  it("draws an opaque dot in the state's colour on a transparent square", () => {
    const size = 16;
    const pixels = trayIconPixels("problem", size);
    expect(pixels.length).toBe(size * size * 4);
    const centre = (8 * size + 8) * 4;
    expect([...pixels.subarray(centre, centre + 4)]).toEqual([58, 58, 194, 255]);
    expect(pixels[3]).toBe(0);
  });
});

describe("sessions waiting for the operator, in the tray", () => {
  const waiting = makeStatus({
    sessions: [
      makeSession("s1", { state: "waiting", waitingFor: { reason: "idle", since: "2026-04-09T21:29:00Z" } }),
      makeSession("s2", { state: "working" }),
    ],
    permissionRequests: [makePermissionRequest("r1")],
  });

  it("counts them in the icon, the title and the tooltip", () => {
    expect(trayState(waiting)).toMatchObject({ icon: "attention", title: "⏸2" });
    expect(trayState(waiting).tooltip).toContain("2 waiting for you");
  });

  it("does not count a worker's request twice when its session also reports it", () => {
    const both = makeStatus({
      sessions: [
        makeSession("w", {
          task: "release",
          state: "waiting",
          waitingFor: { reason: "permission", since: "x" },
        }),
      ],
      permissionRequests: [makePermissionRequest("r1", { taskId: "release" })],
    });
    expect(trayState(both).title).toBe("⏸1");
  });

  it("offers Allow once / Allow for this task / Deny in the menu", () => {
    const [, , request] = trayMenu(waiting);
    expect(request).toMatchObject({
      kind: "submenu",
      label: "agent-b (task release) asks to run Bash: git push origin main",
      items: [
        { label: "Allow once", action: { kind: "answer", id: "r1", decision: "allow-once" } },
        { label: "Allow for this task", action: { kind: "answer", id: "r1", decision: "allow-task" } },
        { label: "Deny", action: { kind: "answer", id: "r1", decision: "deny" } },
      ],
    });
  });
});
