/**
 * Sessions, permission prompts and conflicts (SPEC §10) end to end: a real daemon on a crew
 * root with the hooks installed, the real `claude` CLI (workers and `claude -p` sessions)
 * against the Messages API stand-in, and the operator answering over the HTTP API.
 */
import { access, readFile } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Notification } from "../../../shared/notification.js";
import { readRunRecord } from "../../../core/engine/run-record.js";
import { type HookedCrew, hookedCrew } from "../../support/hooked-crew.js";
import type { ParsedRequest, StandinReply } from "../../../bench/support/messages-api-standin.js";

const crews: HookedCrew[] = [];
afterEach(async () => {
  for (const crew of crews.splice(0)) await crew.stopAll();
});

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

type Block = { type?: string; text?: string };
type Message = { role?: string; content?: string | Block[] };

/** How many tool results came back since the operator's last prompt: the step a scripted session is at. */
function step(request: ParsedRequest): number {
  const users = ((request.body as { messages?: Message[] }).messages ?? []).filter(
    (message) => message.role === "user",
  );
  const blocks = (message: Message): Block[] =>
    typeof message.content === "string" ? [{ type: "text", text: message.content }] : (message.content ?? []);
  const isPrompt = (message: Message) =>
    !blocks(message).some((block) => block.type === "tool_result") &&
    blocks(message).some(
      (block) => block.type === "text" && !block.text?.trimStart().startsWith("<system-reminder>"),
    );
  return users
    .slice(users.findLastIndex(isPrompt) + 1)
    .flatMap(blocks)
    .filter((block) => block.type === "tool_result").length;
}

const PUSH = "touch outputs/bash-ran.txt && git push origin main";

/** A worker that needs Bash (outside acceptEdits), then writes its output and reports. */
const pushThenReport =
  (root: string) =>
  (request: ParsedRequest): StandinReply => {
    const at = step(request);
    if (at === 0)
      return { kind: "tool_use", name: "Bash", input: { command: PUSH, description: "Push the release" } };
    if (at === 1)
      return {
        kind: "tool_use",
        name: "Write",
        input: { file_path: join(root, "outputs/result.md"), content: "released\n" },
      };
    return { kind: "text", text: "Pushed and wrote the result." };
  };

const PUSH_TASK = "TASK: Push the release\nEXPECTED_OUTPUT: outputs/result.md\n";

async function crewWith(script: (root: string) => (request: ParsedRequest) => StandinReply, extra = {}) {
  const crew = await hookedCrew(script, extra);
  crews.push(crew);
  return crew;
}

describe("a worker's permission prompt, with the real claude CLI", () => {
  it("shows the worker's session waiting for Bash, is allowed from the API, and finishes", async () => {
    // A worker silent while it waits for the operator (longer than hangSeconds) is not killed as hung.
    const crew = await crewWith(pushThenReport, { worker: { hangSeconds: 4 } });
    const root = crew.crew.root;
    await crew.crew.drop("for_agent_b", "push.md", PUSH_TASK);

    // The request appears with the exact tool and input, and the worker's session (from its hooks) waits on it.
    const request = await crew.until("a permission request", (status) => status.permissionRequests[0]);
    expect(request).toMatchObject({ source: "worker", taskId: "push", agent: "agent-b", tool: "Bash" });
    expect(request.input.command).toBe(PUSH);
    const session = await crew.until("the worker's session waiting", (status) =>
      status.sessions.find((candidate) => candidate.task === "push" && candidate.state === "waiting"),
    );
    expect(session.agent).toBe("agent-b");
    expect(session.waitingFor).toMatchObject({
      reason: "permission",
      tool: "Bash",
      input: PUSH,
      permissionId: request.id,
    });
    expect(await exists(join(root, "outputs/bash-ran.txt"))).toBe(false);
    const feed = await crew.api<Notification[]>("notifications", { limit: 50 });
    const asked = feed.find((notification) => notification.kind === "permission");
    expect(asked?.title).toBe(`agent-b (task push) asks to run Bash: ${PUSH}`);
    expect(asked?.actions).toEqual(["allow", "allow-task", "deny"]);

    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect(await crew.api("answerPermission", { id: request.id, decision: "allow-once" })).toMatchObject({
      ok: true,
    });

    const done = await crew.until("the task completed", (status) =>
      status.completed.find((task) => task.id === "push"),
    );
    expect(done.footer).toMatchObject({ status: "done", attempts: 1 });
    expect(await exists(join(root, "outputs/bash-ran.txt"))).toBe(true);
    const record = await readRunRecord(root, "push");
    expect(record?.permissions).toEqual([
      expect.objectContaining({
        tool: "Bash",
        input: PUSH,
        decision: "allow-once",
        by: "operator",
        attempt: 1,
      }),
    ]);
    const ended = await crew.until("the session ended", (status) =>
      status.sessions.find((candidate) => candidate.task === "push" && candidate.state === "ended"),
    );
    expect(ended.filesWritten).toContain("outputs/result.md");
    expect((await crew.status()).permissionRequests).toEqual([]);
  });

  it("denies a request nobody answers within permissions.waitSeconds, and records it", async () => {
    const crew = await crewWith(pushThenReport, { permissions: { waitSeconds: 1 } });
    await crew.crew.drop("for_agent_b", "push.md", PUSH_TASK);
    await crew.until("the task completed", (status) => status.completed.find((task) => task.id === "push"));
    expect(await exists(join(crew.crew.root, "outputs/bash-ran.txt"))).toBe(false);
    const record = await readRunRecord(crew.crew.root, "push");
    expect(record?.permissions).toEqual([
      expect.objectContaining({ tool: "Bash", decision: "deny", by: "timeout" }),
    ]);
    // The model was told why, in words it can act on.
    const denied = crew.standin.mainRequests()[1];
    expect(JSON.stringify(denied?.body)).toContain("Nobody answered within 1 s");
  });
});

