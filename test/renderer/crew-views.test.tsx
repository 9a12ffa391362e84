// @vitest-environment happy-dom
/** The smaller views: locks, the notification feed, shared state, the timeline and the tray popover. */
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { LocksView } from "../../renderer/views/locks/LocksView.js";
import { NotificationsView } from "../../renderer/views/notifications/NotificationsView.js";
import { PopoverView } from "../../renderer/views/popover/PopoverView.js";
import { SharedStateView } from "../../renderer/views/shared-state/SharedStateView.js";
import { TimelineView } from "../../renderer/views/timeline/TimelineView.js";
import { connectedStore, makeStatus, makeTask, makeWorker } from "./crew-fixtures.js";
import { renderWithStore } from "./render-view.js";

afterEach(cleanup);

const lock = (resource: string, stale: boolean) => ({
  resource,
  file: `${resource}-1775770000.lock`,
  holder: "agent-a",
  purpose: "editing listings",
  acquiredAt: "2026-04-09T21:00:00.000Z",
  ageSeconds: 125,
  stale,
  ...(stale ? { staleReason: "its holder's process 42 is gone" } : {}),
});

describe("Locks", () => {
  it("lists who holds what for how long, marks stale locks, and releases one", async () => {
    const { store, bridge } = connectedStore(
      makeStatus({ locks: [lock("listings", false), lock("stripe", true)] }),
    );
    renderWithStore(store, <LocksView />);
    const stale = screen.getByRole("row", { name: /^stripe/ });
    expect(stale.textContent).toContain("stale: its holder's process 42 is gone");
    expect(screen.getByRole("row", { name: /^listings/ }).textContent).toContain("2 min");
    fireEvent.click(within(stale).getByRole("button", { name: "Release lock stripe" }));
    await waitFor(() =>
      expect(bridge.calls.at(-1)).toEqual({
        name: "releaseLock",
        params: { file: "stripe-1775770000.lock" },
      }),
    );
  });
});

describe("Notifications", () => {
  it("shows the feed newest first, with the approval buttons while the task still waits", () => {
    const { store, bridge } = connectedStore(makeStatus({ awaitingApproval: [makeTask("deploy")] }));
    bridge.emit({
      kind: "notification",
      notification: {
        id: "1",
        at: "2026-04-09T21:00:00Z",
        kind: "task-done",
        priority: "normal",
        title: "Done: listings",
        count: 3,
        body: "updated 3 listings — $0.04, outputs/r.md",
        where: "outputs/r.md",
      },
    });
    bridge.emit({
      kind: "notification",
      notification: {
        id: "2",
        at: "2026-04-09T21:05:00Z",
        kind: "approval",
        priority: "high",
        title: "Approve? deploy",
        body: "tier 3",
        taskId: "deploy",
      },
    });
    renderWithStore(store, <NotificationsView />);
    const items = screen.getAllByRole("listitem");
    expect(items[0]?.textContent).toContain("Approve? deploy");
    expect(
      within(items[0] as HTMLElement).getByRole("button", { name: "Approve Approve? deploy" }),
    ).toBeTruthy();
    expect(items[1]?.textContent).toContain("updated 3 listings — $0.04, outputs/r.md");
    expect(items[1]?.textContent).toContain("Done: listings ×3");
  });
});

describe("Shared state", () => {
  it("renders SHARED_MIND.md, who changed it last, and the learnings", async () => {
    const text =
      "# SHARED_MIND.md\n## ACTIVE STATE\nLast updated: 2026-04-09T21:00:00Z | agent-b\n### agent-b\nposting listings, see [the runbook](https://example.com/runbook) and [a script](javascript:alert(2))\n## WHAT EACH AGENT HAS LEARNED\n- 2026-04-08: Reddit blocks body links\n<script>alert(1)</script>\n";
    const { store } = connectedStore(makeStatus(), {
      sharedMind: () => ({
        text,
        view: {
          lastUpdated: { at: "2026-04-09T21:00:00Z", agent: "agent-b" },
          agentStates: { "agent-b": "posting listings" },
          stateLines: [],
          neededNext: [],
          learnings: [
            {
              line: "- 2026-04-08: Reddit blocks body links",
              date: "2026-04-08",
              text: "Reddit blocks body links",
            },
          ],
        },
      }),
    });
    const { container } = renderWithStore(store, <SharedStateView />);
    expect(await screen.findByRole("heading", { name: "ACTIVE STATE" })).toBeTruthy();
    expect(container.querySelector("script")).toBeNull();
    // A web link leaves the dashboard (a new tab; the tray app hands it to the browser), a script link goes nowhere.
    const runbook = screen.getByRole("link", { name: "the runbook" });
    expect([runbook.getAttribute("target"), runbook.getAttribute("rel")]).toEqual([
      "_blank",
      "noopener noreferrer",
    ]);
    expect(screen.getByText("a script").getAttribute("href") ?? "").not.toMatch(/javascript/i);
    const learnings = screen.getByRole("region", { name: /Learnings/ });
    expect(learnings.textContent).toContain("2026-04-08Reddit blocks body links");
    expect(screen.getByRole("region", { name: "Who changed what" }).textContent).toContain(
      "agent-bposting listings",
    );
  });
});

describe("Timeline", () => {
  it("draws workers and lock holds as bars on their lanes", async () => {
    const { store } = connectedStore(makeStatus(), {
      timeline: () => ({
        from: "2026-04-09T15:30:00.000Z",
        to: "2026-04-09T21:30:00.000Z",
        workers: [
          {
            lane: "agent-a",
            label: "t1 #1",
            start: "2026-04-09T18:30:00.000Z",
            end: "2026-04-09T19:30:00.000Z",
            outcome: "done",
            taskId: "t1",
          },
          { lane: "agent-b", label: "t2 #1", start: "2026-04-09T20:30:00.000Z", taskId: "t2" },
        ],
        locks: [
          {
            lane: "listings",
            label: "agent-a: task t1",
            start: "2026-04-09T18:30:00.000Z",
            end: "2026-04-09T19:00:00.000Z",
            outcome: "released",
          },
        ],
      }),
    });
    renderWithStore(store, <TimelineView />);
    const workers = await screen.findByRole("region", { name: "Workers" });
    const bar = within(workers).getByRole("listitem", { name: /t1 #1/ });
    expect(bar.style.left).toBe("50%");
    expect(bar.className).toContain("bar-ok");
    expect(within(workers).getByRole("listitem", { name: /t2 #1.*still running/ }).className).toContain(
      "bar-live",
    );
    expect(
      within(screen.getByRole("region", { name: "Locks" })).getByRole("list", { name: "listings: 1 bars" }),
    ).toBeTruthy();
  });
});

describe("the tray popover", () => {
  it("shows the status line, the approvals and the top alerts from the same store", () => {
    const { store } = connectedStore(
      makeStatus({
        awaitingApproval: [makeTask("deploy", { task: "Deploy the site" })],
        workers: [makeWorker("w1")],
        locks: [lock("stripe", true)],
      }),
    );
    renderWithStore(store, <PopoverView />);
    expect(screen.getByRole("status").textContent).toBe(
      "1 running · 0 queued · 1 awaiting approval · $0.00 today",
    );
    expect(
      within(screen.getByRole("region", { name: "Approvals" })).getByRole("button", {
        name: "Approve Approve? Deploy the site",
      }),
    ).toBeTruthy();
    expect(screen.getByRole("region", { name: "Alerts" }).textContent).toContain("Stale lock: stripe");
  });
});
