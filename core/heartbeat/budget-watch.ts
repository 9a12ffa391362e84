/**
 * The heartbeat's look at budgets and subscription windows: the operator hears once when a
 * tier reaches its daily or monthly budget or fills its rolling window (its tasks now wait),
 * and once when it opens again. Recomputed only when the ledger grew or a reset time passed.
 */
import { clockWords } from "../../shared/time-words.js";
import type { Config } from "../../shared/config.js";
import type { BudgetState } from "../approvals/approval-gate.js";
import { budgetState } from "../costs/budget.js";
import type { SpendView } from "../costs/spend-totals.js";
import type { Notifier } from "../notify/notifier.js";

const TIERS = [0, 1, 2, 3] as const;
const money = (usd: number) => `$${usd.toFixed(2)}`;

const hasLimits = (config: Config, tier: number): boolean => {
  const settings = config.tiers[String(tier) as "0"];
  return Boolean(
    settings?.budget?.daily !== undefined ||
      settings?.budget?.monthly !== undefined ||
      settings?.window?.runs !== undefined,
  );
};

/** What changed for the operator: "over budget" and "window full" come and go. */
const keyOf = (state: BudgetState): string =>
  `${state.overBudget ? `over:${state.overBudget.period}` : ""}|${state.windowFull ? "full" : ""}`;

export class BudgetWatch {
  private readonly last = new Map<number, BudgetState>();
  private seenVersion = "";
  private seenConfig: Config | undefined;
  private nextResetMs = Number.POSITIVE_INFINITY;

  constructor(private readonly notifier: Pick<Notifier, "notify">) {}

  /** Returns the notices it sent (also the heartbeat's record of what it found). */
  async check(spend: SpendView, config: Config, now: Date): Promise<string[]> {
    const unchanged =
      spend.version === this.seenVersion && config === this.seenConfig && now.getTime() < this.nextResetMs;
    if (unchanged) return [];
    this.seenVersion = spend.version;
    this.seenConfig = config;
    this.nextResetMs = Number.POSITIVE_INFINITY;
    const notices: string[] = [];
    for (const tier of TIERS) {
      const state = hasLimits(config, tier) ? budgetState(spend, config, tier, now) : {};
      for (const resetsAt of [state.overBudget?.resetsAt, state.windowFull?.resetsAt])
        if (resetsAt) this.nextResetMs = Math.min(this.nextResetMs, Date.parse(resetsAt));
      const before = this.last.get(tier) ?? {};
      this.last.set(tier, state);
      if (keyOf(before) === keyOf(state)) continue;
      const notice = await this.report(tier, before, state);
      if (notice) notices.push(notice);
    }
    return notices;
  }

  private async report(tier: number, before: BudgetState, state: BudgetState): Promise<string | undefined> {
    const base = { kind: "budget", where: ".switchyard/ledger.jsonl" } as const;
    if (state.overBudget && !before.overBudget) {
      const { spent, budget, period, resetsAt } = state.overBudget;
      const title = `Tier ${tier} reached its ${period} budget: ${money(spent)} of ${money(budget)}`;
      await this.notifier.notify({
        ...base,
        priority: "high",
        title,
        body: `Tier ${tier} tasks wait until ${clockWords(resetsAt)} (urgent ones ask for approval); approve one to run it now, or raise tiers.${tier}.budget.${period} in switchyard.json.`,
      });
      return title;
    }
    if (state.windowFull && !before.windowFull) {
      const { used, limit, resetsAt } = state.windowFull;
      const title = `Tier ${tier} subscription window is full: ${used} of ${limit} runs`;
      await this.notifier.notify({
        ...base,
        priority: "normal",
        title,
        body: `Tier ${tier} tasks wait until the window opens at ${clockWords(resetsAt)}; approve one to run it now.`,
      });
      return title;
    }
    if ((before.overBudget && !state.overBudget) || (before.windowFull && !state.windowFull)) {
      const title = `Tier ${tier} can run again: its ${before.overBudget && !state.overBudget ? "budget reset" : "subscription window opened"}`;
      await this.notifier.notify({
        ...base,
        priority: "low",
        title,
        body: `Tasks held for tier ${tier} are dispatched from now on.`,
      });
      return title;
    }
    return undefined;
  }
}
