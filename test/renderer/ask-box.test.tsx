// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { AskBox } from "../../renderer/components/AskBox.js";
import { connectedStore, makeStatus, makeTask } from "./crew-fixtures.js";
import { renderWithStore } from "./render-view.js";

afterEach(cleanup);

const ask = (text: string) => {
  fireEvent.change(screen.getByRole("textbox", { name: "Message to the crew" }), { target: { value: text } });
  fireEvent.click(screen.getByRole("button", { name: "Ask" }));
};

describe("Ask the crew", () => {
  it("sends the message to the always-on agent and shows its answer with the files it cites", async () => {
    const { store, bridge } = connectedStore(makeStatus(), {
      ask: ({ text }) => ({
        kind: "answer",
        text: `agent-b is on listing_update (you asked: ${text})`,
        sources: ["coordination/in_progress/listing_update.md"],
        tier: 1,
        costUsd: 0.0016,
      }),
    });
    renderWithStore(store, <AskBox />);
    ask("What is agent-b doing?");
    const answers = await screen.findByRole("list", { name: "Answers" });
    await waitFor(() => expect(answers.textContent).toContain("agent-b is on listing_update"));
    expect(answers.textContent).toContain("Sources: coordination/in_progress/listing_update.md");
    expect(answers.textContent).toContain("Triaged on tier 1 · $0.0016");
    expect(bridge.calls.find((call) => call.name === "ask")?.params).toEqual({
      text: "What is agent-b doing?",
    });
    expect((screen.getByRole("textbox", { name: "Message to the crew" }) as HTMLInputElement).value).toBe("");
  });

  it("shows the report of a task it delegated once that task is done", async () => {
    const { store, bridge } = connectedStore(makeStatus(), {
      ask: () => ({
        kind: "delegated",
        text: "Queued for agent-b on tier 2 (sonnet) as haiku-task: it writes outputs/haiku.md.",
        sources: ["coordination/for_agent_b/haiku-task.md"],
        taskId: "haiku-task",
        tier: 0,
        costUsd: 0,
      }),
    });
    renderWithStore(store, <AskBox />);
    ask("Write a haiku into outputs/haiku.md");
    const answers = await screen.findByRole("list", { name: "Answers" });
    await waitFor(() =>
      expect(answers.textContent).toContain("Task file: coordination/for_agent_b/haiku-task.md"),
    );
    bridge.emit({
      kind: "notification",
      notification: {
        id: "n1",
        at: "2026-04-09T21:31:00.000Z",
        kind: "task-done",
        priority: "normal",
        title: "Done: Write a haiku",
        body: "agent-b: Quiet inbox hums\nTier 2, $0.12, 1 attempt · outputs/haiku.md",
        taskId: "haiku-task",
        askedBy: "window",
      },
    });
    const report = await within(answers).findByRole("status");
    expect(report.textContent).toContain("Done: Write a haiku");
    expect(report.textContent).toContain("Quiet inbox hums");
  });

  it("offers Approve / Queue / Reject under the answer while the task it queued waits for approval", async () => {
    const status = makeStatus({ awaitingApproval: [makeTask("launch-post", { agent: "agent-b" })] });
    const { store, bridge } = connectedStore(status, {
      ask: () => ({
        kind: "delegated",
        text: "Queued for agent-b on tier 2 (sonnet) as launch-post. Needs your approval because …",
        sources: ["coordination/for_agent_b/launch-post.md"],
        taskId: "launch-post",
      }),
    });
    renderWithStore(store, <AskBox />);
    ask("Draft the launch post");
    fireEvent.click(await screen.findByRole("button", { name: "Approve Draft the launch post" }));
    await waitFor(() =>
      expect(bridge.calls.at(-1)).toEqual({ name: "approve", params: { id: "launch-post" } }),
    );
  });

  it("says what went wrong when the request fails, and asks nothing for an empty message", async () => {
    const { store, bridge } = connectedStore(makeStatus(), {
      ask: () => {
        throw new Error("the crew is not reachable");
      },
    });
    renderWithStore(store, <AskBox />);
    expect((screen.getByRole("button", { name: "Ask" }) as HTMLButtonElement).disabled).toBe(true);
    ask("Anyone there?");
    await screen.findByText("the crew is not reachable");
    expect(bridge.calls.filter((call) => call.name === "ask")).toHaveLength(1);
  });
});
