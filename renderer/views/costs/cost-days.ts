/** The ledger's daily sums arranged for the chart: one column per day (empty days included), one stack per tier. */
import type { DailyCost } from "../../../shared/bridge.js";

export interface CostDay {
  day: string;
  byTier: [number, number, number, number];
  total: number;
}

/** `days` UTC days ending today, oldest first, as the ledger's meters count them. */
export function costDays(costs: readonly DailyCost[], days: number, now: Date): CostDay[] {
  const columns: CostDay[] = [];
  for (let back = days - 1; back >= 0; back--) {
    const day = new Date(now.getTime() - back * 86_400_000).toISOString().slice(0, 10);
    columns.push({ day, byTier: [0, 0, 0, 0], total: 0 });
  }
  const index = new Map(columns.map((column) => [column.day, column]));
  for (const cost of costs) {
    const column = index.get(cost.day);
    if (!column || cost.tier < 0 || cost.tier > 3) continue;
    column.byTier[cost.tier as 0] += cost.usd;
    column.total += cost.usd;
  }
  return columns;
}

/** A round axis maximum a little above the largest day, so bars never touch the top. */
export function axisMax(columns: readonly CostDay[]): number {
  const largest = Math.max(0, ...columns.map((column) => column.total));
  if (largest === 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(largest));
  const steps = [1, 2, 2.5, 5, 10];
  return (steps.find((step) => step * magnitude >= largest * 1.05) ?? 10) * magnitude;
}
