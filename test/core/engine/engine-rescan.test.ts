/**
 * The heartbeat's rescan runs while the watcher (or another rescan) queues new files: a file
 * queued during a scan that listed the inbox before it arrived is not "removed by hand".
 */
import { utimes, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Engine } from "../../../core/engine/engine.js";
import { type CrewFixture, crewConfig, makeCrew } from "../../support/crew-fixture.js";

let crew: CrewFixture | undefined;
let engine: Engine | undefined;
afterEach(async () => {
  await engine?.stop();
  await crew?.cleanup();
  engine = crew = undefined;
});

describe("rescan", () => {
  it("keeps a task queued while a slower scan was still reading what it listed before", async () => {
    // A paused agent: its tasks stay queued (and show as waiting) instead of running.
    crew = await makeCrew({ costs: { importInteractive: false }, agents: { "agent-a": { concurrency: 0 } } });
    const config = await crewConfig(crew);
    engine = new Engine({ root: crew.root, config, watch: false, settleMs: 400 });
    const inbox = join(crew.root, "coordination/for_agent_a");

    await writeFile(join(inbox, "fresh.md"), "TASK: just written\n"); // waits 400 ms to settle
    const slowScan = engine.rescan();
    await new Promise((resolve) => setTimeout(resolve, 50)); // the slow scan has listed the inbox
    const late = join(inbox, "late.md");
    await writeFile(late, "TASK: arrived during the scan\n");
    const minuteAgo = new Date(Date.now() - 60_000);
    await utimes(late, minuteAgo, minuteAgo); // settled: queued at once by the next scan
    await engine.rescan();
    await slowScan;

    const queued = engine
      .waiting()
      .map((entry) => basename(entry.path))
      .sort();
    expect(queued).toEqual(["fresh.md", "late.md"]);
  });
});
