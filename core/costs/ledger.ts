/**
 * The cost ledger (`.switchyard/ledger.jsonl`): one line per worker attempt with what the
 * worker reported, and one per model call the always-on agent makes itself (triage, the
 * heartbeat's check-in). Meters are sums over it, so the numbers can always be traced.
 */
import { appendFileSync, statSync } from "node:fs";
import { open, readFile } from "node:fs/promises";
import { z } from "zod";
import type { Config } from "../../shared/config.js";
import type { Status } from "../../shared/status.js";
import { crewPaths } from "../crew-root.js";
import { type SpendView, SpendTotals } from "./spend-totals.js";
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

/** One line, appended in one write (synchronous: see atomic-write.ts on small file steps). */
export async function appendLedger(root: string, entry: LedgerEntry): Promise<void> {
  appendFileSync(crewPaths(root).ledger, `${JSON.stringify(entry)}\n`);
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
export function costMeters(spend: SpendView, config: Config, now: Date): Status["costs"] {
  const today = localDay(now);
  const month = today.slice(0, 7);
  const meters = {} as Status["costs"];
  for (const tier of ["0", "1", "2", "3"] as const) {
    const budget = config.tiers[tier]?.budget;
    const window = subscriptionWindow(spend, config, Number(tier), now);
    meters[tier] = {
      today: spend.spent(Number(tier), today),
      month: spend.spent(Number(tier), month),
      running: 0,
      budget: { daily: budget?.daily ?? null, monthly: budget?.monthly ?? null },
      ...(window ? { window } : {}),
    };
  }
  return meters;
}

/**
 * Folds the ledger into running totals, reading only what was appended since the last call,
 * so the engine can consult budgets on every dispatch without re-reading (or keeping) the
 * whole history.
 */
export class LedgerReader {
  private offset = 0;
  private totals = new SpendTotals();
  private partial = "";

  constructor(private readonly root: string) {}

  /** The totals with whatever was appended since the last call (a stat when nothing was). */
  async read(): Promise<SpendTotals> {
    const path = crewPaths(this.root).ledger;
    let size: number;
    try {
      size = statSync(path).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return this.totals;
      throw error;
    }
    if (size < this.offset) this.reset(); // rewritten by hand: start over
    if (size === this.offset) return this.totals;
    const handle = await open(path, "r");
    try {
      const buffer = Buffer.alloc(size - this.offset);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.offset);
      this.offset += bytesRead;
      const text = buffer.subarray(0, bytesRead).toString("utf8");
      const lines = (this.partial + text).split("\n");
      this.partial = lines.pop() ?? "";
      for (const line of lines) {
        const entry = parseLedgerLine(line);
        if (entry) this.totals.add(entry);
      }
      return this.totals;
    } finally {
      await handle.close();
    }
  }

  private reset(): void {
    this.offset = 0;
    this.totals = new SpendTotals();
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
