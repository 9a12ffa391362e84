// @vitest-environment happy-dom
/** The Sessions view: what waits for the operator, every session, and the conflicts with their fix. */
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { OverviewView } from "../../renderer/views/overview/OverviewView.js";
import { PopoverView } from "../../renderer/views/popover/PopoverView.js";
import { SessionsView } from "../../renderer/views/sessions/SessionsView.js";
import { TimelineView } from "../../renderer/views/timeline/TimelineView.js";
import { connectedStore, makePermissionRequest, makeSession, makeStatus } from "./crew-fixtures.js";
import { renderWithStore } from "./render-view.js";

afterEach(cleanup);

const CONFLICT = {
  id: "c1",
  at: "2026-04-09T21:25:00.000Z",
  path: "outputs/report.md",
  writers: [
    { kind: "session" as const, id: "s-a", label: "agent-a (pane 1)", at: "2026-04-09T21:22:00.000Z" },
    { kind: "worker" as const, id: "seed", label: "agent-b (task seed)", at: "2026-04-09T21:25:00.000Z" },
  ],
  resource: "outputs-report.md",
  fix: {
    locksLine: "LOCKS: outputs-report.md",
    lockRun: "switchyard lock run outputs-report.md --as agent-b --wait 60 -- <command>",
  },
};

const status = () =>
  makeStatus({
    permissionRequests: [makePermissionRequest("r1")],
    sessions: [
      makeSession("a1b2c3d4-pane", {
        agent: "agent-a",
        pane: { id: "%3", index: 1, session: "switchyard", target: "switchyard:0.1" },
        state: "waiting",
        waitingFor: { reason: "question", text: "Which database?", since: "2026-04-09T21:28:00.000Z" },
        filesWritten: ["outputs/a.md", "outputs/b.md", "outputs/c.md", "outputs/report.md"],
        costUsd: 0.42,
      }),
      makeSession("e5f6a7b8-work", { agent: "agent-b", task: "release", state: "working", costUsd: 0.0123 }),
      makeSession("99999999-done", {
        state: "ended",
        lastEvent: { name: "SessionEnd", at: "2026-04-09T21:00:00.000Z" },
      }),
    ],
    conflicts: [CONFLICT],
  });

describe("the Sessions view", () => {
  it("shows a worker's tool call waiting for permission with its exact input, and answers it", async () => {
    const { store, bridge } = connectedStore(status());
    renderWithStore(store, <SessionsView />);
    const waiting = screen.getByRole("region", { name: /Waiting for your permission/ });
    expect(waiting.textContent).toContain("agent-b asks to run Bash");
    expect(waiting.textContent).toContain("worker for task release");
    expect(within(waiting).getByText("git push origin main").tagName).toBe("PRE");
    fireEvent.click(within(waiting).getByRole("button", { name: /^Allow for this task: / }));
    await waitFor(() =>
      expect(bridge.calls.at(-1)).toEqual({
        name: "answerPermission",
        params: { id: "r1", decision: "allow-task" },
      }),
    );
    expect(store.getState().lastOutcome).toEqual({ ok: true, message: "Allowed for the rest of the task" });
  });

  it("lists every session with its state, why it waits, what it wrote, its cost and its pane", async () => {
    const { store, bridge } = connectedStore(status());
    renderWithStore(store, <SessionsView />);
    const pane = screen.getByRole("row", { name: /^agent-a \(pane 1\)/ });
    expect(pane.textContent).toContain("waiting: asks: Which database?");
    expect(pane.textContent).toContain("outputs/report.md");
    expect(pane.textContent).toContain("+1 more");
    expect(pane.textContent).toContain("$0.42");
    expect(pane.textContent).toContain("switchyard:0.1");
    expect(screen.getByRole("row", { name: /^agent-b \(task release\)/ }).textContent).toContain("worker");
    expect(screen.getByRole("row", { name: /^session 99999999/ }).textContent).toContain("ended");
    expect(screen.getByRole("heading", { name: /Sessions 2 live/ })).toBeTruthy();
    fireEvent.click(within(pane).getByRole("button", { name: /Go to the pane of agent-a/ }));
    await waitFor(() =>
      expect(bridge.calls.at(-1)).toEqual({ name: "focusSession", params: { id: "a1b2c3d4-pane" } }),
    );
    await waitFor(() => expect(store.getState().lastOutcome?.message).toContain("tmux attach -t switchyard"));
  });

  it("lists conflicts with the lock that would have kept the writers apart", () => {
    const { store } = connectedStore(status());
    renderWithStore(store, <SessionsView />);
    const conflicts = screen.getByRole("region", { name: /Conflicts/ });
    expect(conflicts.textContent).toContain("outputs/report.md");
    expect(conflicts.textContent).toContain("agent-a (pane 1) and agent-b (task seed)");
    expect(within(conflicts).getByText("LOCKS: outputs-report.md").tagName).toBe("CODE");
  });

  it("says how to get sessions reporting when none has yet", () => {
    const { store } = connectedStore(makeStatus());
    renderWithStore(store, <SessionsView />);
    expect(screen.getByRole("region", { name: /^Sessions/ }).textContent).toContain(
      "switchyard hooks install",
    );
  });
});

describe("what waits for the operator, elsewhere in the window", () => {
  it("puts a permission request with its buttons first on the Overview and in the popover", async () => {
    const { store, bridge } = connectedStore(status());
    renderWithStore(store, <OverviewView />);
    const needs = screen.getByRole("region", { name: "Needs you" });
    const first = within(needs).getAllByRole("listitem")[0];
    expect(first?.textContent).toContain("agent-b (task release) asks to run Bash: git push origin main");
    expect(needs.textContent).toContain("agent-a (pane 1) asks: Which database?");
    expect(needs.textContent).toContain(
      "Conflict: agent-a (pane 1) and agent-b (task seed) both wrote outputs/report.md",
    );
    cleanup();
    renderWithStore(store, <PopoverView />);
    fireEvent.click(screen.getByRole("button", { name: /^Deny: agent-b/ }));
    await waitFor(() =>
      expect(bridge.calls.at(-1)).toEqual({
        name: "answerPermission",
        params: { id: "r1", decision: "deny" },
      }),
    );
  });
});

describe("the Timeline", () => {
  it("marks a conflict at the moment the second writer wrote, with the fix in its words", async () => {
    const { store } = connectedStore(makeStatus(), {
      timeline: () => ({
        from: "2026-04-09T20:00:00.000Z",
        to: "2026-04-09T22:00:00.000Z",
        workers: [],
        locks: [],
        conflicts: [
          {
            at: CONFLICT.at,
            path: CONFLICT.path,
            writers: CONFLICT.writers.map((writer) => writer.label),
            resource: CONFLICT.resource,
          },
        ],
      }),
    });
    renderWithStore(store, <TimelineView />);
    const mark = await screen.findByRole("listitem", {
      name: /^Conflict: agent-a \(pane 1\) and agent-b \(task seed\) both wrote outputs\/report\.md/,
    });
    expect(mark.getAttribute("aria-label")).toContain("fix: LOCKS: outputs-report.md");
    expect((mark as HTMLElement).style.left).toBe("70.83333333333334%");
  });
});
