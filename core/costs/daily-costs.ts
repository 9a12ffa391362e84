/** Spend per day and tier, for the Costs view's chart: the same totals the meters count. */
import type { DailyCost } from "../../shared/bridge.js";
import type { SpendView } from "./spend-totals.js";

export function dailyCosts(spend: SpendView, days: number, now: Date): DailyCost[] {
  return spend.dailyTotals(new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10));
}
