/**
 * Tiers held by a subscription usage limit (usage-limit.ts): every task of the tier waits
 * until the limit resets, plus a margin, and the queue resumes by itself. A run that hit the
 * limit is parked (its attempt does not count) and resumed in the same session afterwards.
 */
import type { UsageLimit } from "./usage-limit.js";

/** After the reset time the CLI gave, the tier waits this much longer (clocks differ). */
export const LIMIT_MARGIN_MS = 2 * 60_000;
/** When the CLI named no time Switchyard could read, the tier tries again after this long. */
export const UNREAD_RESET_MS = 60 * 60_000;

interface Hold {
  until: Date;
  text: string;
}

export class TierHolds {
  private readonly holds = new Map<number, Hold>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    /** Called when a hold ends, so waiting work starts. */
    private readonly onLift: () => void,
    private readonly now: () => Date,
    private readonly marginMs = LIMIT_MARGIN_MS,
  ) {}

  /** Holds the tier; true when this is a new hold (the operator hears of it once). */
  hold(tier: number, limit: UsageLimit): boolean {
    const now = this.now().getTime();
    const until = new Date(
      limit.resetsAt ? Math.max(limit.resetsAt.getTime(), now) + this.marginMs : now + UNREAD_RESET_MS,
    );
    const known = this.current(tier);
    this.holds.set(tier, { until: known && known.until > until ? known.until : until, text: limit.text });
    this.arm();
    return !known;
  }

  /** Why the tier waits, or undefined when it may run. */
  reason(tier: number): string | undefined {
    const hold = this.current(tier);
    return hold
      ? `tier ${tier} hit its subscription usage limit (${hold.text}); held until ${hold.until.toISOString()}`
      : undefined;
  }

  until(tier: number): Date | undefined {
    return this.current(tier)?.until;
  }

  /** Changes whenever a hold starts or ends (the gate re-gates everything then). */
  key(): string {
    return [...this.holds.keys()]
      .filter((tier) => this.current(tier))
      .map((tier) => `${tier}@${this.holds.get(tier)?.until.toISOString()}`)
      .join(",");
  }

  close(): void {
    clearTimeout(this.timer);
  }

  private current(tier: number): Hold | undefined {
    const hold = this.holds.get(tier);
    if (hold && hold.until.getTime() <= this.now().getTime()) {
      this.holds.delete(tier);
      return undefined;
    }
    return hold;
  }

  /** Wakes at the earliest end of a hold (a long wait is re-armed, timers cap at ~24 days). */
  private arm(): void {
    clearTimeout(this.timer);
    const ends = [...this.holds.values()].map((hold) => hold.until.getTime());
    if (ends.length === 0) return;
    const wait = Math.min(Math.max(0, Math.min(...ends) - this.now().getTime()), 2 ** 31 - 1);
    this.timer = setTimeout(() => {
      for (const tier of [...this.holds.keys()]) this.current(tier);
      this.arm();
      this.onLift();
    }, wait);
    this.timer.unref();
  }
}
