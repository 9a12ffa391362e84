// @vitest-environment happy-dom
/**
 * The operator's day in the window: who does what now, only real decisions in "Needs you"
 * (each dismissable, retries only where they can work, budgets with their way out), and a
 * task's detail that helps when it failed and follows it when it moves.
 */
import { act, cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { ArchivedTask } from "../../shared/status.js";
import { emptyProgress } from "../../shared/worker-stream.js";
import { OverviewView } from "../../renderer/views/overview/OverviewView.js";
import { TasksView } from "../../renderer/views/tasks/TasksView.js";
import { connectedStore, makeStatus, makeTask, makeWorker } from "./crew-fixtures.js";
import { giveListsLayout } from "./dom-layout.js";
import { renderWithStore } from "./render-view.js";

afterEach(cleanup);
giveListsLayout();

const failed = (
  id: string,
  footer: ArchivedTask["footer"],
  extra: Partial<ArchivedTask> = {},
): ArchivedTask => ({
  id,
  file: `coordination/failed/${id}.md`,
  task: `Task ${id}`,
  finishedAt: "2026-04-09T21:10:00.000Z",
  ...(footer ? { footer } : {}),
  ...extra,
});

describe("the Overview's pulse", () => {
  it("shows per agent what it runs now (title, elapsed, cost so far), its queue, and why its work waits", () => {
    const status = makeStatus({
      agents: [
        { name: "agent-a", tier: 2, concurrency: 1 },
        { name: "researcher", tier: 1, concurrency: 0 },
      ],
      inProgress: [makeTask("crawl", { task: "Crawl the competitors' pricing pages" })],
      workers: [
        makeWorker("crawl", {
          agent: "agent-a",
          startedAt: new Date(Date.now() - 65_000).toISOString(),
          cost: { usd: 0.0412, estimate: true },
          progress: { ...emptyProgress(), lines: 3 },
        }),
      ],
      pending: {
        "agent-a": [makeTask("later", { waitingFor: "waiting for lock listings held by agent-b (editing)" })],
        researcher: [
          makeTask("r1", { agent: "researcher", waitingFor: "researcher is paused (concurrency 0)" }),
          makeTask("r2", { agent: "researcher", waitingFor: "researcher is paused (concurrency 0)" }),
        ],
      },
    });
    const { store } = connectedStore(status);
    renderWithStore(store, <OverviewView />);
    const a = screen.getByRole("listitem", { name: "Agent agent-a" });
    expect(a.textContent).toContain("▶ Crawl the competitors' pricing pages");
    expect(a.textContent).toMatch(/1m 0\ds · ≈\$0\.04 est\./);
    expect(a.textContent).toContain("1 waiting");
    expect(a.textContent).toContain("waiting for lock listings held by agent-b (editing)");
    const researcher = screen.getByRole("listitem", { name: "Agent researcher" });
    expect(researcher.textContent).toContain("paused (concurrency 0 in switchyard.json)");
    expect(researcher.textContent).toContain("2 waiting");
  });
});

describe("Needs you", () => {
  it("lists a worker's failure with Retry, but not the operator's own rejection nor a file that never parsed", () => {
    const status = makeStatus({
      failed: [
        failed("broke", { status: "failed", agent: "agent-a", reason: "exited with code 1: boom" }),
        failed("rejected", { status: "failed", reason: "rejected by the operator: not now" }),
        failed(
          "garbage",
          { status: "failed", reason: "line 1: TASK is missing" },
          { task: undefined, problem: "line 1: TASK is missing" },
        ),
      ],
    });
    const { store } = connectedStore(status);
    renderWithStore(store, <OverviewView />);
    const needs = screen.getByRole("region", { name: "Needs you" });
    const items = within(needs).getAllByRole("listitem");
    expect(items).toHaveLength(1);
    expect(items[0]?.textContent).toContain("Failed: Task broke");
    expect(within(needs).getByRole("button", { name: "Retry Failed: Task broke" })).toBeTruthy();
  });

  it("dismisses an alert for good (by its key), and the next snapshot leaves it out", async () => {
    const failure = failed("broke", { status: "failed", agent: "agent-a", reason: "boom" });
    const { store, bridge } = connectedStore(makeStatus({ failed: [failure] }));
    renderWithStore(store, <OverviewView />);
    fireEvent.click(screen.getByRole("button", { name: "Dismiss: Failed: Task broke" }));
    await waitFor(() =>
      expect(bridge.calls.at(-1)).toEqual({
        name: "dismiss",
        params: { key: "failed:broke:2026-04-09T21:10:00.000Z" },
      }),
    );
    act(() =>
      bridge.emit({
        kind: "status",
        status: makeStatus({ failed: [failure], dismissed: ["failed:broke:2026-04-09T21:10:00.000Z"] }),
      }),
    );
    expect(screen.getByText("Nothing needs you. The crew is working on its own.")).toBeTruthy();
  });

  it("offers a budget's way out: raise today's budget once, or run what it holds anyway", async () => {
    const status = makeStatus({
      pending: {
        "agent-a": [
          makeTask("held", {
            route: { tier: 1, model: "haiku", reason: "r" },
            heldBy: "budget",
            waitingFor: "tier 1 is over its daily budget",
          }),
        ],
      },
    });
    status.costs["1"] = { today: 2.4, month: 10, running: 0, budget: { daily: 2, monthly: null } };
    const { store, bridge } = connectedStore(status);
    renderWithStore(store, <OverviewView />);
    const alert = screen.getByText("Tier 1 is over its daily budget").closest("li") as HTMLElement;
    expect(alert.textContent).toContain("$2.40 of $2.00 today");
    fireEvent.click(within(alert).getByRole("button", { name: "Raise tier 1's budget for today" }));
    await waitFor(() => expect(bridge.calls.at(-1)).toEqual({ name: "raiseBudget", params: { tier: 1 } }));
    fireEvent.click(within(alert).getByRole("button", { name: "Run the 1 held tasks on tier 1 anyway" }));
    await waitFor(() => expect(bridge.calls.at(-1)).toEqual({ name: "runHeld", params: { tier: 1 } }));
  });
});

describe("a task's detail", () => {
  it("shows its title, local times, the stream as turns and the worker's stderr", async () => {
    const started = "2026-04-09T21:00:05.000Z";
    const { store } = connectedStore(
      makeStatus({
        failed: [failed("broke", { status: "failed", agent: "agent-a", reason: "boom", started })],
      }),
      {
        taskDetail: ({ id }) => ({
          id,
          where: "failed",
          title: "Post the launch",
          text: "TASK: Post the launch\n",
          footer: { status: "failed", agent: "agent-a", reason: "boom", started },
          attempt: 2,
          turns: [
            { kind: "text", text: "Posting now." },
            { kind: "tool", tool: "Bash", text: "./post.sh" },
            { kind: "tool-result", text: "permission denied", isError: true },
          ],
          stderrTail: "post.sh: line 3: curl: not found",
        }),
      },
    );
    renderWithStore(store, <TasksView />);
    fireEvent.click(screen.getByRole("button", { name: "Open task broke: Task broke" }));
    const pane = await screen.findByRole("complementary", { name: "Task broke" });
    await waitFor(() => expect(within(pane).getByRole("heading", { name: "Post the launch" })).toBeTruthy());
    const local = new Date(started).toLocaleTimeString("en-GB", {
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    expect(within(pane).getByText("Started").nextElementSibling?.textContent).toContain(local);
    const turns = within(pane).getByRole("region", { name: "What the worker did" });
    expect(turns.textContent).toContain("Posting now.");
    expect(turns.textContent).toContain("Bash./post.sh");
    expect(turns.textContent).toContain("✗permission denied");
    expect(within(pane).getByRole("region", { name: "Worker's stderr" }).textContent).toContain(
      "curl: not found",
    );
  });

  it("follows a retried task to its new id", async () => {
    const { store, bridge } = connectedStore(
      makeStatus({ failed: [failed("seed", { status: "failed", agent: "agent-a", reason: "boom" })] }),
      {
        retry: () => ({ ok: true, id: "seed-2" }),
        taskDetail: ({ id }) => ({
          id,
          where: id === "seed" ? "failed" : "inbox",
          text: `TASK: ${id}\n`,
          title: id,
        }),
      },
    );
    renderWithStore(store, <TasksView />);
    fireEvent.click(screen.getByRole("button", { name: "Open task seed: Task seed" }));
    const pane = await screen.findByRole("complementary", { name: "Task seed" });
    fireEvent.click(within(pane).getByRole("button", { name: "Retry seed" }));
    await waitFor(() => expect(screen.getByRole("complementary", { name: "Task seed-2" })).toBeTruthy());
    expect(
      bridge.calls.some(
        (call) => call.name === "taskDetail" && (call.params as { id: string }).id === "seed-2",
      ),
    ).toBe(true);
  });

  it("follows a task claimed under another name", async () => {
    const { store } = connectedStore(makeStatus({ pending: { "agent-a": [makeTask("seed")] } }), {
      taskDetail: ({ id }) =>
        id === "seed"
          ? { id, where: "moved", text: "", movedTo: "seed-2" }
          : { id, where: "in_progress", text: "TASK: x\n" },
    });
    renderWithStore(store, <TasksView />);
    fireEvent.click(screen.getByRole("button", { name: "Open task seed: Task seed" }));
    expect(await screen.findByRole("complementary", { name: "Task seed-2" })).toBeTruthy();
  });

  it("acts on a waiting task: run now, another tier, edit, cancel with a reason", async () => {
    const waiting = makeTask("deploy", {
      task: "Deploy the site",
      tier: 3,
      waitingFor: "awaiting a free slot",
    });
    const { store, bridge } = connectedStore(makeStatus({ pending: { "agent-a": [waiting] } }), {
      taskDetail: ({ id }) => ({
        id,
        where: "inbox",
        title: "Deploy the site",
        text: "TASK: Deploy the site\nTIER: 3\nCONTEXT: after the freeze\n",
      }),
    });
    renderWithStore(store, <TasksView />);
    fireEvent.click(screen.getByRole("button", { name: "Open task deploy: Deploy the site" }));
    const pane = await screen.findByRole("complementary", { name: "Task deploy" });
    await within(pane).findByRole("heading", { name: "Deploy the site" });
    fireEvent.click(within(pane).getByRole("button", { name: "Run Deploy the site now" }));
    await waitFor(() => expect(bridge.calls.at(-1)).toEqual({ name: "runNow", params: { id: "deploy" } }));
    fireEvent.change(within(pane).getByRole("combobox", { name: "Tier of Deploy the site" }), {
      target: { value: "1" },
    });
    await waitFor(() =>
      expect(bridge.calls.at(-1)).toEqual({ name: "editTask", params: { id: "deploy", edit: { tier: 1 } } }),
    );
    fireEvent.click(within(pane).getByRole("button", { name: "Edit" }));
    const form = within(pane).getByRole("form", { name: "Edit Deploy the site" });
    expect((within(form).getByRole("textbox", { name: "Context" }) as HTMLTextAreaElement).value).toBe(
      "after the freeze",
    );
    fireEvent.change(within(form).getByRole("combobox", { name: "Priority" }), {
      target: { value: "urgent" },
    });
    fireEvent.click(within(form).getByRole("button", { name: "Save" }));
    await waitFor(() =>
      expect(bridge.calls.at(-1)).toEqual({
        name: "editTask",
        params: {
          id: "deploy",
          edit: {
            task: "Deploy the site",
            priority: "urgent",
            context: "after the freeze",
            expectedOutput: null,
            deadline: null,
          },
        },
      }),
    );
    fireEvent.click(within(pane).getByRole("button", { name: "Cancel…" }));
    const cancel = within(pane).getByRole("form", { name: "Cancel Deploy the site" });
    fireEvent.change(within(cancel).getByRole("textbox"), { target: { value: "not this week" } });
    fireEvent.click(within(cancel).getByRole("button", { name: "Cancel the task" }));
    await waitFor(() =>
      expect(bridge.calls.at(-1)).toEqual({
        name: "cancel",
        params: { id: "deploy", reason: "not this week" },
      }),
    );
  });
});
