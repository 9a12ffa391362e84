/** The host's permission broker over the request files: answers, "for this task", the wait, and shutdown. */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { PermissionEntry } from "../../../core/engine/run-record.js";
import type { NotificationInput } from "../../../core/notify/notifier.js";
import { PermissionBroker } from "../../../core/permissions/permission-broker.js";
import { readPendingRequests } from "../../../core/permissions/request-file.js";
import { type AskOutcome, askOperator } from "../../../core/permissions/permission-files.js";
import { parseConfig } from "../../../shared/config.js";
import { type CrewFixture, makeCrew } from "../../support/crew-fixture.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function broker(waitSeconds = 60) {
  const crew: CrewFixture = await makeCrew();
  cleanups.push(() => crew.cleanup());
  const parsed = parseConfig(JSON.stringify({ permissions: { waitSeconds } }));
  if (!parsed.ok) throw new Error("config");
  const recorded: { taskId: string; entry: PermissionEntry }[] = [];
  const waiting: [string, boolean][] = [];
  const raised: NotificationInput[] = [];
  const instance = new PermissionBroker({
    root: crew.root,
    config: () => parsed.config,
    notifier: { notify: async (input) => void raised.push(input) as never },
    pollMs: 50,
    tasks: {
      recordDecision: async (taskId, entry) => void recorded.push({ taskId, entry }),
      setWaiting: (taskId, on) => void waiting.push([taskId, on]),
    },
  });
  await instance.start();
  let stopped = false;
  const stop = async () => {
    if (!stopped) await instance.stop();
    stopped = true;
  };
  cleanups.push(stop);
  const ask = (tool: string, input: Record<string, unknown> = { command: "git push" }): Promise<AskOutcome> =>
    askOperator(
      crew.root,
      { source: "worker", taskId: "seed", agent: "agent-b", tool, input },
      { pollMs: 20 },
    );
  const pending = async () => {
    for (let tries = 0; tries < 100; tries++) {
      const found = instance.pending();
      if (found.length) return found;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return [];
  };
  return { crew, instance, recorded, waiting, raised, ask, pending, stop };
}

describe("the permission broker", () => {
  it("holds a worker's request open, notifies with the three answers, and records the operator's", async () => {
    const { crew, instance, recorded, waiting, raised, ask, pending } = await broker();
    const asked = ask("Bash");
    const [request] = await pending();
    expect(request).toMatchObject({
      source: "worker",
      taskId: "seed",
      agent: "agent-b",
      tool: "Bash",
      input: { command: "git push" },
    });
    expect(await readPendingRequests(crew.root)).toEqual([request]);
    expect(raised[0]).toMatchObject({
      kind: "permission",
      title: "agent-b (task seed) asks to run Bash: git push",
      actions: ["allow", "allow-task", "deny"],
      permissionId: request?.id,
      taskId: "seed",
    });
    expect(waiting).toEqual([["seed", true]]);
    expect(await instance.answer(request?.id ?? "", "deny")).toMatchObject({ ok: true });
    expect(await asked).toMatchObject({ kind: "answered", answer: { decision: "deny", by: "operator" } });
    expect(recorded).toEqual([
      {
        taskId: "seed",
        entry: expect.objectContaining({ tool: "Bash", input: "git push", decision: "deny", by: "operator" }),
      },
    ]);
    expect(waiting.at(-1)).toEqual(["seed", false]);
    expect(instance.pending()).toEqual([]);
    expect(await instance.answer(request?.id ?? "", "deny")).toMatchObject({ ok: false });
  });

  it("allows the same tool again without asking once it was allowed for this task", async () => {
    const { instance, recorded, raised, ask, pending } = await broker();
    const first = ask("Bash");
    const [request] = await pending();
    await instance.answer(request?.id ?? "", "allow-task");
    expect((await first).kind).toBe("answered");
    expect(await ask("Bash", { command: "npm publish" })).toMatchObject({
      kind: "answered",
      answer: { decision: "allow-task", by: "allowed for this task earlier" },
    });
    expect(recorded.map((one) => [one.entry.input, one.entry.by])).toEqual([
      ["git push", "operator"],
      ["npm publish", "allowed for this task earlier"],
    ]);
    expect(raised).toHaveLength(1);
  });

  it("denies a worker's request nobody answers within the wait", async () => {
    const { recorded, ask } = await broker(0.2);
    const outcome = await ask("Bash");
    expect(outcome).toMatchObject({ kind: "answered", answer: { decision: "deny", by: "timeout" } });
    expect(outcome.kind === "answered" && outcome.answer.message).toMatch(/Nobody answered within 0.2 s/);
    expect(recorded[0]?.entry).toMatchObject({ decision: "deny", by: "timeout" });
  });

  it("denies what waits when the host stops, and asks nothing once it is gone", async () => {
    const { crew, ask, pending, stop } = await broker();
    const asked = ask("Bash");
    await pending();
    await stop();
    expect(await asked).toMatchObject({
      kind: "answered",
      answer: { decision: "deny", by: "the host stopped" },
    });
    expect(await askOperator(crew.root, { source: "worker", tool: "Bash", input: {} })).toEqual({
      kind: "no-host",
    });
  });

  it("forgets a request its asker withdrew", async () => {
    const { crew, instance, pending } = await broker();
    const controller = new AbortController();
    const asked = askOperator(
      crew.root,
      { source: "session", sessionId: "s1", tool: "Bash", input: {} },
      { pollMs: 20, signal: controller.signal },
    );
    await pending();
    controller.abort();
    expect(await asked).toMatchObject({ kind: "unanswered" });
    for (let tries = 0; tries < 50 && instance.pending().length; tries++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(instance.pending()).toEqual([]);
  });

  it("cannot be answered by a worker writing an answer into the crew root (its Write needs no permission there)", async () => {
    const { crew, instance, ask, pending } = await broker();
    const asked = ask("Bash");
    const [request] = await pending();
    const id = request?.id ?? "";
    await writeFile(
      join(crew.root, ".switchyard/permissions", `${id}.answer.json`),
      JSON.stringify({ decision: "allow-once", by: "operator", at: new Date().toISOString() }),
    );
    const early = await Promise.race([
      asked,
      new Promise((resolve) => setTimeout(() => resolve("still waiting"), 300)),
    ]);
    expect(early).toBe("still waiting");
    await instance.answer(id, "deny");
    expect(await asked).toMatchObject({ kind: "answered", answer: { decision: "deny" } });
  });

  it("does not trust a broker.json whose answers folder is inside the crew root", async () => {
    const crew = await makeCrew();
    cleanups.push(() => crew.cleanup());
    const forged = join(crew.root, ".switchyard/forged");
    await mkdir(forged, { recursive: true, mode: 0o700 });
    await mkdir(join(crew.root, ".switchyard/permissions"), { recursive: true });
    await writeFile(
      join(crew.root, ".switchyard/permissions/broker.json"),
      JSON.stringify({
        pid: process.pid,
        startedAt: new Date().toISOString(),
        waitSeconds: 60,
        answers: forged,
      }),
    );
    expect(await askOperator(crew.root, { source: "worker", tool: "Bash", input: {} })).toEqual({
      kind: "no-host",
    });
  });
});
