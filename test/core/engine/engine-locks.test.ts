/**
 * A task's resource locks: always given back (even when archiving fails), never the app's own
 * internal names, and always held while the task runs (a task resumed after a crash waits for
 * them instead of running without).
 */
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseTaskFile } from "../../../shared/task-file.js";
import { createCrewContext } from "../../../core/crew-context.js";
import { Engine } from "../../../core/engine/engine.js";
import { reserveRunDir, writeRunRecord } from "../../../core/engine/run-record.js";
import { LockStore } from "../../../core/locks/lock-store.js";
import { addTask } from "../../../core/tasks/add-task.js";
import { type CrewFixture, crewConfig, makeCrew } from "../../support/crew-fixture.js";
import { until } from "../../support/daemon-api.js";

let crew: CrewFixture | undefined;
let engine: Engine | undefined;
afterEach(async () => {
  await engine?.stop();
  await crew?.cleanup();
  engine = crew = undefined;
});

/** Logs its id and whether it ran while holding the devto lock, then writes its output. */
const WORKER = {
  command: "sh",
  args: [
    "-c",
    'if ls coordination/in_progress/devto-*.lock >/dev/null 2>&1; then held=yes; else held=no; fi; echo "$SWITCHYARD_TASK_ID $held" >> outputs/ran.log; echo ok > "$SWITCHYARD_EXPECTED_OUTPUT"',
  ],
};

const locksIn = async (root: string) =>
  (await readdir(join(root, "coordination/in_progress"))).filter((name) => name.endsWith(".lock"));

async function start(settings: Record<string, unknown> = {}) {
  crew = await makeCrew({ worker: WORKER, costs: { importInteractive: false }, ...settings });
  engine = new Engine({ root: crew.root, config: await crewConfig(crew), watch: false });
  return { crew, engine };
}

describe("a task's locks", { timeout: 20_000 }, () => {
  it("are released when archiving the result fails, and the failure is reported", async () => {
    const { crew, engine } = await start();
    // SHARED_MIND.md cannot be written (a folder in its place): the outcome cannot be recorded.
    await rm(join(crew.root, "SHARED_MIND.md"));
    await mkdir(join(crew.root, "SHARED_MIND.md"));
    await crew.drop(
      "for_agent_a",
      "post.md",
      "TASK: post it\nLOCKS: devto\nEXPECTED_OUTPUT: outputs/post.md\n",
    );
    await engine.start();
    await engine.whenIdle();
    expect(await crew.read("outputs/ran.log")).toBe("post yes\n");
    expect(await locksIn(crew.root)).toEqual([]);
    const feed = await crew.read(".switchyard/notifications.jsonl");
    expect(feed).toMatch(/SHARED_MIND\.md/);
  });

  it("may not name a lock the app uses itself: the task file is refused with the reason", async () => {
    const { crew, engine } = await start();
    await crew.drop("for_agent_a", "sneaky.md", "TASK: hold the mind\nLOCKS: devto, shared-mind\n");
    await engine.start();
    await engine.whenIdle();
    const failed = await crew.read("coordination/failed/sneaky.md");
    expect(failed).toMatch(/REASON: .*LOCKS: "shared-mind" is reserved/);
    const config = await crewConfig(crew);
    const refused = await addTask(
      createCrewContext(crew.root, () => config),
      {
        agent: "agent-a",
        task: "hold the mind",
        locks: ["shared-mind"],
      },
    );
    expect(refused).toMatchObject({ ok: false, field: "locks" });
    expect(refused.ok ? "" : refused.reason).toMatch(/"shared-mind" is reserved/);
  });

  it("are waited for by a task resumed after a crash, without holding up the engine's start", async () => {
    const { crew, engine } = await start();
    // A run that a crashed Switchyard (a pid that is gone) left in in_progress/.
    const text = "TASK: post it\nLOCKS: devto\nEXPECTED_OUTPUT: outputs/post.md\n";
    await writeFile(join(crew.root, "coordination/in_progress/post.md"), text);
    expect(parseTaskFile(text).ok).toBe(true);
    await reserveRunDir(crew.root, "post");
    await writeRunRecord(crew.root, {
      id: "post",
      agent: "agent-a",
      source: "coordination/for_agent_a/post.md",
      fileName: "post.md",
      state: "running",
      ownerPid: 2 ** 22 + 17,
      route: { tier: 2, model: "sonnet", reason: "test" },
      sessionId: "00000000-0000-4000-8000-000000000000",
      sessionStarted: false,
      attempts: [],
      locks: [],
      startedAt: new Date().toISOString(),
      mindUpdated: false,
    });
    // Someone else, alive, holds devto.
    const held = await new LockStore(crew.root, { staleAfterMinutes: 30 }).acquire({
      resource: "devto",
      holder: "agent-b",
      purpose: "editing by hand",
      pid: process.pid,
      waitSeconds: 0,
    });
    if (!held.ok) throw new Error("could not take devto");
    const started = Date.now();
    await engine.start();
    expect(Date.now() - started).toBeLessThan(5_000);
    await until(
      () => engine.waiting().some((entry) => /lock devto/.test(entry.reason)),
      "the resumed task to wait",
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await readFile(join(crew.root, "outputs/ran.log"), "utf8").catch(() => "")).toBe("");
    await new LockStore(crew.root, { staleAfterMinutes: 30 }).release(held.path);
    await engine.pump();
    await until(
      async () => (await readdir(join(crew.root, "coordination/completed"))).includes("post.md"),
      "the resumed task to finish",
    );
    expect(await crew.read("outputs/ran.log")).toBe("post yes\n");
  });
});
