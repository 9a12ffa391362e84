/**
 * Drives the real `claude` CLI against the Messages API stand-in. These are the contract tests
 * for how Switchyard workers behave: if a CLI upgrade changes the wire protocol, stream-json
 * shapes or session storage, they fail here first.
 */
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type ClaudeSandbox, makeClaudeSandbox, runClaude } from "../../bench/support/claude-cli.js";
import {
  claimWithoutWriting,
  failWith,
  hangForever,
  type Standin,
  startMessagesStandin,
  writeThenReport,
} from "../../bench/support/messages-api-standin.js";

// Anything opened by a test is closed afterwards, even when an assertion fails mid-way.
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function sandbox(): Promise<ClaudeSandbox> {
  const box = await makeClaudeSandbox();
  cleanups.push(box.cleanup);
  return box;
}

async function standin(script: Parameters<typeof startMessagesStandin>[0]["script"]): Promise<Standin> {
  const server = await startMessagesStandin({ script });
  cleanups.push(server.close);
  return server;
}

async function postJson(url: string, body: unknown): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

describe("messages-api stand-in over plain HTTP", () => {
  it("answers non-streaming requests with a JSON message carrying usage", async () => {
    const server = await standin(() => ({ kind: "text", text: "plain" }));
    const response = await postJson(`${server.url}/v1/messages?beta=true`, {
      model: "claude-sonnet-5",
      tools: [{ name: "Write" }],
      messages: [{ role: "user", content: "hi" }],
    });
    const message = (await response.json()) as Record<string, unknown>;
    expect(message).toMatchObject({
      type: "message",
      role: "assistant",
      content: [{ type: "text", text: "plain" }],
      stop_reason: "end_turn",
      usage: { input_tokens: 1200, output_tokens: 80 },
    });
    expect(server.requests[0]).toMatchObject({
      path: "/v1/messages",
      query: "?beta=true",
      kind: "main",
      lastUserText: "hi",
    });
  });

  it("streams tool_use as SSE ending in message_delta and message_stop", async () => {
    const server = await standin(writeThenReport("/tmp/x", "data", "done"));
    const response = await postJson(`${server.url}/v1/messages`, {
      model: "claude-sonnet-5",
      stream: true,
      tools: [{ name: "Write" }],
      messages: [{ role: "user", content: "go" }],
    });
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const events = (await response.text()).match(/^event: (\S+)$/gm)?.map((line) => line.slice(7));
    expect(events).toEqual([
      "message_start",
      "ping",
      ...["content_block_start", "content_block_delta", "content_block_stop"], // preamble text
      ...["content_block_start", "content_block_delta", "content_block_stop"], // tool_use
      "message_delta",
      "message_stop",
    ]);
  });

  it("gives side calls schema-shaped JSON, answers count_tokens and HEAD, and marks errors no-retry", async () => {
    const server = await standin(failWith(503));
    const side = await postJson(`${server.url}/v1/messages`, {
      model: "claude-sonnet-5",
      tools: [],
      messages: [{ role: "user", content: "<session>x</session>" }],
      output_config: {
        format: {
          type: "json_schema",
          schema: { type: "object", properties: { title: { type: "string" } } },
        },
      },
    });
    const sideMessage = (await side.json()) as { content: Array<{ text: string }> };
    expect(JSON.parse(sideMessage.content[0]?.text ?? "")).toEqual({ title: "Stand-in session" });

    const count = await postJson(`${server.url}/v1/messages/count_tokens`, { messages: [] });
    expect(await count.json()).toEqual({ input_tokens: expect.any(Number) });
    expect((await fetch(server.url, { method: "HEAD" })).status).toBe(200);

    const failed = await postJson(`${server.url}/v1/messages`, { tools: [{ name: "Write" }], messages: [] });
    expect(failed.status).toBe(503);
    expect(failed.headers.get("x-should-retry")).toBe("false");
    expect(server.requests.map((request) => request.kind)).toEqual(["side", "count_tokens", "other", "main"]);
  });
});

