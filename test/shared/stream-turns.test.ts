import { describe, expect, it } from "vitest";
import { streamTurns } from "../../shared/stream-turns.js";

const line = (event: unknown) => JSON.stringify(event);

describe("a worker's stream as turns", () => {
  it("reads the CLI's stream-json as start, text, tool calls with their target, results and the final result", () => {
    const turns = streamTurns([
      line({ type: "system", subtype: "init", model: "claude-sonnet-5", session_id: "s" }),
      line({ type: "assistant", message: { id: "m1", content: [{ type: "text", text: "Writing it." }] } }),
      line({
        type: "assistant",
        message: {
          id: "m1",
          content: [
            { type: "tool_use", name: "Write", input: { file_path: "/crew/outputs/a.md", content: "x" } },
          ],
        },
      }),
      line({
        type: "user",
        message: {
          content: [{ type: "tool_result", content: "File created successfully at: /crew/outputs/a.md" }],
        },
      }),
      line({
        type: "user",
        message: {
          content: [
            {
              type: "tool_result",
              is_error: true,
              content: [{ type: "text", text: "Permission denied\nmore" }],
            },
          ],
        },
      }),
      line({ type: "result", is_error: false, result: "Wrote a.md.", total_cost_usd: 0.0096 }),
    ]);
    expect(turns).toEqual([
      { kind: "start", text: "session started on claude-sonnet-5" },
      { kind: "text", text: "Writing it." },
      { kind: "tool", tool: "Write", text: "/crew/outputs/a.md" },
      { kind: "tool-result", text: "File created successfully at: /crew/outputs/a.md", isError: false },
      { kind: "tool-result", text: "Permission denied\nmore", isError: true },
      { kind: "result", text: "Wrote a.md. ($0.0096)", isError: false },
    ]);
  });

  it("marks the CLI's own error messages, and shows a plain worker's lines as output", () => {
    expect(
      streamTurns([
        line({
          type: "assistant",
          error: "authentication_failed",
          message: { content: [{ type: "text", text: "Not logged in" }] },
        }),
        "step 1 of 3",
        "{not json",
      ]),
    ).toEqual([
      { kind: "error", text: "Not logged in", isError: true },
      { kind: "output", text: "step 1 of 3" },
      { kind: "output", text: "{not json" },
    ]);
  });
});
