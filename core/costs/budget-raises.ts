/**
 * "Raise today's budget once": an extra amount on a tier's daily budget for one UTC day, kept in
 * `.switchyard/budget-raises.json` so it survives a restart, and gone the next day without
 * anyone undoing it. Applied where the config is read (crew-context.ts), so the gate, the
 * meters and the heartbeat all see the same budget.
 */
import { join, resolve } from "node:path";
import { z } from "zod";
import type { Config } from "../../shared/config.js";
import { crewPaths } from "../crew-root.js";
import { JsonStore } from "../fs/json-store.js";

const TierSchema = z.enum(["0", "1", "2", "3"]);
const RaisesSchema = z.partialRecord(
  TierSchema,
  z.object({ day: z.string(), extraUsd: z.number().positive() }),
);
type Raises = z.infer<typeof RaisesSchema>;

/** Budgets count UTC days (core/costs/budget.ts). */
const utcDay = (now: Date) => now.toISOString().slice(0, 10);

const raisers = new Map<string, BudgetRaises>();

export class BudgetRaises {
  private readonly store: JsonStore<Raises>;
  private raises: Raises;
  private memo: { config: Config; day: string; raises: Raises; raised: Config } | undefined;

  private constructor(root: string) {
    this.store = new JsonStore<Raises>(
      join(crewPaths(root).appData, "budget-raises.json"),
      RaisesSchema,
      () => ({}),
    );
    // Read once, at once: the config is read synchronously everywhere.
    this.raises = this.store.readSync();
  }

  /** The one per crew root in this process. */
  static for(root: string): BudgetRaises {
    const key = resolve(root);
    let raises = raisers.get(key);
    if (!raises) {
      raises = new BudgetRaises(key);
      raisers.set(key, raises);
    }
    return raises;
  }

  /** Today's extra for a tier, in USD (0 when none). */
  extraToday(tier: number, now: Date): number {
    const raise = this.raises[String(tier) as "0"];
    return raise?.day === utcDay(now) ? raise.extraUsd : 0;
  }

  /** The config with today's raises added to the daily budgets; the same object when none applies. */
  apply(config: Config, now: Date): Config {
    const day = utcDay(now);
    const memo = this.memo;
    if (memo && memo.config === config && memo.day === day && memo.raises === this.raises) return memo.raised;
    let raised = config;
    for (const tier of TierSchema.options) {
      const extra = this.extraToday(Number(tier), now);
      const daily = config.tiers[tier]?.budget?.daily;
      if (!extra || daily === undefined) continue;
      raised = {
        ...raised,
        tiers: {
          ...raised.tiers,
          [tier]: { ...raised.tiers[tier], budget: { ...raised.tiers[tier]?.budget, daily: daily + extra } },
        },
      };
    }
    this.memo = { config, day, raises: this.raises, raised };
    return raised;
  }

  async raise(tier: number, extraUsd: number, now: Date): Promise<void> {
    const day = utcDay(now);
    this.raises = await this.store.update((raises) => {
      const key = String(tier) as "0";
      const earlier = raises[key]?.day === day ? (raises[key]?.extraUsd ?? 0) : 0;
      raises[key] = { day, extraUsd: earlier + extraUsd };
    });
  }
}
