/**
 * Workers that leave children behind: a task is finished when its worker exits, whatever
 * still holds the worker's output pipes, and everything the worker started is ended with it,
 * including a child that left the process group with `setsid`.
 */
import { execFileSync } from "node:child_process";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Engine } from "../../../core/engine/engine.js";
import { type CrewFixture, crewConfig, makeCrew } from "../../support/crew-fixture.js";
import { until } from "../../support/daemon-api.js";

let crew: CrewFixture | undefined;
let engine: Engine | undefined;
afterEach(async () => {
  await engine?.stop();
  await crew?.cleanup();
  engine = crew = undefined;
});

/** Live processes whose command line holds `marker` (each test's children sleep a unique time). */
const running = (marker: string): string[] => {
  try {
    return execFileSync("pgrep", ["-f", marker], { encoding: "utf8" }).trim().split("\n").filter(Boolean);
  } catch {
    return [];
  }
};

async function engineWith(script: string) {
  crew = await makeCrew({
    worker: { command: "sh", args: ["-c", script] },
    costs: { importInteractive: false },
  });
  engine = new Engine({ root: crew.root, config: await crewConfig(crew), watch: false });
  await crew.drop("for_agent_a", "job.md", "TASK: job\nEXPECTED_OUTPUT: outputs/job.md\n");
  return { crew, engine };
}

const completed = async (root: string) => readdir(join(root, "coordination/completed"));

describe("a worker that leaves children", { timeout: 30_000 }, () => {
  it("is finished when it exits, although a background child still holds its output; the child is ended", async () => {
    const marker = "301.25";
    const { crew, engine } = await engineWith(
      `sleep ${marker} & echo ok > "$SWITCHYARD_EXPECTED_OUTPUT"; exit 0`,
    );
    const started = Date.now();
    await engine.start();
    await until(async () => (await completed(crew.root)).includes("job.md"), "the task to finish", 15_000);
    expect(Date.now() - started).toBeLessThan(15_000);
    await until(() => running(marker).length === 0, "the background child to be ended", 5_000);
  });

  it("is finished when it exits although a setsid child holds stdout, and shutdown does not wait for that child", async () => {
    const marker = "302.25";
    const { crew, engine } = await engineWith(
      `setsid sleep ${marker} & echo ok > "$SWITCHYARD_EXPECTED_OUTPUT"; exit 0`,
    );
    await engine.start();
    await until(async () => (await completed(crew.root)).includes("job.md"), "the task to finish", 15_000);
    await until(() => running(marker).length === 0, "the setsid child to be ended", 5_000);
  });

  it("stops a running worker and everything it started, setsid children included, on shutdown", async () => {
    const marker = "303.25";
    const { crew, engine } = await engineWith(`setsid sleep ${marker} & sleep ${marker}`);
    await engine.start();
    await until(() => running(marker).length >= 2, "the worker and its child to run");
    const stopping = Date.now();
    await engine.stop();
    expect(Date.now() - stopping).toBeLessThan(10_000);
    await until(() => running(marker).length === 0, "every process of the worker to be ended", 5_000);
    expect(await readdir(join(crew.root, "coordination/in_progress"))).toContain("job.md"); // resumes next start
  });
});
