/**
 * A subscription usage limit, as the Claude Code CLI reports it when a worker hits one: not
 * the task's failure but the tier's, until the limit resets. The wording is the CLI's own
 * (2.1.x prints "You've hit your session limit · resets 3pm (Europe/Berlin)", with a date
 * when the reset is more than a day away; older versions printed "Claude AI usage limit
 * reached|<unix seconds>"). Pure: the engine holds the tier, this only reads the words.
 */

export interface UsageLimit {
  /** The CLI's sentence, for the notification and the run record. */
  text: string;
  /** When the limit resets; undefined when the CLI gave no time Switchyard could read. */
  resetsAt?: Date;
}

const HIT = /You(?:'|’)ve hit your ([^\n·]*?limit)(?:\s*·\s*resets\s+([^\n"]+?))?\s*(?:·|$|\n|")/i;
const EPOCH = /usage limit reached\|(\d{9,})/i;
const GENERIC =
  /(?:usage|session|weekly|5-hour)?\s*limit (?:reached|exceeded)[^\n]*?resets?\s+(?:at\s+)?([^\n".]+)/i;

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

export function readUsageLimit(output: string, now: Date): UsageLimit | undefined {
  const epoch = EPOCH.exec(output);
  if (epoch) return { text: "usage limit reached", resetsAt: new Date(Number(epoch[1]) * 1000) };
  const hit = HIT.exec(output);
  if (hit) {
    const when = hit[2]?.trim();
    const resetsAt = when ? parseResetTime(when, now) : undefined;
    return {
      text: `You've hit your ${hit[1]}${when ? ` · resets ${when}` : ""}`,
      ...(resetsAt ? { resetsAt } : {}),
    };
  }
  const generic = GENERIC.exec(output);
  if (generic) {
    const resetsAt = parseResetTime(generic[1]?.trim() ?? "", now);
    return { text: generic[0].trim(), ...(resetsAt ? { resetsAt } : {}) };
  }
  return undefined;
}

/**
 * "3pm (Europe/Berlin)", "3:30pm", "Nov 28, 9am (America/New_York)", "Nov 28, 2027, 9am (UTC)":
 * the next such moment in that time zone (the machine's when none is named).
 */
export function parseResetTime(text: string, now: Date): Date | undefined {
  const match =
    /^(?:([a-z]{3})[a-z]*\s+(\d{1,2}),?\s+(?:(\d{4}),?\s+)?)?(\d{1,2})(?::(\d{2}))?\s*([ap])\.?m\.?(?:\s*\(([^)]+)\))?/i.exec(
      text.trim(),
    );
  if (!match) return undefined;
  const [, monthName, dayText, yearText, hourText, minuteText, half, zone] = match;
  let hour = Number(hourText) % 12;
  if (half?.toLowerCase() === "p") hour += 12;
  const minute = Number(minuteText ?? 0);
  const timeZone = zone?.trim();
  if (timeZone && !isTimeZone(timeZone)) return undefined;
  const today = partsIn(now, timeZone);
  const month = monthName ? MONTHS.indexOf(monthName.toLowerCase()) : today.month;
  if (month < 0) return undefined;
  const year = yearText ? Number(yearText) : today.year;
  const day = dayText ? Number(dayText) : today.day;
  let at = instantIn(year, month, day, hour, minute, timeZone);
  // A time without a date is the next one; a date without a year is this year's or next year's.
  if (!dayText && at.getTime() <= now.getTime()) at = instantIn(year, month, day + 1, hour, minute, timeZone);
  else if (dayText && !yearText && at.getTime() < now.getTime() - 86_400_000)
    at = instantIn(year + 1, month, day, hour, minute, timeZone);
  return at;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function partsIn(date: Date, timeZone: string | undefined) {
  const parts = new Intl.DateTimeFormat("en-US", {
    ...(timeZone ? { timeZone } : {}),
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
    hourCycle: "h23",
  }).formatToParts(date);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  return {
    year: get("year"),
    month: get("month") - 1,
    day: get("day"),
    hour: get("hour"),
    minute: get("minute"),
    second: get("second"),
  };
}

/** The instant whose wall-clock time in `timeZone` is the one given (two passes settle DST). */
function instantIn(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  timeZone?: string,
): Date {
  const wanted = Date.UTC(year, month, day, hour, minute);
  let guess = wanted;
  for (let pass = 0; pass < 2; pass++) {
    const seen = partsIn(new Date(guess), timeZone);
    const shown = Date.UTC(seen.year, seen.month, seen.day, seen.hour, seen.minute);
    guess += wanted - shown;
  }
  return new Date(guess);
}
