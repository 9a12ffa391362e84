/**
 * The daemon survives its own death: SIGKILL it mid-run, start it again, and every task is
 * archived exactly once; other claimers on one root (`run-once` beside the daemon) never claim
 * one task twice.
 */
import { execFileSync } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startCli } from "../cli/run-cli.js";
import { startDaemon, type DaemonProcess } from "../support/cli-process.js";
import { type CrewFixture, makeCrew } from "../support/crew-fixture.js";

// Unique per test process: helpers on one machine may run this suite at the same time.
const MARKER = `switchyard-recovery-test-worker-${process.pid}`;
/** A worker that takes a moment, logs each execution, and writes its output. */
const WORKER = {
  command: "sh",
  args: [
    "-c",
    `: ${MARKER}; sleep 0.3; echo "$SWITCHYARD_TASK_ID" >> outputs/executions.log; echo ok > "$SWITCHYARD_EXPECTED_OUTPUT"`,
  ],
  concurrency: 4,
};

const daemons: DaemonProcess[] = [];
let crew: CrewFixture | undefined;
afterEach(async () => {
  for (const daemon of daemons.splice(0)) await daemon.stop("SIGKILL");
  await crew?.cleanup();
});

async function dropTasks(fixture: CrewFixture, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, index) => `task-${String(index).padStart(2, "0")}`);
  for (const [index, id] of ids.entries())
    await fixture.drop(
      index % 2 ? "for_agent_a" : "for_agent_b",
      `${id}.md`,
      `TASK: job ${id}\nEXPECTED_OUTPUT: outputs/${id}.md\n`,
    );
  return ids;
}

async function waitForCompleted(root: string, count: number, timeoutMs = 60_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // Dot-names are writes in flight (ARCHITECTURE.md, "Task files": readers skip them).
    const done = (await readdir(join(root, "coordination/completed")))
      .filter((name) => !name.startsWith("."))
      .sort();
    if (done.length >= count || Date.now() > deadline) return done;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const liveWorkers = () => {
  try {
    return execFileSync("pgrep", ["-f", MARKER], { encoding: "utf8" }).trim().split("\n").filter(Boolean);
  } catch {
    return [];
  }
};

describe("switchyard daemon", { timeout: 90_000 }, () => {
  it("finishes 30 tasks exactly once across a SIGKILL of the daemon mid-run", async () => {
    crew = await makeCrew({
      worker: WORKER,
      agents: { "agent-a": { concurrency: 2 }, "agent-b": { concurrency: 2 } },
    });
    const ids = await dropTasks(crew, 30);
    const first = startDaemon(["--root", crew.root]);
    daemons.push(first);
    await first.waitFor(/done task-\d+[\s\S]*done task-\d+[\s\S]*started/);
    await first.stop("SIGKILL");
    const completedBeforeCrash = (await readdir(join(crew.root, "coordination/completed"))).length;
    expect(completedBeforeCrash).toBeLessThan(30);
    const orphaned = (await readdir(join(crew.root, "coordination/in_progress"))).filter((name) =>
      name.endsWith(".md"),
    );
    expect(orphaned.length).toBeGreaterThan(0); // the crash really left claimed work behind

    const second = startDaemon(["--root", crew.root]);
    daemons.push(second);
    const completed = await waitForCompleted(crew.root, 30);
    expect(await second.stop("SIGTERM")).toBe(0);

    expect(completed, `first daemon:\n${first.output()}\nsecond daemon:\n${second.output()}`).toEqual(
      ids.map((id) => `${id}.md`),
    );
    for (const dir of ["in_progress", "failed", "for_agent_a", "for_agent_b"])
      expect(
        (await readdir(join(crew.root, "coordination", dir))).filter((name) => !name.startsWith(".")),
      ).toEqual([]);
    const executions = (await readFile(join(crew.root, "outputs/executions.log"), "utf8")).trim().split("\n");
    expect(new Set(executions)).toEqual(new Set(ids)); // every task ran; a crash-interrupted one may run again
    expect(liveWorkers()).toEqual([]); // no orphans from either daemon
  });

  it("never lets a daemon and `run-once` processes on one root claim the same task", async () => {
    crew = await makeCrew({
      worker: {
        ...WORKER,
        args: [
          "-c",
          `: ${MARKER}; sleep 0.05; echo "$SWITCHYARD_TASK_ID" >> outputs/executions.log; echo ok > "$SWITCHYARD_EXPECTED_OUTPUT"`,
        ],
      },
      agents: { "agent-a": { concurrency: 3 }, "agent-b": { concurrency: 3 } },
    });
    const root = crew.root;
    const daemon = startDaemon(["--root", root]);
    daemons.push(daemon);
    await daemon.waitFor(/watching/);
    const ids = await dropTasks(crew, 30);
    // Claimers in other processes, racing the daemon for the same files until all are done.
    const racing = Array.from({ length: 3 }, async () => {
      while ((await readdir(join(root, "coordination/completed"))).length < 30)
        await startCli(["run-once", "--root", root]);
    });
    const completed = await waitForCompleted(root, 30);
    await Promise.all(racing);
    await daemon.stop();
    expect(completed).toEqual(ids.map((id) => `${id}.md`));
    const executions = (await readFile(join(root, "outputs/executions.log"), "utf8"))
      .trim()
      .split("\n")
      .sort();
    expect(executions).toEqual(ids);
  });
});
