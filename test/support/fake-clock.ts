/**
 * A clock tests drive by hand: `advance(ms)` moves the wall clock and fires the timers that
 * fall due, in order, so hours of quiet time or a missed cron run take no real time.
 */
import type { Clock, TimerHandle } from "../../core/time/clock.js";

interface PendingTimer {
  atMs: number;
  fn: () => void;
  cancelled: boolean;
}

export class FakeClock implements Clock {
  private nowMs: number;
  private timers: PendingTimer[] = [];

  constructor(start: Date | string) {
    this.nowMs = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.nowMs);
  }

  setTimer(fn: () => void, ms: number): TimerHandle {
    const timer: PendingTimer = { atMs: this.nowMs + Math.max(0, ms), fn, cancelled: false };
    this.timers.push(timer);
    return {
      cancel: () => {
        timer.cancelled = true;
      },
    };
  }

  /** Moves time forward, firing due timers in order and letting their async work settle. */
  async advance(ms: number): Promise<void> {
    const target = this.nowMs + ms;
    for (;;) {
      this.timers = this.timers.filter((timer) => !timer.cancelled);
      const next = this.timers.filter((timer) => timer.atMs <= target).sort((a, b) => a.atMs - b.atMs)[0];
      if (!next) break;
      this.nowMs = Math.max(this.nowMs, next.atMs);
      next.cancelled = true;
      next.fn();
      await settle();
    }
    this.nowMs = target;
  }

  /** Jumps the wall clock without firing timers: what a laptop sees after sleeping. */
  jump(ms: number): void {
    this.nowMs += ms;
  }

  pendingTimers(): number {
    return this.timers.filter((timer) => !timer.cancelled).length;
  }
}

/** Lets promise chains and quick file operations started by a timer run to completion. */
export async function settle(rounds = 20): Promise<void> {
  for (let round = 0; round < rounds; round++) await new Promise((resolve) => setImmediate(resolve));
}
