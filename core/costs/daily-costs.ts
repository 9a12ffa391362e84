/** Spend per day and tier, for the Costs view's chart: sums over the entries the meters count. */
import type { DailyCost } from "../../shared/bridge.js";
import type { LedgerEntry } from "./ledger.js";

export function dailyCosts(entries: readonly LedgerEntry[], days: number, now: Date): DailyCost[] {
  const since = new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
  const totals = new Map<string, DailyCost>();
  for (const entry of entries) {
    const day = entry.at.slice(0, 10);
    if (day < since) continue;
    const key = `${day}|${entry.tier}`;
    const total = totals.get(key) ?? { day, tier: entry.tier, usd: 0 };
    total.usd += entry.costUsd;
    totals.set(key, total);
  }
  return [...totals.values()];
}
