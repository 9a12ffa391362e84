/**
 * A drain with a long history and the dashboard open: a real daemon with 10,000 archived tasks
 * runs 200 more while a window follows its event stream (snapshot, then patches, applied and
 * checked with the bridge's own schemas, as the renderer does). Every task completes, nothing
 * runs out of file handles, and the window ends up with the daemon's own view. How fast is the
 * bench's business (docs/benchmarks.md), not this test's.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BridgeEventSchema } from "../../shared/bridge.js";
import type { Status } from "../../shared/status.js";
import { applyStatusPatch } from "../../shared/status-patch.js";
import { type DaemonProcess, startDaemon } from "../support/cli-process.js";
import { type CrewFixture, makeCrew } from "../support/crew-fixture.js";

const ARCHIVED = 10_000;
const TASKS = 200;

let crew: CrewFixture | undefined;
let daemon: DaemonProcess | undefined;
afterEach(async () => {
  await daemon?.stop();
  await crew?.cleanup();
  daemon = crew = undefined;
});

async function archive(root: string): Promise<void> {
  for (let batch = 0; batch < ARCHIVED; batch += 250)
    await Promise.all(
      Array.from({ length: 250 }, (_, offset) => {
        const id = `old-${String(batch + offset).padStart(5, "0")}`;
        return writeFile(
          join(root, "coordination/completed", `${id}.md`),
          `TASK: archived ${id}\n\n---\nSTATUS: done\nAGENT: agent-a\nFINISHED: 2026-01-01T00:00:00.000Z\n`,
        );
      }),
    );
}

/** The window's side of the event stream: the status it holds after each event. */
function follow(url: string, token: string, onStatus: (status: Status) => void): () => void {
  const controller = new AbortController();
  let status: Status | undefined;
  let revision: number | undefined;
  void (async () => {
    const response = await fetch(new URL("api/events", url), {
      headers: { Authorization: `Bearer ${token}` },
      signal: controller.signal,
    });
    let buffered = "";
    const decoder = new TextDecoder();
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffered += decoder.decode(chunk, { stream: true });
      const frames = buffered.split("\n\n");
      buffered = frames.pop() ?? "";
      for (const frame of frames) {
        if (!frame.startsWith("data: ")) continue;
        const event = BridgeEventSchema.parse(JSON.parse(frame.slice(6)));
        if (event.kind === "status") [status, revision] = [event.status, event.revision];
        else if (event.kind === "status-patch") {
          expect(event.from).toBe(revision); // an ordered stream never skips a revision
          status = applyStatusPatch(status as Status, event.patch);
          revision = event.revision;
        } else continue;
        onStatus(status);
      }
    }
  })().catch(() => undefined); // aborted at the end
  return () => controller.abort();
}

describe("a drain with 10,000 archived tasks and the dashboard open", { timeout: 240_000 }, () => {
  it("completes every task, with no file-handle errors, and the window sees what the daemon sees", async () => {
    crew = await makeCrew({
      worker: { command: "sh", args: ["-c", 'echo ok > "$SWITCHYARD_EXPECTED_OUTPUT"'], concurrency: 4 },
      agents: { "agent-a": { concurrency: 4 } },
      costs: { importInteractive: false },
    });
    await archive(crew.root);
    daemon = startDaemon(["--root", crew.root, "--port", "0"]);
    const [, url = "", token = ""] = await daemon.waitFor(/dashboard: (\S+)#token=(\S+)/, 60_000);
    let latest: Status | undefined;
    const stop = follow(url, token, (status) => {
      latest = status;
    });
    await new Promise((resolve) => setTimeout(resolve, 500)); // the window is open before the work arrives
    for (let index = 0; index < TASKS; index++)
      await crew.drop(
        "for_agent_a",
        `job-${String(index).padStart(3, "0")}.md`,
        `TASK: job ${index}\nEXPECTED_OUTPUT: outputs/job-${index}.md\nTIER: 1\n`,
      );
    const doneCount = () => daemon?.output().match(/^done job-/gm)?.length ?? 0;
    while (doneCount() < TASKS) {
      if (daemon.child.exitCode !== null) throw new Error(`the daemon exited:\n${daemon.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const settled = async () => {
      for (let wait = 0; wait < 200; wait++) {
        if (latest?.archivedCounts.completed === ARCHIVED + TASKS && latest.inProgress.length === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    await settled();
    stop();
    const fromDaemon = (await (
      await fetch(new URL("api/status", url), { headers: { Authorization: `Bearer ${token}` } })
    ).json()) as Status;
    expect(fromDaemon.archivedCounts).toEqual({ completed: ARCHIVED + TASKS, failed: 0 });
    expect(Object.values(fromDaemon.pending).flat()).toEqual([]);
    expect(latest?.archivedCounts).toEqual(fromDaemon.archivedCounts);
    expect(latest?.completed.map((task) => task.id)).toEqual(fromDaemon.completed.map((task) => task.id));
    expect(daemon.output()).not.toMatch(/EMFILE|too many open files|failed unexpectedly/i);
  });
});
