/**
 * Queue behaviour with a plain shell worker: priority order, per-agent concurrency, LOCKS
 * that make a task wait (and say for what), claiming a drop by watching (no rescan), and files
 * that are not tasks. How fast a drop is claimed is measured in `npm run bench`, not here.
 */
import { readdir, readFile, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { decideApproval } from "../../../core/approvals/approval-actions.js";
import { Engine } from "../../../core/engine/engine.js";
import { changeTaskTier } from "../../../core/tasks/task-edit.js";
import { type CrewFixture, crewConfig, makeCrew } from "../../support/crew-fixture.js";

let crew: CrewFixture | undefined;
let engine: Engine | undefined;
afterEach(async () => {
  await engine?.stop();
  await crew?.cleanup();
  engine = crew = undefined;
});

/** Each run appends its task id to outputs/order.log, then writes its output. */
const LOGGING_WORKER = {
  command: "sh",
  args: [
    "-c",
    'echo "$SWITCHYARD_TASK_ID" >> outputs/order.log; sleep 0.05; echo ok > "$SWITCHYARD_EXPECTED_OUTPUT"',
  ],
};

async function start(settings: Record<string, unknown>, watch = false) {
  crew = await makeCrew({ costs: { importInteractive: false }, ...settings });
  engine = new Engine({ root: crew.root, config: await crewConfig(crew), watch });
  return { crew, engine };
}

const task = (id: string, extra = "") => `TASK: job ${id}\nEXPECTED_OUTPUT: outputs/${id}.md\n${extra}`;
const waitFor = async (check: () => Promise<boolean>, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe("the engine's queue", () => {
  it("runs urgent before high before normal before low, oldest first within a priority", async () => {
    const { crew, engine } = await start({ worker: LOGGING_WORKER });
    await crew.drop("for_agent_a", "low.md", task("low", "PRIORITY: low\n"));
    await crew.drop("for_agent_a", "normal-old.md", task("normal-old"));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await crew.drop("for_agent_a", "normal-new.md", task("normal-new"));
    await crew.drop("for_agent_a", "urgent.md", task("urgent", "PRIORITY: urgent\n"));
    await crew.drop("for_agent_a", "high.md", task("high", "PRIORITY: high\n"));
    await engine.start();
    await engine.whenIdle();
    expect((await crew.read("outputs/order.log")).trim().split("\n")).toEqual([
      "urgent",
      "high",
      "normal-old",
      "normal-new",
      "low",
    ]);
  });

  it("never runs more of an agent's tasks at once than its concurrency, and pauses an agent at 0", async () => {
    const worker = {
      command: "sh",
      args: [
        "-c",
        'mkdir outputs/running-$SWITCHYARD_TASK_ID; ls outputs | grep -c running- >> outputs/parallel.log; sleep 0.2; rmdir outputs/running-$SWITCHYARD_TASK_ID; echo ok > "$SWITCHYARD_EXPECTED_OUTPUT"',
      ],
    };
    const { crew, engine } = await start({
      worker,
      agents: { "agent-a": { concurrency: 2 }, "agent-b": { concurrency: 0 } },
    });
    for (const id of ["a1", "a2", "a3", "a4", "a5"]) await crew.drop("for_agent_a", `${id}.md`, task(id));
    await crew.drop("for_agent_b", "paused.md", task("paused"));
    await engine.start();
    await engine.whenIdle();
    const parallel = (await crew.read("outputs/parallel.log")).trim().split("\n").map(Number);
    expect(parallel).toHaveLength(5);
    expect(Math.max(...parallel)).toBe(2);
    expect(await readdir(join(crew.root, "coordination/for_agent_b"))).toEqual(["paused.md"]);
  });

  it("makes a task whose lock is held wait, says for what, and runs it once the lock is released", async () => {
    const { crew, engine } = await start({ worker: LOGGING_WORKER }, true);
    const lock = join(crew.root, "coordination/in_progress", `devto-${Math.floor(Date.now() / 1000)}.lock`);
    await writeFile(lock, "agent-a: updating articles\n");
    await engine.start();
    await crew.drop("for_agent_b", "post.md", task("post", "LOCKS: devto\n"));
    await waitFor(async () => engine.waiting().length === 1);
    expect(engine.waiting()[0]?.reason).toBe("waiting for lock devto held by agent-a (updating articles)");
    await unlink(lock);
    await waitFor(async () => (await readdir(join(crew.root, "coordination/completed"))).includes("post.md"));
    // While it ran, the worker held the lock itself, as agent-b, and gave it back afterwards.
    const devtoHolds = async () =>
      (await crew.read(".switchyard/lock-history.jsonl").catch(() => ""))
        .split("\n")
        .filter((line) => line.includes('"resource":"devto"'))
        .map((line) => JSON.parse(line));
    await waitFor(async () => (await devtoHolds()).length > 0);
    expect(await devtoHolds()).toEqual([
      expect.objectContaining({ resource: "devto", holder: "agent-b", how: "released" }),
    ]);
  });

  it("claims a task dropped into a watched inbox by watching, without waiting for a rescan", async () => {
    const { crew, engine } = await start({ worker: LOGGING_WORKER }, true);
    await engine.start();
    const rescan = engine.rescan.bind(engine);
    let rescans = 0;
    engine.rescan = async () => {
      rescans++;
      return rescan();
    };
    await crew.drop("for_agent_a", "quick.md", task("quick"));
    await waitFor(
      async () => (await readdir(join(crew.root, "coordination/completed"))).includes("quick.md"),
      10_000,
    );
    expect(rescans).toBe(0);
  });

  it("moves a file that is not a valid task to failed/ unchanged, with the reason appended", async () => {
    const { crew, engine } = await start({ worker: LOGGING_WORKER });
    const original = "PRIORITY: soon\nCONTEXT: forgot the task line\n";
    await crew.drop("for_agent_a", "broken.md", original);
    await engine.start();
    await engine.whenIdle();
    const failed = await readFile(join(crew.root, "coordination/failed/broken.md"), "utf8");
    expect(failed.startsWith(original)).toBe(true);
    expect(failed).toMatch(
      /REASON: line 1: PRIORITY: must be one of low, normal, high, urgent \(got "soon"\)/,
    );
  });

  it("fails at once, without retrying, when the worker command does not exist, and says what to do", async () => {
    const { crew, engine } = await start({ worker: { command: "no-such-worker-command", maxAttempts: 3 } });
    await crew.drop("for_agent_a", "x.md", task("x"));
    await engine.start();
    await engine.whenIdle();
    const failed = await crew.read("coordination/failed/x.md");
    expect(failed).toContain(
      "REASON: could not start the worker: no-such-worker-command was not found: install it, or set worker.command in switchyard.json",
    );
    expect(failed).toContain("ATTEMPTS: 1");
  });

  it("runs an approved task as soon as approvals.json changes, even when another process approved it", async () => {
    const { crew, engine } = await start({ worker: LOGGING_WORKER }, true);
    await engine.start();
    await crew.drop("for_agent_a", "deploy.md", task("deploy", "TIER: 3\n"));
    await waitFor(
      async () => engine.waiting().some((entry) => entry.reason.startsWith("awaiting approval")),
      10_000,
    );
    let rescans = 0;
    const rescan = engine.rescan.bind(engine);
    engine.rescan = async () => {
      rescans++;
      return rescan();
    };
    expect(await decideApproval(crew.root, "deploy", "approve")).toMatchObject({ ok: true });
    await waitFor(
      async () => (await readdir(join(crew.root, "coordination/completed"))).includes("deploy.md"),
      10_000,
    );
    expect(rescans).toBe(0);
  });

  it("runs a task the operator said to run now, past a paused agent and ahead of the queue", async () => {
    const { crew, engine } = await start(
      { worker: LOGGING_WORKER, agents: { "agent-a": { concurrency: 0 } } },
      true,
    );
    await crew.drop("for_agent_a", "first.md", task("first", "PRIORITY: urgent\n"));
    await crew.drop("for_agent_a", "later.md", task("later"));
    await engine.start();
    await waitFor(async () => engine.waiting().length === 2);
    expect(await decideApproval(crew.root, "later", "run-now")).toMatchObject({ ok: true });
    await waitFor(async () =>
      (await readdir(join(crew.root, "coordination/completed"))).includes("later.md"),
    );
    expect((await crew.read("outputs/order.log")).trim()).toBe("later");
    expect(engine.waiting().map((entry) => entry.reason)).toEqual(["agent-a is paused (concurrency 0)"]);
  });

  it("routes an edited waiting task again: a new tier is what it runs on", async () => {
    const { crew, engine } = await start({ worker: LOGGING_WORKER }, true);
    await crew.drop("for_agent_a", "deploy.md", task("deploy", "TIER: 3\nX-Ticket: 7\n"));
    await engine.start();
    await waitFor(async () => engine.waiting().some((entry) => entry.reason.startsWith("awaiting approval")));
    expect(await changeTaskTier(crew.root, "deploy", 1)).toMatchObject({ ok: true });
    await waitFor(async () =>
      (await readdir(join(crew.root, "coordination/completed"))).includes("deploy.md"),
    );
    const archived = await crew.read("coordination/completed/deploy.md");
    expect(archived).toMatch(
      /^TASK: job deploy\nEXPECTED_OUTPUT: outputs\/deploy.md\nTIER: 1\nX-Ticket: 7\n/,
    );
    expect(archived).toMatch(/^TIER: 1$/m);
    const [backup] = await readdir(join(crew.root, ".switchyard/edits"));
    expect(await readFile(join(crew.root, ".switchyard/edits", backup ?? ""), "utf8")).toContain("TIER: 3");
  });
});
