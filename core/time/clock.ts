/**
 * Time as a dependency: the heartbeat, the scheduler and the notifier read the wall clock and
 * set timers through a Clock, so tests drive them with a fake one and never sleep for real.
 */
export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  now(): Date;
  /**
   * Calls `fn` after `ms`. An `unref` timer does not keep the process alive (hours-long waits
   * for quiet hours or a schedule); a short flush should, so its write is not lost at exit.
   */
  setTimer(fn: () => void, ms: number, options?: { unref?: boolean }): TimerHandle;
}

/** Node's setTimeout caps at 2^31-1 ms (~24.8 days); longer waits are re-armed in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export const systemClock: Clock = {
  now: () => new Date(),
  setTimer(fn, ms, options = {}) {
    const timer = setTimeout(fn, Math.min(Math.max(0, ms), MAX_TIMER_MS));
    if (options.unref) timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};
