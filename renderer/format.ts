/** How numbers and times read in the window: dollars, durations, "3 min ago". */

export const TIER_NAMES: Record<number, string> = { 0: "local", 1: "Haiku", 2: "Sonnet", 3: "Opus" };
export const TIERS = [0, 1, 2, 3] as const;

export function usd(value: number): string {
  if (value !== 0 && Math.abs(value) < 0.01) return `$${value.toFixed(4)}`;
  return `$${value.toFixed(2)}`;
}

export function duration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, "0")}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ${String(minutes % 60).padStart(2, "0")}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** "in 4 min", "12 s ago": for heartbeats and timestamps in lists. */
export function relativeTime(iso: string | null | undefined, now: number): string {
  if (!iso) return "never";
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const delta = at - now;
  const words = duration(Math.abs(delta));
  if (Math.abs(delta) < 1500) return "now";
  return delta > 0 ? `in ${words}` : `${words} ago`;
}

export function clockTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}
