/**
 * The cost ledger (`.switchyard/ledger.jsonl`): one line per worker attempt with what the
 * worker reported, and one per model call the always-on agent makes itself (triage, the
 * heartbeat's check-in). Meters are sums over it, so the numbers can always be traced.
 */
import { appendFile, open, readFile } from "node:fs/promises";
import { z } from "zod";
import type { Config } from "../../shared/config.js";
import type { Status } from "../../shared/status.js";
import { crewPaths } from "../crew-root.js";
import { subscriptionWindow } from "./budget.js";

export const LedgerEntrySchema = z.object({
  at: z.string(),
  /** The task a worker attempt ran; the always-on agent's own calls run no task. */
  taskId: z.string().optional(),
  agent: z.string(),
  tier: z.number(),
  model: z.string(),
  attempt: z.number(),
  costUsd: z.number(),
  sessionId: z.string().optional(),
  usage: z.record(z.string(), z.unknown()).optional(),
  modelUsage: z.record(z.string(), z.unknown()).optional(),
  /**
   * Absent or "worker" for a worker attempt; "interactive" for the operator's own Claude Code
   * sessions, imported from ~/.claude; "triage" and "heartbeat" for the always-on agent's calls
   * (attempt 0, no task). Every source counts in its tier's meter and budget; only worker
   * attempts estimate a run's cost and use a subscription window's runs.
   */
  source: z.enum(["worker", "interactive", "triage", "heartbeat"]).optional(),
});

export const isWorkerEntry = (entry: LedgerEntry): boolean =>
  entry.source === undefined || entry.source === "worker";
export type LedgerEntry = z.infer<typeof LedgerEntrySchema>;

export async function appendLedger(root: string, entry: LedgerEntry): Promise<void> {
  await appendFile(crewPaths(root).ledger, `${JSON.stringify(entry)}\n`);
}

export async function readLedger(root: string): Promise<LedgerEntry[]> {
  let text: string;
  try {
    text = await readFile(crewPaths(root).ledger, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return text.split("\n").flatMap((line) => parseLedgerLine(line) ?? []);
}

const localDay = (date: Date) => date.toISOString().slice(0, 10);

/** Today's and this month's spend per tier (UTC days), with each tier's budget. */
export function costMeters(entries: readonly LedgerEntry[], config: Config, now: Date): Status["costs"] {
  const today = localDay(now);
  const month = today.slice(0, 7);
  const meters = {} as Status["costs"];
  for (const tier of ["0", "1", "2", "3"] as const) {
    const budget = config.tiers[tier]?.budget;
    const window = subscriptionWindow(entries, config, Number(tier), now);
    meters[tier] = {
      today: 0,
      month: 0,
      running: 0,
      budget: { daily: budget?.daily ?? null, monthly: budget?.monthly ?? null },
      ...(window ? { window } : {}),
    };
  }
  for (const entry of entries) {
    const meter = meters[String(entry.tier) as "0"];
    if (!meter) continue;
    if (entry.at.startsWith(month)) meter.month += entry.costUsd;
    if (entry.at.startsWith(today)) meter.today += entry.costUsd;
  }
  return meters;
}

/**
 * Keeps the ledger in memory and reads only what was appended since the last call, so the
 * engine can consult budgets on every dispatch without re-reading the whole history.
 */
export class LedgerReader {
  private offset = 0;
  private cached: LedgerEntry[] = [];
  private partial = "";

  constructor(private readonly root: string) {}

  async entries(): Promise<LedgerEntry[]> {
    const path = crewPaths(this.root).ledger;
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(path, "r");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return this.cached;
      throw error;
    }
    try {
      const { size } = await handle.stat();
      if (size < this.offset) this.reset(); // rewritten by hand: start over
      if (size === this.offset) return this.cached;
      const buffer = Buffer.alloc(size - this.offset);
      await handle.read(buffer, 0, buffer.length, this.offset);
      this.offset = size;
      const lines = (this.partial + buffer.toString("utf8")).split("\n");
      this.partial = lines.pop() ?? "";
      for (const line of lines) {
        const entry = parseLedgerLine(line);
        if (entry) this.cached.push(entry);
      }
      return this.cached;
    } finally {
      await handle.close();
    }
  }

  private reset(): void {
    this.offset = 0;
    this.cached = [];
    this.partial = "";
  }
}

function parseLedgerLine(line: string): LedgerEntry | undefined {
  if (!line.trim()) return undefined;
  try {
    const parsed = LedgerEntrySchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
