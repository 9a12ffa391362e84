/**
 * What a running task has cost so far. The CLI reports its cost only when an attempt ends, but
 * it streams each message's token usage as it goes: priced with the crew's table, that is the
 * live figure, marked as an estimate until the CLI's own replaces it.
 */
import { type PriceTable, priceUsage } from "../../shared/prices.js";
import type { WorkerProgress } from "../../shared/worker-stream.js";

export interface LiveCost {
  usd: number;
  estimate: boolean;
}

/** The current attempt's cost: reported when the worker said it, else priced from its tokens. */
export function attemptCost(progress: WorkerProgress, prices: PriceTable): LiveCost {
  if (progress.result) return { usd: progress.result.costUsd, estimate: false };
  // A worker that is not the CLI reports a cost in its own lines, or costs nothing.
  if (!progress.structured) return { usd: progress.costUsd, estimate: false };
  return { usd: priceUsage(progress.usage, prices), estimate: true };
}

/** The task's cost so far: earlier attempts (reported) plus the current one. */
export function taskCostSoFar(earlierUsd: number, progress: WorkerProgress, prices: PriceTable): LiveCost {
  const current = attemptCost(progress, prices);
  return { usd: earlierUsd + current.usd, estimate: current.estimate };
}
