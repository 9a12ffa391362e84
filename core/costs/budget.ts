/**
 * Budgets and estimates per tier, from the ledger (and the operator's interactive usage):
 * what the approval gate needs to hold or ask instead of spending past a budget silently.
 */
import { billingOf, type Config } from "../../shared/config.js";
import type { BudgetState } from "../approvals/approval-gate.js";
import type { SpendView } from "./spend-totals.js";

/** Until a tier has history, a run is estimated at these (USD); tier 0 is local and free. */
export const DEFAULT_ESTIMATES_USD: Record<number, number> = { 0: 0, 1: 0.02, 2: 0.15, 3: 0.75 };

/** The mean cost of a tier's recent runs, or the default before there are three. */
export function estimateRunCost(spend: SpendView, tier: number): number {
  const recent = spend.recentRunCosts(tier);
  if (recent.length < 3) return DEFAULT_ESTIMATES_USD[tier] ?? 0;
  return recent.reduce((sum, cost) => sum + cost, 0) / recent.length;
}

const nextUtcMidnight = (now: Date) =>
  new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1)).toISOString();
const nextUtcMonth = (now: Date) =>
  new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString();

export function budgetState(spend: SpendView, config: Config, tier: number, now: Date): BudgetState {
  const settings = config.tiers[String(tier) as "0"];
  const state: BudgetState = {};
  const day = now.toISOString().slice(0, 10);
  const spentToday = spend.spent(tier, day);
  const spentMonth = spend.spent(tier, day.slice(0, 7));
  const daily = settings?.budget?.daily;
  const monthly = settings?.budget?.monthly;
  if (daily !== undefined && spentToday >= daily)
    state.overBudget = { spent: spentToday, budget: daily, period: "daily", resetsAt: nextUtcMidnight(now) };
  else if (monthly !== undefined && spentMonth >= monthly)
    state.overBudget = { spent: spentMonth, budget: monthly, period: "monthly", resetsAt: nextUtcMonth(now) };
  const window = subscriptionWindow(spend, config, tier, now);
  if (window?.limit != null && window.used >= window.limit && window.resetsAt)
    state.windowFull = { used: window.used, limit: window.limit, resetsAt: window.resetsAt };
  return state;
}

export interface SubscriptionWindow {
  /** Worker runs in the rolling window (the operator's own sessions are not runs). */
  used: number;
  /** `window.runs`, or null when no limit is set. */
  limit: number | null;
  hours: number;
  /** When the oldest run in the window leaves it, giving a run back; null when none is in it. */
  resetsAt: string | null;
}

const DEFAULT_WINDOW_HOURS = 5;

/** A subscription tier's rolling window as the meters show it; undefined for other billing. */
export function subscriptionWindow(
  spend: SpendView,
  config: Config,
  tier: number,
  now: Date,
): SubscriptionWindow | undefined {
  if (billingOf(config, tier) !== "subscription") return undefined;
  const settings = config.tiers[String(tier) as "0"]?.window;
  const hours = settings?.hours ?? DEFAULT_WINDOW_HOURS;
  const since = now.getTime() - hours * 3600_000;
  const runs = spend.recentRunTimes(tier).filter((at) => at > since);
  const oldest = runs.length ? Math.min(...runs) : undefined;
  return {
    used: runs.length,
    limit: settings?.runs ?? null,
    hours,
    resetsAt: oldest === undefined ? null : new Date(oldest + hours * 3600_000).toISOString(),
  };
}

export interface TierOutlook {
  estimatedCostUsd: number;
  budget: BudgetState;
}

/**
 * Estimate and budget per tier, computed at most once per tier for one pass over many tasks.
 */
export function tierOutlooks(spend: SpendView, config: Config, now: Date): (tier: number) => TierOutlook {
  const cache = new Map<number, TierOutlook>();
  return (tier) => {
    let outlook = cache.get(tier);
    if (!outlook) {
      outlook = {
        estimatedCostUsd: estimateRunCost(spend, tier),
        budget: budgetState(spend, config, tier, now),
      };
      cache.set(tier, outlook);
    }
    return outlook;
  };
}
