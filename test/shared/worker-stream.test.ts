import { describe, expect, it } from "vitest";
import {
  applyStreamLine,
  emptyProgress,
  resultLine,
  type StreamMemory,
  type WorkerProgress,
} from "../../shared/worker-stream.js";

const replay = (lines: string[]): WorkerProgress => {
  const seen: StreamMemory = new Map();
  return lines.reduce((progress, line) => applyStreamLine(progress, line, seen), emptyProgress());
};

// Shapes as the Claude Code CLI prints them with --output-format stream-json --verbose.
const CLI_STREAM = [
  JSON.stringify({ type: "system", subtype: "init", session_id: "s-1", model: "claude-sonnet-5" }),
  JSON.stringify({
    type: "assistant",
    session_id: "s-1",
    message: {
      id: "m1",
      model: "claude-sonnet-5",
      content: [{ type: "text", text: "Writing the file." }],
      usage: { input_tokens: 1200, output_tokens: 1 },
    },
  }),
  JSON.stringify({
    type: "assistant",
    session_id: "s-1",
    message: {
      id: "m1",
      model: "claude-sonnet-5",
      content: [{ type: "tool_use", name: "Write", input: {} }],
      usage: { input_tokens: 1200, output_tokens: 1 },
    },
  }),
  JSON.stringify({
    type: "user",
    message: { role: "user", content: [{ type: "tool_result", content: "ok" }] },
  }),
  JSON.stringify({
    type: "assistant",
    session_id: "s-1",
    message: {
      id: "m2",
      model: "claude-sonnet-5",
      content: [{ type: "text", text: "Done: 3 listings updated.\nDetails follow." }],
      usage: { input_tokens: 1300, output_tokens: 40 },
    },
  }),
  JSON.stringify({
    type: "result",
    subtype: "success",
    is_error: false,
    result: "Done: 3 listings updated.\nDetails follow.",
    session_id: "s-1",
    total_cost_usd: 0.0096,
    num_turns: 2,
    usage: { input_tokens: 2500 },
    modelUsage: { "claude-sonnet-5": {} },
  }),
];

describe("worker stream progress", () => {
  it("counts turns by message, tool calls, tokens, and takes the final cost and session from the result", () => {
    const progress = replay(CLI_STREAM);
    expect(progress).toMatchObject({
      turns: 2,
      toolCalls: 1,
      lastTool: "Write",
      sessionId: "s-1",
      costUsd: 0.0096,
      structured: true,
    });
    expect(progress.usage).toEqual({
      "claude-sonnet-5": { input: 2500, output: 41, cacheWrite: 0, cacheRead: 0 },
    });
    expect(progress.result).toMatchObject({ isError: false, costUsd: 0.0096, numTurns: 2 });
    expect(resultLine(progress)).toBe("Done: 3 listings updated.");
  });

  it("reports progress before the result arrives", () => {
    const progress = replay(CLI_STREAM.slice(0, 3));
    expect(progress).toMatchObject({
      turns: 1,
      toolCalls: 1,
      lastTool: "Write",
      lastText: "Writing the file.",
      costUsd: 0,
    });
    expect(progress.result).toBeUndefined();
  });

  it("treats a plain worker's last line as its result, with a cost only when it reports one", () => {
    const plain = replay(["starting", "step 2", "all good: 4 files"]);
    expect(plain).toMatchObject({ structured: false, costUsd: 0, lines: 3 });
    expect(resultLine(plain)).toBe("all good: 4 files");
    expect(replay(["done", "cost_usd=0.25"]).costUsd).toBe(0.25);
  });

  it("counts a message's usage once, growing when a later block of the same message reports more", () => {
    const block = (output: number, cacheRead: number) =>
      JSON.stringify({
        type: "assistant",
        message: {
          id: "m1",
          model: "claude-opus-4-5",
          content: [],
          usage: { input_tokens: 10, output_tokens: output, cache_read_input_tokens: cacheRead },
        },
      });
    const progress = replay([block(1, 500), block(300, 500), block(200, 500)]);
    expect(progress.turns).toBe(1);
    expect(progress.usage["claude-opus-4-5"]).toEqual({
      input: 10,
      output: 300,
      cacheWrite: 0,
      cacheRead: 500,
    });
  });

  it("keeps the CLI's error code of a message it made up (not logged in)", () => {
    const progress = replay([
      JSON.stringify({
        type: "assistant",
        error: "authentication_failed",
        message: {
          id: "x",
          model: "<synthetic>",
          content: [{ type: "text", text: "Not logged in · Please run /login" }],
        },
      }),
    ]);
    expect(progress.apiError).toBe("authentication_failed");
    expect(progress.lastText).toBe("Not logged in · Please run /login");
  });

  it("never throws on garbage lines", () => {
    expect(() =>
      replay(["{not json", '{"type":"assistant"}', "\u0000\u0001", '{"type":"result","total_cost_usd":"x"}']),
    ).not.toThrow();
  });
});

describe("the files a worker writes", () => {
  it("are the paths its Write, Edit and NotebookEdit calls name, once each", () => {
    const call = (id: string, name: string, input: Record<string, unknown>) =>
      JSON.stringify({ type: "assistant", message: { id, content: [{ type: "tool_use", name, input }] } });
    const progress = replay([
      call("m1", "Write", { file_path: "/crew/outputs/a.md", content: "x" }),
      call("m2", "Read", { file_path: "/crew/README.md" }),
      call("m3", "Edit", { file_path: "/crew/outputs/a.md", old_string: "x", new_string: "y" }),
      call("m4", "NotebookEdit", { notebook_path: "/crew/n.ipynb" }),
    ]);
    expect(progress.filesWritten).toEqual(["/crew/outputs/a.md", "/crew/n.ipynb"]);
  });
});
