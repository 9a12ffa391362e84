// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { TasksView } from "../../renderer/views/tasks/TasksView.js";
import { emptyProgress } from "../../shared/worker-stream.js";
import { giveListsLayout } from "./dom-layout.js";
import { connectedStore, makeStatus, makeTask, makeWorker } from "./crew-fixtures.js";
import { renderWithStore } from "./render-view.js";

beforeAll(giveListsLayout);
afterEach(cleanup);

describe("Tasks", () => {
  it("shows a task awaiting approval with its tier, reason and estimated cost, and approves it", async () => {
    const { store, bridge } = connectedStore(
      makeStatus({
        awaitingApproval: [
          makeTask("launch", {
            task: "Launch the new pricing",
            route: { tier: 3, model: "opus", reason: "highest stakes" },
            approval: {
              state: "awaiting",
              reason: "tier 3 always asks first",
              estimatedCostUsd: 2.25,
              requestedAt: "2026-04-09T21:00:00Z",
            },
          }),
        ],
      }),
    );
    renderWithStore(store, <TasksView />);
    const row = screen.getByRole("button", { name: "Open task launch: Launch the new pricing" });
    expect(row.textContent).toContain("tier 3");
    expect(row.textContent).toContain("tier 3 always asks first");
    expect(row.textContent).toContain("≈ $2.25");
    fireEvent.click(screen.getByRole("button", { name: "Approve Launch the new pricing" }));
    await waitFor(() => expect(bridge.calls.at(-1)).toEqual({ name: "approve", params: { id: "launch" } }));
    await waitFor(() => expect(store.getState().lastOutcome?.message).toBe("Approved launch"));
  });

  it("shows a running worker's agent, tier, turns, cost and last tool, and follows its progress live", () => {
    const { store, bridge } = connectedStore(
      makeStatus({
        inProgress: [makeTask("crawl", { task: "Crawl the listings" })],
        workers: [makeWorker("crawl")],
      }),
    );
    renderWithStore(store, <TasksView />);
    const row = () =>
      screen.getByRole("button", { name: "Open task crawl: Crawl the listings" }).closest(".task-row");
    expect(row()?.textContent).toContain("agent-b");
    act(() =>
      bridge.emit({
        kind: "worker-progress",
        worker: makeWorker("crawl", {
          progress: {
            ...emptyProgress(),
            turns: 4,
            toolCalls: 3,
            lastTool: "WebFetch",
            costUsd: 0.1234,
            lines: 9,
            lastLine: "fetched 3 pages",
          },
          cost: { usd: 0.1234, estimate: true },
        }),
      }),
    );
    const text = row()?.textContent ?? "";
    expect(text).toContain("turns4");
    expect(text).toContain("cost so far≈$0.12 est.");
    expect(text).toContain("last toolWebFetch");
    expect(text).toContain("fetched 3 pages");
    expect(screen.getByRole("progressbar", { name: "crawl progress: 9 lines of output" })).toBeTruthy();
  });

  it("shows a failed task's reason and retries it", async () => {
    const { store, bridge } = connectedStore(
      makeStatus({
        failed: [
          {
            id: "flaky",
            file: "coordination/failed/flaky.md",
            task: "Flaky thing",
            finishedAt: "2026-04-09T21:10:00.000Z",
            footer: {
              status: "failed",
              agent: "agent-a",
              tier: 1,
              costUsd: 0.01,
              reason: "timed out after 60 s",
            },
          },
        ],
      }),
    );
    renderWithStore(store, <TasksView />);
    expect(screen.getByText("timed out after 60 s")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Retry Flaky thing" }));
    await waitFor(() => expect(bridge.calls.at(-1)).toEqual({ name: "retry", params: { id: "flaky" } }));
  });

  it("opens a completed task's footer and output preview in the detail pane", async () => {
    const footer = {
      status: "done" as const,
      agent: "agent-b",
      tier: 2,
      model: "sonnet",
      costUsd: 0.0412,
      output: "outputs/r.md (verified, 10 bytes)",
    };
    const { store } = connectedStore(
      makeStatus({
        completed: [
          {
            id: "done1",
            file: "coordination/completed/done1.md",
            task: "Write it",
            finishedAt: "2026-04-09T21:10:00.000Z",
            footer,
          },
        ],
      }),
      {
        taskDetail: ({ id }) => ({
          id,
          where: "completed",
          text: "TASK: Write it\n",
          footer,
          outputPreview: "# Result\nall good",
        }),
      },
    );
    renderWithStore(store, <TasksView />);
    fireEvent.click(screen.getByRole("button", { name: "Open task done1: Write it" }));
    const pane = await screen.findByRole("complementary", { name: "Task done1" });
    await waitFor(() => expect(pane.textContent).toContain("all good"));
    expect(pane.textContent).toContain("Cost$0.04");
    expect(pane.textContent).toContain("outputs/r.md (verified, 10 bytes)");
  });

  it("creates a task from the form", async () => {
    const { store, bridge } = connectedStore(makeStatus());
    renderWithStore(store, <TasksView />);
    fireEvent.click(screen.getByRole("button", { name: "New task" }));
    fireEvent.change(screen.getByRole("combobox", { name: "Agent" }), { target: { value: "agent-b" } });
    fireEvent.change(screen.getByRole("textbox", { name: "Task" }), {
      target: { value: "Summarise the logs" },
    });
    fireEvent.change(screen.getByRole("combobox", { name: "Priority" }), { target: { value: "high" } });
    fireEvent.change(screen.getByRole("textbox", { name: "Expected output" }), {
      target: { value: "outputs/logs.md" },
    });
    fireEvent.click(screen.getByRole("button", { name: "Add task" }));
    await waitFor(() =>
      expect(bridge.calls.at(-1)).toEqual({
        name: "addTask",
        params: {
          agent: "agent-b",
          task: "Summarise the logs",
          priority: "high",
          approvalRequired: false,
          expectedOutput: "outputs/logs.md",
        },
      }),
    );
    await waitFor(() => expect(screen.queryByRole("form", { name: "New task" })).toBeNull());
  });

  it("moves between tasks with the arrow keys, skipping section headings", async () => {
    const tasks = ["one", "two", "three"].map((id) => makeTask(id, { task: `Job ${id}` }));
    const { store } = connectedStore(
      makeStatus({ pending: { "agent-a": tasks.slice(0, 2), "agent-b": tasks.slice(2) } }),
    );
    renderWithStore(store, <TasksView />);
    const first = screen.getByRole("button", { name: "Open task one: Job one" });
    first.focus();
    fireEvent.keyDown(first, { key: "ArrowDown" });
    await waitFor(() => expect(document.activeElement?.getAttribute("data-task-id")).toBe("two"));
    fireEvent.keyDown(document.activeElement as Element, { key: "j" });
    await waitFor(() => expect(document.activeElement?.getAttribute("data-task-id")).toBe("three"));
    fireEvent.keyDown(document.activeElement as Element, { key: "ArrowUp" });
    await waitFor(() => expect(document.activeElement?.getAttribute("data-task-id")).toBe("two"));
  });

  it("renders only a window of rows when there are 10,000 tasks, and filters them", async () => {
    const tasks = Array.from({ length: 10_000 }, (_, index) =>
      makeTask(`t${index}`, { task: `Job number ${index}` }),
    );
    const { store } = connectedStore(makeStatus({ pending: { "agent-a": tasks } }));
    renderWithStore(store, <TasksView />);
    expect(screen.getByRole("button", { name: /Inboxes 10000/ })).toBeTruthy();
    expect(screen.getAllByRole("listitem").length).toBeLessThan(100);
    fireEvent.change(screen.getByRole("searchbox", { name: "Filter tasks" }), {
      target: { value: "number 9999" },
    });
    await waitFor(() => expect(screen.getByRole("button", { name: /Inboxes 1$/ })).toBeTruthy());
    expect(screen.getByRole("button", { name: "Open task t9999: Job number 9999" })).toBeTruthy();
  });
});
