import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../shared/config.js";
import type { Notification } from "../../../shared/notification.js";
import type { LedgerEntry } from "../../../core/costs/ledger.js";
import { SpendTotals } from "../../../core/costs/spend-totals.js";
import { BudgetWatch } from "../../../core/heartbeat/budget-watch.js";

const config = (() => {
  const parsed = parseConfig(
    JSON.stringify({
      tiers: {
        "1": { budget: { daily: 1 } },
        "2": { billing: "subscription", window: { hours: 5, runs: 2 } },
      },
    }),
  );
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  return parsed.config;
})();

const entry = (at: string, tier: number, costUsd: number): LedgerEntry => ({
  at,
  taskId: `t-${at}`,
  agent: "agent-a",
  tier,
  model: "m",
  attempt: 1,
  costUsd,
});

describe("budget windows on the heartbeat", () => {
  it("say once when a budget is reached or a window fills, and once when they open again", async () => {
    const sent: Notification["title"][] = [];
    const watch = new BudgetWatch({
      notify: async (input) => {
        sent.push(input.title);
        return { ...input, id: "x", at: "" };
      },
    });
    const entries = [
      entry("2026-04-09T08:00:00.000Z", 1, 1.25),
      entry("2026-04-09T08:00:00.000Z", 2, 0),
      entry("2026-04-09T09:00:00.000Z", 2, 0),
    ];
    const spend = SpendTotals.from(entries);
    await watch.check(spend, config, new Date("2026-04-09T10:00:00.000Z"));
    expect(sent).toEqual([
      "Tier 1 reached its daily budget: $1.25 of $1.00",
      "Tier 2 subscription window is full: 2 of 2 runs",
    ]);

    await watch.check(spend, config, new Date("2026-04-09T10:30:00.000Z"));
    expect(sent).toHaveLength(2); // nothing changed, nothing said

    await watch.check(spend, config, new Date("2026-04-09T13:30:00.000Z"));
    expect(sent.at(-1)).toBe("Tier 2 can run again: its subscription window opened");
  });
});
