/** The always-on agent's own calls in the ledger: counted in meters and budgets, never as worker runs. */
import { describe, expect, it } from "vitest";
import { agentUsageToday } from "../../../core/costs/agent-usage.js";
import { budgetState, estimateRunCost } from "../../../core/costs/budget.js";
import { costMeters, type LedgerEntry } from "../../../core/costs/ledger.js";
import { SpendTotals } from "../../../core/costs/spend-totals.js";
import { parseConfig } from "../../../shared/config.js";

const now = new Date("2026-04-09T12:00:00Z");
const at = "2026-04-09T11:00:00.000Z";
const run = (costUsd: number): LedgerEntry => ({
  at,
  taskId: "t",
  agent: "agent-b",
  tier: 1,
  model: "haiku",
  attempt: 1,
  costUsd,
});
const triage: LedgerEntry = {
  at,
  agent: "always-on",
  tier: 1,
  model: "haiku",
  attempt: 0,
  costUsd: 0.002,
  source: "triage",
  usage: { input_tokens: 900, output_tokens: 60, cache_read_input_tokens: 40 },
};
const parsed = parseConfig(
  JSON.stringify({ tiers: { "1": { budget: { daily: 0.3 }, window: { runs: 3 } } } }),
);
const config = parsed.ok ? parsed.config : (undefined as never);

describe("the always-on agent's ledger lines", () => {
  it("count in their tier's meter and budget", () => {
    const entries = SpendTotals.from([run(0.1), run(0.2), triage]);
    expect(costMeters(entries, config, now)["1"]?.today).toBeCloseTo(0.302, 10);
    expect(budgetState(entries, config, 1, now).overBudget?.spent).toBeCloseTo(0.302, 10);
  });

  it("neither talk a run's estimate down nor use a subscription window's runs", () => {
    const entries = SpendTotals.from([
      run(0.1),
      run(0.2),
      run(0.3),
      ...Array.from({ length: 20 }, () => triage),
    ]);
    expect(estimateRunCost(entries, 1)).toBeCloseTo(0.2, 10);
    expect(
      budgetState(SpendTotals.from([run(0.01), run(0.01), triage, triage]), config, 1, now).windowFull,
    ).toBeUndefined();
  });

  it("sum per purpose for today, every token counted", () => {
    expect(agentUsageToday(SpendTotals.from([triage, triage, run(1)]), "triage", now)).toEqual({
      calls: 2,
      tokens: 2000,
      usd: 0.004,
    });
    expect(agentUsageToday(SpendTotals.from([triage]), "heartbeat", now)).toEqual({
      calls: 0,
      tokens: 0,
      usd: 0,
    });
  });
});
