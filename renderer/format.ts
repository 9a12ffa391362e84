/**
 * How numbers read in the window: dollars, and the tier names. Times and durations use the one
 * format of shared/time-words.ts (local, 24-hour), the same as the CLI's.
 */
export {
  clockWords as clockTime,
  durationWords as duration,
  relativeWords as relativeTime,
  stopwatchWords as stopwatch,
} from "../shared/time-words.js";

export const TIER_NAMES: Record<number, string> = { 0: "local", 1: "Haiku", 2: "Sonnet", 3: "Opus" };
export const TIERS = [0, 1, 2, 3] as const;

export function usd(value: number): string {
  if (value !== 0 && Math.abs(value) < 0.01) return `$${value.toFixed(4)}`;
  return `$${value.toFixed(2)}`;
}

/** A cost that is an estimate until the worker reports its own figure. */
export const costWords = (cost: { usd: number; estimate: boolean } | undefined): string =>
  cost ? `${cost.estimate ? "≈" : ""}${usd(cost.usd)}` : usd(0);