/** A session that reads the shared notes (they may not exist yet), writes them, and stops. */
const readThenWrite =
  (root: string) =>
  (request: ParsedRequest): StandinReply => {
    const file = join(root, "outputs/shared.md");
    const at = step(request);
    if (at === 0) return { kind: "tool_use", name: "Read", input: { file_path: file } };
    if (at === 1)
      return {
        kind: "tool_use",
        name: "Write",
        input: { file_path: file, content: `notes ${Date.now()}\n` },
      };
    return { kind: "text", text: "Updated the notes." };
  };

describe("the conflict radar, with the real claude CLI", () => {
  it("raises one conflict when two sessions write one file with no lock between them", async () => {
    const crew = await crewWith(readThenWrite);
    const sessionA = randomUUID();
    const first = await crew.claudeSession("Update the shared notes", { SWITCHYARD_AGENT: "agent-a" }, [
      "--session-id",
      sessionA,
    ]);
    expect(first.exitCode).toBe(0);
    const second = await crew.claudeSession("Update the shared notes", { SWITCHYARD_AGENT: "agent-b" });
    expect(second.exitCode).toBe(0);

    const conflict = await crew.until("a conflict", (status) => status.conflicts[0]);
    expect(conflict.path).toBe("outputs/shared.md");
    expect(conflict.writers.map((writer) => [writer.kind, writer.label])).toEqual([
      ["session", expect.stringMatching(/^agent-a/)],
      ["session", expect.stringMatching(/^agent-b/)],
    ]);
    expect(conflict.resource).toBe("outputs-shared.md");
    expect(conflict.fix.locksLine).toBe("LOCKS: outputs-shared.md");
    expect(conflict.fix.lockRun).toContain("switchyard lock run outputs-shared.md --as agent-b");

    // The first session writes again (resumed) within the window: still one conflict, one notification.
    const again = await crew.claudeSession("Update them once more", { SWITCHYARD_AGENT: "agent-a" }, [
      "--resume",
      sessionA,
    ]);
    expect(again.exitCode).toBe(0);
    await crew.until("the resumed session's second write", (status) =>
      status.sessions.find(
        (session) =>
          session.id === sessionA &&
          session.lastEvent.name === "SessionEnd" &&
          Date.parse(session.lastEvent.at) > Date.parse(conflict.at),
      ),
    );
    const status = await crew.status();
    expect(status.conflicts).toHaveLength(1);
    const feed = await crew.api<Notification[]>("notifications", { limit: 50 });
    const raised = feed.filter((notification) => notification.kind === "conflict");
    expect(raised).toHaveLength(1);
    expect(raised[0]?.title).toMatch(/^Conflict: agent-a .* and agent-b .* both wrote outputs\/shared\.md$/);
    expect(raised[0]?.body).toContain("LOCKS: outputs-shared.md");
    const timeline = await crew.api<{ conflicts: { path: string }[] }>("timeline", { hours: 1 });
    expect(timeline.conflicts.map((marked) => marked.path)).toEqual(["outputs/shared.md"]);
    expect(await readFile(join(crew.crew.root, "outputs/shared.md"), "utf8")).toMatch(/^notes /);
  });
});
