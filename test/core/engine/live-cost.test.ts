/**
 * A running task's cost so far, with the real Claude Code CLI: priced from the usage it
 * streams while it runs (marked as an estimate), then the CLI's own figure once it ends.
 */
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { WorkerSnapshot } from "../../../core/engine/engine.js";
import { type ClaudeCrew, claudeCrew, readTaskFile, runToIdle } from "../../support/claude-crew.js";
import { writeThenReport } from "../../../bench/support/messages-api-standin.js";

const crews: ClaudeCrew[] = [];
afterEach(async () => {
  for (const crew of crews.splice(0)) await crew.cleanup();
});

describe("live cost", () => {
  it("is an estimate from streamed tokens while the worker runs, then the CLI's reported cost", async () => {
    const setup = await claudeCrew((root) => writeThenReport(join(root, "outputs/a.md"), "A\n", "Wrote A."));
    crews.push(setup);
    const engine = setup.engine();
    const seen: WorkerSnapshot["cost"][] = [];
    engine.on("event", (event) => {
      if (event.type === "worker-progress") seen.push(event.worker.cost);
    });
    await setup.crew.drop("for_agent_a", "a.md", "TASK: Write A\nEXPECTED_OUTPUT: outputs/a.md\n");
    await runToIdle(engine);
    const footer = (await readTaskFile(setup.crew, "coordination/completed/a.md")).footer;
    const estimates = seen.filter((cost) => cost.estimate);
    const final = seen.at(-1);
    // Before the first message (the CLI's init line) nothing is spent yet.
    expect(estimates.filter((cost) => cost.usd > 0).length).toBeGreaterThan(1);
    for (const [index, cost] of estimates.entries()) {
      expect(cost.usd).toBeGreaterThanOrEqual(estimates[index - 1]?.usd ?? 0);
      expect(cost.usd).toBeLessThan(final?.usd ?? 0);
    }
    expect(final?.estimate).toBe(false);
    expect(final?.usd).toBeCloseTo(footer?.costUsd ?? -1, 4);
  });
});