describe("real claude CLI against the stand-in", () => {
  it("writes a file through the Write tool and reports a priced result", async () => {
    const box = await sandbox();
    const target = path.join(box.cwd, "notes/hello.txt");
    const server = await standin(
      writeThenReport(target, "hello from the worker\n", "Wrote notes/hello.txt."),
    );
    const sessionId = randomUUID();

    const run = await runClaude(server.url, box, { prompt: "Write notes/hello.txt", sessionId });

    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    expect(await readFile(target, "utf8")).toBe("hello from the worker\n");
    expect(run.events[0]).toMatchObject({
      type: "system",
      subtype: "init",
      session_id: sessionId,
      cwd: box.cwd,
    });
    expect(run.events.some((event) => event.type === "user")).toBe(true); // the tool_result echo
    expect(run.result).toMatchObject({
      type: "result",
      subtype: "success",
      is_error: false,
      session_id: sessionId,
      result: "Wrote notes/hello.txt.",
      num_turns: 2,
      permission_denials: [],
      usage: { input_tokens: 2400, output_tokens: 160 },
      modelUsage: { "claude-sonnet-5": expect.objectContaining({ inputTokens: 2400, outputTokens: 160 }) },
    });
    expect(run.result?.total_cost_usd).toBeGreaterThan(0);

    const main = server.mainRequests();
    expect(main.map((request) => request.lastUserText)).toEqual(["Write notes/hello.txt", ""]);
    expect(main[1]?.toolResults[0]).toMatchObject({
      isError: false,
      text: expect.stringContaining("File created"),
    });
  });

  it("resumes a persisted session with --resume and a new prompt", async () => {
    const box = await sandbox();
    const server = await standin((request) => ({ kind: "text", text: `ack: ${request.lastUserText}` }));
    const sessionId = randomUUID();

    const first = await runClaude(server.url, box, { prompt: "first prompt", sessionId });
    expect(first.result).toMatchObject({ is_error: false, result: "ack: first prompt" });

    // The transcript lives under CLAUDE_CONFIG_DIR/projects/<cwd with non-alphanumerics as '-'>/.
    const projects = await readdir(path.join(box.configDir, "projects"));
    expect(projects).toHaveLength(1);
    expect(existsSync(path.join(box.configDir, "projects", projects[0] ?? "", `${sessionId}.jsonl`))).toBe(
      true,
    );

    const resumed = await runClaude(server.url, box, { prompt: "second prompt", sessionId, resume: true });
    expect(resumed.exitCode).toBe(0);
    expect(resumed.result).toMatchObject({
      is_error: false,
      session_id: sessionId,
      result: "ack: second prompt",
    });

    // Proof the history was reloaded: the resumed request replays the first exchange.
    const replayed = JSON.stringify(server.mainRequests().at(-1)?.body);
    expect(replayed).toContain("first prompt");
    expect(replayed).toContain("ack: first prompt");
  });

  it("exits 0 when the model claims success without writing anything", async () => {
    const box = await sandbox();
    const target = path.join(box.cwd, "report.md");
    const server = await standin(claimWithoutWriting("I wrote report.md."));

    const run = await runClaude(server.url, box, { prompt: "Write report.md", sessionId: randomUUID() });

    expect(run.exitCode).toBe(0);
    expect(run.result).toMatchObject({ is_error: false, result: "I wrote report.md." });
    expect(existsSync(target)).toBe(false);
    expect(server.mainRequests()).toHaveLength(1);
  });

  it("reports an HTTP error as is_error with exit code 1", async () => {
    const box = await sandbox();
    const server = await standin(failWith(500, "stand-in outage"));

    const run = await runClaude(server.url, box, { prompt: "anything", sessionId: randomUUID() });

    expect(run.exitCode).toBe(1);
    // Quirk: subtype stays "success"; is_error and api_error_status carry the failure.
    expect(run.result).toMatchObject({ is_error: true, api_error_status: 500 });
    expect(String(run.result?.result)).toContain("stand-in outage");
    expect(server.mainRequests()).toHaveLength(1); // x-should-retry: false => no retries
  });

  it("leaves a hung stream hanging until the caller kills the CLI", async () => {
    const box = await sandbox();
    const server = await standin(hangForever());

    const run = await runClaude(server.url, box, {
      prompt: "anything",
      sessionId: randomUUID(),
      timeoutMs: 3_000,
    });

    expect(run.timedOut).toBe(true);
    expect(run.result).toBeUndefined();
    expect(run.events.map((event) => event.type)).toEqual(["system"]);
    expect(server.mainRequests()).toHaveLength(1);
  });
});
