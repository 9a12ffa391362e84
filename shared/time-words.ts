/**
 * Times and durations in one format wherever a person reads them (the CLI, the window, the
 * tray): durations in s/min/h/d, clock times in local 24-hour time, with the date when it is
 * not today. Pure; the time zone is the machine's (the window's, in a browser).
 */

/** "45 s", "12 min", "2 h 05 min", "3 d 4 h". */
export function durationWords(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${String(minutes % 60).padStart(2, "0")} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** "1m 05s" for a live stopwatch (elapsed time that ticks): seconds stay visible. */
export function stopwatchWords(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, "0")}s`;
  return durationWords(ms);
}

const sameDay = (a: Date, b: Date) =>
  a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();

const TIME = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" } as const;

/** "14:05" today, "9 Apr 14:05" another day, "9 Apr 2025 14:05" another year: local, 24-hour. */
export function clockWords(iso: string | number | Date, now: Date = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  if (sameDay(date, now)) return date.toLocaleTimeString("en-GB", TIME);
  const day = date.toLocaleDateString("en-GB", {
    day: "numeric",
    month: "short",
    ...(date.getFullYear() === now.getFullYear() ? {} : { year: "numeric" }),
  });
  return `${day} ${date.toLocaleTimeString("en-GB", TIME)}`;
}

/** "in 4 min", "12 s ago", "now". */
export function relativeWords(iso: string | null | undefined, now: number): string {
  if (!iso) return "never";
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const delta = at - now;
  if (Math.abs(delta) < 1500) return "now";
  const words = durationWords(Math.abs(delta));
  return delta > 0 ? `in ${words}` : `${words} ago`;
}
