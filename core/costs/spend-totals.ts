/**
 * What the meters, budgets, estimates and windows need from the spend, kept as running
 * totals instead of every ledger line: USD per tier and day, the latest run costs per tier
 * (estimates), the latest attempt times per tier (subscription windows). It grows by one
 * entry a day, not one a task, and answering costs the same at 10 runs or 100,000.
 */
import type { DailyCost } from "../../shared/bridge.js";
import type { AgentUsage } from "../../shared/status.js";
import { type AgentPurpose, tokensOf } from "./agent-usage.js";
import { isWorkerEntry, type LedgerEntry } from "./ledger.js";

/** What the estimate averages: the tier's latest runs that cost anything. */
export const ESTIMATE_SAMPLE = 20;
/** Attempt times kept per tier for the rolling windows (a window counts at most this many runs). */
const RUN_TIMES_KEPT = 1_000;

export interface SpendView {
  /** Changes whenever anything counted changes. */
  readonly version: string;
  /** USD spent by `tier` on a UTC day (`YYYY-MM-DD`) or in a month (`YYYY-MM`). */
  spent(tier: number, period: string): number;
  /** Costs of the tier's latest worker runs that cost anything, oldest first. */
  recentRunCosts(tier: number): readonly number[];
  /** When the tier's latest worker attempts ended (ms), oldest first. */
  recentRunTimes(tier: number): readonly number[];
  /** Spend per UTC day and tier from `sinceDay` on. */
  dailyTotals(sinceDay: string): DailyCost[];
  /** The always-on agent's own calls for one purpose on a UTC day. */
  agentUsage(purpose: AgentPurpose, day: string): AgentUsage;
}

const pushBounded = (list: number[], value: number, bound: number) => {
  list.push(value);
  if (list.length > bound) list.splice(0, list.length - bound);
};

let instances = 0;

export class SpendTotals implements SpendView {
  /** Tells two totals apart even when they counted as many entries. */
  private readonly instance = ++instances;
  private added = 0;
  /** "day|tier" and "month|tier" → USD. */
  private readonly sums = new Map<string, number>();
  private readonly costs = new Map<number, number[]>();
  private readonly times = new Map<number, number[]>();
  /** "day|purpose" → the always-on agent's calls. */
  private readonly agent = new Map<string, AgentUsage>();

  static from(entries: Iterable<LedgerEntry>): SpendTotals {
    const totals = new SpendTotals();
    for (const entry of entries) totals.add(entry);
    return totals;
  }

  get version(): string {
    return `${this.instance}.${this.added}`;
  }

  add(entry: LedgerEntry): void {
    this.added++;
    for (const period of [entry.at.slice(0, 10), entry.at.slice(0, 7)]) {
      const key = `${period}|${entry.tier}`;
      this.sums.set(key, (this.sums.get(key) ?? 0) + entry.costUsd);
    }
    if (entry.source === "triage" || entry.source === "heartbeat") {
      const key = `${entry.at.slice(0, 10)}|${entry.source}`;
      const usage = this.agent.get(key) ?? { calls: 0, tokens: 0, usd: 0 };
      this.agent.set(key, {
        calls: usage.calls + 1,
        tokens: usage.tokens + tokensOf(entry),
        usd: usage.usd + entry.costUsd,
      });
    }
    if (!isWorkerEntry(entry)) return; // estimates and windows count worker runs only
    if (entry.costUsd > 0) pushBounded(this.listOf(this.costs, entry.tier), entry.costUsd, ESTIMATE_SAMPLE);
    if (entry.attempt >= 1)
      pushBounded(this.listOf(this.times, entry.tier), Date.parse(entry.at), RUN_TIMES_KEPT);
  }

  spent(tier: number, period: string): number {
    return this.sums.get(`${period}|${tier}`) ?? 0;
  }

  recentRunCosts(tier: number): readonly number[] {
    return this.costs.get(tier) ?? [];
  }

  recentRunTimes(tier: number): readonly number[] {
    return this.times.get(tier) ?? [];
  }

  dailyTotals(sinceDay: string): DailyCost[] {
    const totals: DailyCost[] = [];
    for (const [key, usd] of this.sums) {
      const [day = "", tier] = key.split("|");
      if (day.length === 10 && day >= sinceDay) totals.push({ day, tier: Number(tier), usd });
    }
    return totals;
  }

  agentUsage(purpose: AgentPurpose, day: string): AgentUsage {
    return this.agent.get(`${day}|${purpose}`) ?? { calls: 0, tokens: 0, usd: 0 };
  }

  private listOf(map: Map<number, number[]>, tier: number): number[] {
    let list = map.get(tier);
    if (!list) {
      list = [];
      map.set(tier, list);
    }
    return list;
  }
}

/** The crew's own totals plus the operator's interactive spend (which only adds to the sums). */
export function combineSpend(own: SpendView, interactive: SpendView | undefined): SpendView {
  if (!interactive) return own;
  return {
    version: `${own.version}+${interactive.version}`,
    spent: (tier, period) => own.spent(tier, period) + interactive.spent(tier, period),
    recentRunCosts: (tier) => own.recentRunCosts(tier),
    recentRunTimes: (tier) => own.recentRunTimes(tier),
    agentUsage: (purpose, day) => own.agentUsage(purpose, day),
    dailyTotals: (sinceDay) => {
      const byKey = new Map<string, DailyCost>();
      for (const total of [...own.dailyTotals(sinceDay), ...interactive.dailyTotals(sinceDay)]) {
        const key = `${total.day}|${total.tier}`;
        const known = byKey.get(key);
        byKey.set(key, known ? { ...known, usd: known.usd + total.usd } : total);
      }
      return [...byKey.values()];
    },
  };
}
