/**
 * Model tiers end to end with the real Claude Code CLI: routing by rule, the tier-3 approval
 * gate, costs in `status --json` matching what the CLI reported, and budgets that hold work.
 */
import { execFile } from "node:child_process";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import type { Status } from "../../../shared/status.js";
import { type ClaudeCrew, claudeCrew, readTaskFile, runToIdle } from "../../support/claude-crew.js";
import { SWITCHYARD_BIN } from "../../support/cli-process.js";
import { writeThenReport } from "../../../bench/support/messages-api-standin.js";

const run = promisify(execFile);
const crews: ClaudeCrew[] = [];
afterEach(async () => {
  for (const crew of crews.splice(0)) await crew.cleanup();
});

async function setup(extra: Record<string, unknown> = {}) {
  // Every task writes its own EXPECTED_OUTPUT, named in the prompt the worker receives.
  const crew = await claudeCrew(
    (root) => (request, index) => {
      const output =
        /Write your result to (\S+?)\. The task/.exec(JSON.stringify(request.body))?.[1] ?? "outputs/none.md";
      return writeThenReport(join(root, output), "result\n", `Wrote ${output}.`)(request, index);
    },
    extra,
  );
  crews.push(crew);
  return crew;
}

async function cli(root: string, ...args: string[]) {
  const { stdout } = await run(process.execPath, [SWITCHYARD_BIN, ...args, "--root", root]);
  return stdout;
}

const statusOf = async (root: string): Promise<Status> => JSON.parse(await cli(root, "status", "--json"));

/** The `total_cost_usd` of every CLI result printed in this crew's runs, per tier. */
async function reportedCostsByTier(root: string): Promise<Record<string, number>> {
  const totals: Record<string, number> = {};
  for (const id of await readdir(join(root, ".switchyard/runs"))) {
    const record = JSON.parse(await readFile(join(root, ".switchyard/runs", id, "run.json"), "utf8"));
    for (const name of await readdir(join(root, ".switchyard/runs", id))) {
      if (!name.endsWith(".stdout.jsonl")) continue;
      for (const line of (await readFile(join(root, ".switchyard/runs", id, name), "utf8")).split("\n")) {
        if (!line.includes('"type":"result"')) continue;
        const tier = String(record.route.tier);
        totals[tier] = (totals[tier] ?? 0) + JSON.parse(line).total_cost_usd;
      }
    }
  }
  return totals;
}

describe("tiers with the real claude CLI", () => {
  it("runs a summary on tier 1, holds a TIER: 3 task for approval, runs it on Opus once approved, and meters both", async () => {
    const { crew, standin, engine } = await setup().then((c) => ({ ...c, engine: c.engine() }));
    await writeFile(join(crew.root, "README.md"), "# Notes\nSwitchyard coordinates agents.\n");
    await crew.drop(
      "for_agent_b",
      "summary.md",
      "TASK: Summarize README.md\nEXPECTED_OUTPUT: outputs/summary.md\n",
    );
    await crew.drop(
      "for_agent_b",
      "deploy.md",
      "TASK: Deploy the billing service\nTIER: 3\nEXPECTED_OUTPUT: outputs/deploy.md\n",
    );
    await runToIdle(engine);

    const summary = await readTaskFile(crew, "coordination/completed/summary.md");
    expect(summary.footer).toMatchObject({ status: "done", tier: 1, model: "haiku" });
    expect(standin.mainRequests()[0]?.model).toMatch(/haiku/);

    const waiting = await statusOf(crew.root);
    expect(waiting.awaitingApproval.map((task) => task.id)).toEqual(["deploy"]);
    expect(waiting.awaitingApproval[0]?.route).toMatchObject({ tier: 3, model: "opus" });
    expect(waiting.awaitingApproval[0]?.approval?.reason).toBe("tier 3 (highest stakes) always asks first");
    await expect(readdir(join(crew.root, "coordination/completed"))).resolves.toEqual(["summary.md"]);

    expect(await cli(crew.root, "task", "approve", "deploy")).toContain("approved");
    await engine.rescan();
    await engine.whenIdle();
    const deploy = await readTaskFile(crew, "coordination/completed/deploy.md");
    expect(deploy.footer).toMatchObject({ status: "done", tier: 3, model: "opus" });
    expect(standin.mainRequests().at(-1)?.model).toMatch(/opus/);

    const status = await statusOf(crew.root);
    const reported = await reportedCostsByTier(crew.root);
    expect(reported["1"]).toBeGreaterThan(0);
    expect(reported["3"]).toBeGreaterThan(0);
    for (const tier of ["1", "3"] as const) {
      expect(status.costs[tier].today.toFixed(2)).toBe((reported[tier] ?? 0).toFixed(2));
      expect(Math.abs(status.costs[tier].today - (reported[tier] ?? 0))).toBeLessThan(1e-9);
      expect(status.costs[tier].month).toBeCloseTo(status.costs[tier].today, 9);
    }
    expect(status.costs["2"].today).toBe(0);
    expect(status.awaitingApproval).toEqual([]);
  });

  it("holds low-priority tier-1 work once the daily budget is spent, and asks before urgent work", async () => {
    const { crew, engine } = await setup({ tiers: { "1": { budget: { daily: 0.0001 } } } }).then((c) => ({
      ...c,
      engine: c.engine(),
    }));
    await crew.drop(
      "for_agent_b",
      "first.md",
      "TASK: Summarize the changelog\nPRIORITY: low\nEXPECTED_OUTPUT: outputs/first.md\n",
    );
    await runToIdle(engine);
    await expect(readdir(join(crew.root, "coordination/completed"))).resolves.toEqual(["first.md"]);

    await crew.drop(
      "for_agent_b",
      "later.md",
      "TASK: Summarize the roadmap\nPRIORITY: low\nEXPECTED_OUTPUT: outputs/later.md\n",
    );
    await crew.drop(
      "for_agent_b",
      "now.md",
      "TASK: Summarize the incident\nPRIORITY: urgent\nEXPECTED_OUTPUT: outputs/now.md\n",
    );
    await engine.rescan();
    await engine.whenIdle();
    await expect(readdir(join(crew.root, "coordination/completed"))).resolves.toEqual(["first.md"]);

    const status = await statusOf(crew.root);
    const held = status.pending["agent-b"]?.find((task) => task.id === "later");
    expect(held?.waitingFor).toMatch(
      /^tier 1 is over its daily budget \(\$0\.\d\d of \$0\.00\); held until (\d+ \w{3} )?\d\d:\d\d$/,
    );
    expect(status.awaitingApproval.map((task) => [task.id, task.approval?.reason])).toEqual([
      ["now", expect.stringMatching(/^tier 1 is over its daily budget .*; urgent work asks first$/)],
    ]);
    const feed = await crew.read(".switchyard/notifications.jsonl");
    expect(feed).toContain('"kind":"approval"');
  });
});
