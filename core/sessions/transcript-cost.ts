/**
 * What a session has cost so far, from its transcript's usage lines, priced as the tier meters
 * price them (claude-usage.ts). Each transcript is read only from where the last look ended,
 * so a host can ask on every status without re-reading long sessions.
 */
import { open } from "node:fs/promises";
import type { Config } from "../../shared/config.js";
import { parseUsageLine, usageCost, usageKey } from "../costs/claude-usage.js";

interface Tally {
  offset: number;
  partial: string;
  costUsd: number;
  seen: Set<string>;
  model?: string;
}

export interface TranscriptCost {
  costUsd: number;
  model?: string;
}

export class TranscriptCosts {
  private readonly tallies = new Map<string, Tally>();

  /** The last known cost of a transcript (0 before it was first read). */
  known(path: string): TranscriptCost {
    const tally = this.tallies.get(path);
    return tally
      ? { costUsd: tally.costUsd, ...(tally.model ? { model: tally.model } : {}) }
      : { costUsd: 0 };
  }

  /** Reads what was appended since the last call and returns the total. */
  async update(path: string, config: Config): Promise<TranscriptCost> {
    let tally = this.tallies.get(path);
    if (!tally) {
      tally = { offset: 0, partial: "", costUsd: 0, seen: new Set() };
      this.tallies.set(path, tally);
    }
    const handle = await open(path, "r").catch(() => undefined);
    if (!handle) return this.known(path);
    try {
      const { size } = await handle.stat();
      if (size < tally.offset) Object.assign(tally, { offset: 0, partial: "", costUsd: 0, seen: new Set() });
      if (size > tally.offset) {
        const buffer = Buffer.alloc(size - tally.offset);
        await handle.read(buffer, 0, buffer.length, tally.offset);
        tally.offset = size;
        const lines = (tally.partial + buffer.toString("utf8")).split("\n");
        tally.partial = lines.pop() ?? "";
        for (const line of lines) {
          const usage = parseUsageLine(line);
          if (!usage) continue;
          const key = usageKey(usage);
          if (key !== ":" && tally.seen.has(key)) continue;
          tally.seen.add(key);
          tally.costUsd += usageCost(config, usage);
          tally.model = usage.message.model;
        }
      }
    } finally {
      await handle.close();
    }
    return this.known(path);
  }
}
