/**
 * The running totals answer what a scan of every ledger line would: the meters, budgets,
 * estimates and windows must not change because the ledger is no longer kept in memory.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { LedgerEntry } from "../../../core/costs/ledger.js";
import { combineSpend, ESTIMATE_SAMPLE, SpendTotals } from "../../../core/costs/spend-totals.js";

const entryArbitrary: fc.Arbitrary<LedgerEntry> = fc.record({
  at: fc
    .integer({ min: Date.parse("2026-01-01T00:00:00Z"), max: Date.parse("2026-03-31T23:59:59Z") })
    .map((ms) => new Date(ms).toISOString()),
  taskId: fc.constant("t"),
  agent: fc.constant("agent-a"),
  tier: fc.integer({ min: 0, max: 3 }),
  model: fc.constant("m"),
  attempt: fc.integer({ min: 0, max: 2 }),
  costUsd: fc.oneof(fc.constant(0), fc.double({ min: 0.001, max: 5, noNaN: true })),
});

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

describe("spend totals", () => {
  it("answer per day, month, estimate and window what a scan of every entry answers", () => {
    fc.assert(
      fc.property(fc.array(entryArbitrary, { maxLength: 200 }), (entries) => {
        const totals = SpendTotals.from(entries);
        for (const tier of [0, 1, 2, 3]) {
          const ofTier = entries.filter((entry) => entry.tier === tier);
          for (const period of ["2026-01-15", "2026-02", "2026-03-31"])
            expect(totals.spent(tier, period)).toBeCloseTo(
              sum(ofTier.filter((entry) => entry.at.startsWith(period)).map((entry) => entry.costUsd)),
              9,
            );
          expect(totals.recentRunCosts(tier)).toEqual(
            ofTier
              .filter((entry) => entry.costUsd > 0)
              .slice(-ESTIMATE_SAMPLE)
              .map((entry) => entry.costUsd),
          );
          expect(totals.recentRunTimes(tier)).toEqual(
            ofTier.filter((entry) => entry.attempt >= 1).map((entry) => Date.parse(entry.at)),
          );
        }
      }),
    );
  });

  it("count the operator's interactive spend in the meters but not in a worker run's estimate", () => {
    const own = SpendTotals.from([
      {
        at: "2026-04-09T08:00:00.000Z",
        taskId: "t",
        agent: "a",
        tier: 2,
        model: "m",
        attempt: 1,
        costUsd: 0.1,
      },
    ]);
    const interactive = SpendTotals.from([
      {
        at: "2026-04-09T09:00:00.000Z",
        taskId: "s",
        agent: "interactive",
        tier: 2,
        model: "m",
        attempt: 0,
        costUsd: 2,
        source: "interactive",
      },
    ]);
    const spend = combineSpend(own, interactive);
    expect(spend.spent(2, "2026-04-09")).toBeCloseTo(2.1);
    expect(spend.recentRunCosts(2)).toEqual([0.1]);
    expect(spend.dailyTotals("2026-04-01")).toEqual([{ day: "2026-04-09", tier: 2, usd: 2.1 }]);
  });

  it("keep a bounded number of figures however many runs were counted", () => {
    const totals = new SpendTotals();
    for (let index = 0; index < 5_000; index++)
      totals.add({
        at: new Date(Date.parse("2026-04-09T00:00:00Z") + index * 1000).toISOString(),
        taskId: `t${index}`,
        agent: "a",
        tier: 2,
        model: "m",
        attempt: 1,
        costUsd: 0.01,
      });
    expect(totals.recentRunCosts(2)).toHaveLength(ESTIMATE_SAMPLE);
    expect(totals.recentRunTimes(2)).toHaveLength(1_000);
    expect(totals.spent(2, "2026-04-09")).toBeCloseTo(50);
  });
});
