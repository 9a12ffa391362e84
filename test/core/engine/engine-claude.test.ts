/**
 * The worker engine with the real Claude Code CLI against a local Messages API stand-in:
 * inbox to verified result, and every fault path (false success, hang, crash, give-up).
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readLedger } from "../../../core/costs/ledger.js";
import { readRunRecord } from "../../../core/engine/run-record.js";
import { type ClaudeCrew, claudeCrew, readTaskFile, runToIdle } from "../../support/claude-crew.js";
import { SEED_TASK } from "../../support/crew-fixture.js";
import {
  claimWithoutWriting,
  failWith,
  hangForever,
  type StandinScript,
  writeThenReport,
} from "../../../bench/support/messages-api-standin.js";

const crews: ClaudeCrew[] = [];
afterEach(async () => {
  for (const crew of crews.splice(0)) await crew.cleanup();
});

/** A crew whose workers are the real CLI, answered by `script` (given the crew root). */
async function crewWithClaude(script: (root: string) => StandinScript, worker: Record<string, unknown> = {}) {
  const setup = await claudeCrew(script, { worker });
  crews.push(setup);
  return { standin: setup.standin, crew: setup.crew, engine: setup.engine() };
}

const footerOf = readTaskFile;

describe("worker engine with the real claude CLI", () => {
  it("takes the seed task from the inbox to completed/ with a verified output and every footer field", async () => {
    const { crew, engine, standin } = await crewWithClaude((root) =>
      writeThenReport(
        join(root, "outputs/listing_update_result.md"),
        "Listings 2, 5, 9 updated.\n",
        "Updated listings 2, 5 and 9 with the new links.",
      ),
    );
    await crew.drop("for_agent_b", "seed.md", SEED_TASK);
    await runToIdle(engine);

    const archived = await footerOf(crew, "coordination/completed/seed.md");
    expect(await crew.read("coordination/completed/seed.md")).toMatch(
      new RegExp(`^${SEED_TASK.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`),
    );
    expect(archived.fields.task).toBe("Update all ClawMart listings with new pricing");
    const footer = archived.footer;
    expect(footer?.status).toBe("done");
    expect(footer?.agent).toBe("agent-b");
    expect(footer?.tier).toBe(2);
    expect(footer?.model).toBe("sonnet");
    expect(footer?.attempts).toBe(1);
    expect(Date.parse(footer?.started ?? "")).toBeLessThanOrEqual(Date.parse(footer?.finished ?? ""));
    expect(footer?.costUsd).toBeGreaterThan(0);
    expect(footer?.output).toBe(
      `outputs/listing_update_result.md (verified, ${"Listings 2, 5, 9 updated.\n".length} bytes)`,
    );
    expect(footer?.result).toBe("Updated listings 2, 5 and 9 with the new links.");
    const record = await readRunRecord(crew.root, "seed");
    expect(footer?.session).toBe(record?.sessionId);
    expect(await crew.read("outputs/listing_update_result.md")).toBe("Listings 2, 5, 9 updated.\n");
    expect(await readdir(join(crew.root, "coordination/in_progress"))).toEqual([]);
    expect(await readdir(join(crew.root, "coordination/for_agent_b"))).toEqual([]);

    // The cost is what the CLI reported, recorded once in the ledger.
    const ledger = await readLedger(crew.root);
    expect(ledger).toHaveLength(1);
    expect(ledger[0]?.costUsd.toFixed(4)).toBe(footer?.costUsd?.toFixed(4));
    expect(ledger[0]?.sessionId).toBe(record?.sessionId);
    expect(ledger[0]?.modelUsage).toBeTruthy();

    // SHARED_MIND.md records the verified outcome in agent-b's own subsection.
    const mind = await crew.read("SHARED_MIND.md");
    expect(mind).toMatch(
      /### agent-b\n- \S+ seed: Update all ClawMart listings with new pricing → done, outputs\/listing_update_result.md \(verified/,
    );
    expect(mind).toMatch(/Last updated: \S+ \| agent-b/);
    // The worker was told where its task, state and output are.
    expect(standin.mainRequests()[0]?.lastUserText).toContain("coordination/in_progress/seed.md");
    expect(standin.mainRequests()[0]?.lastUserText).toContain("outputs/listing_update_result.md");
  });

  it("fails a task whose worker claims success without writing its output", async () => {
    const { crew, engine } = await crewWithClaude(
      () => claimWithoutWriting("Done! I updated all listings."),
      { maxAttempts: 1 },
    );
    await crew.drop("for_agent_b", "seed.md", SEED_TASK);
    await runToIdle(engine);
    const { footer } = await footerOf(crew, "coordination/failed/seed.md");
    expect(footer?.status).toBe("failed");
    expect(footer?.reason).toBe(
      'the worker reported success ("Done! I updated all listings.") but outputs/listing_update_result.md was not written',
    );
    expect(footer?.costUsd).toBeGreaterThan(0);
    await expect(readdir(join(crew.root, "coordination/completed"))).resolves.toEqual([]);
  });

  it("kills a hung worker and retries it with --resume of the same session", async () => {
    const { crew, engine, standin } = await crewWithClaude(
      (root) => (request, index) =>
        index === 0
          ? hangForever()(request, index)
          : writeThenReport(
              join(root, "outputs/listing_update_result.md"),
              "ok\n",
              "Resumed and finished.",
            )(request, index),
      { hangSeconds: 2 },
    );
    await crew.drop("for_agent_b", "seed.md", SEED_TASK);
    await runToIdle(engine);
    const { footer } = await footerOf(crew, "coordination/completed/seed.md");
    expect(footer?.attempts).toBe(2);
    const record = await readRunRecord(crew.root, "seed");
    expect(record?.attempts[0]?.outcome).toBe("hung: no output for 2 s");
    expect(record?.attempts[0]?.killedFor).toBe("hang");
    expect(footer?.session).toBe(record?.sessionId);
    // The resumed request carries the first attempt's conversation (the original prompt).
    const resumed = standin.mainRequests()[1];
    expect(JSON.stringify(resumed?.body)).toContain("coordination/in_progress/seed.md");
    expect(resumed?.lastUserText).toContain("previous attempt stopped: hung");
  });

  it("retries a worker killed with SIGKILL", async () => {
    let killed = false;
    const { crew, engine } = await crewWithClaude(
      (root) => (request, index) =>
        killed
          ? writeThenReport(
              join(root, "outputs/listing_update_result.md"),
              "ok\n",
              "Finished after a crash.",
            )(request, index)
          : hangForever()(request, index),
      { hangSeconds: 20 },
    );
    await crew.drop("for_agent_b", "seed.md", SEED_TASK);
    engine.on("event", (event) => {
      if (event.type === "worker-progress" && event.worker.attempt === 1 && event.worker.pid && !killed) {
        killed = true;
        process.kill(event.worker.pid, "SIGKILL");
      }
    });
    await runToIdle(engine);
    const { footer } = await footerOf(crew, "coordination/completed/seed.md");
    expect(footer?.attempts).toBe(2);
    const record = await readRunRecord(crew.root, "seed");
    expect(record?.attempts[0]?.outcome).toBe("crashed: killed by SIGKILL");
  });

  it("gives up after maxAttempts, moves the task to failed/ and notifies", async () => {
    const { crew, engine } = await crewWithClaude(() => failWith(500, "overloaded"), { maxAttempts: 2 });
    await crew.drop("for_agent_b", "seed.md", SEED_TASK);
    await runToIdle(engine);
    const { footer } = await footerOf(crew, "coordination/failed/seed.md");
    expect(footer?.attempts).toBe(2);
    expect(footer?.reason).toMatch(/^exited with code 1/);
    const feed = (await crew.read(".switchyard/notifications.jsonl"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    const failed = feed.filter((entry) => entry.kind === "task-failed");
    expect(failed).toHaveLength(1);
    expect(failed[0].body).toMatch(/^agent-b gave up after 2 attempts \(\$0\.00\): exited with code 1/);
    expect(failed[0].body).toContain("fix coordination/failed/seed.md");
  });
});
