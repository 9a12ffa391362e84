/**
 * Run folders of finished tasks are kept for the newest runs only; a run whose task is still
 * claimed in in_progress/ is never removed, however old.
 */
import { mkdir, readdir, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { RunRetention } from "../../../core/engine/run-retention.js";
import { type CrewFixture, makeCrew } from "../../support/crew-fixture.js";

let crew: CrewFixture | undefined;
afterEach(async () => {
  await crew?.cleanup();
  crew = undefined;
});

async function runFolder(root: string, id: string, ageSeconds: number): Promise<void> {
  const dir = join(root, ".switchyard/runs", id);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "run.json"), "{}\n");
  const at = new Date(Date.now() - ageSeconds * 1000);
  await utimes(dir, at, at);
}

const runs = async (root: string) => (await readdir(join(root, ".switchyard/runs"))).sort();

describe("run folder retention", () => {
  it("keeps the newest finished runs and every run whose task is still claimed", async () => {
    crew = await makeCrew();
    for (const [id, age] of [
      ["oldest", 50],
      ["old", 40],
      ["middle", 30],
      ["new", 20],
      ["newest", 10],
    ] as const)
      await runFolder(crew.root, id, age);
    await runFolder(crew.root, "claimed", 100);
    await writeFile(join(crew.root, "coordination/in_progress/claimed.md"), "TASK: still running\n");
    const retention = new RunRetention(crew.root, 3);
    await retention.start();
    await retention.settled();
    expect(await runs(crew.root)).toEqual(["claimed", "middle", "new", "newest"]);

    await runFolder(crew.root, "just-finished", 0);
    retention.finishedRun("just-finished");
    await retention.settled();
    expect(await runs(crew.root)).toEqual(["claimed", "just-finished", "new", "newest"]);
  });
});
