/**
 * Imports the operator's interactive Claude Code usage from `~/.claude/projects/**\/*.jsonl`
 * (as ccusage does), so the meters show all spend, not only Switchyard's. Each assistant
 * message counts once (by message and request id); sessions that were Switchyard's own
 * workers are skipped, since the ledger has them already.
 */
import { readdir, stat } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { type Config, priceTable } from "../../shared/config.js";
import { priceTokens, type TokenUsage } from "../../shared/prices.js";
import { mapBounded } from "../fs/bounded.js";
import { isMissing, readIfExists } from "../fs/read-if-exists.js";
import type { LedgerEntry } from "./ledger.js";
import { type SpendView, SpendTotals } from "./spend-totals.js";

const UsageLine = z.looseObject({
  type: z.literal("assistant"),
  timestamp: z.string(),
  sessionId: z.string().optional(),
  requestId: z.string().optional(),
  costUSD: z.number().optional(),
  message: z.looseObject({
    id: z.string().optional(),
    model: z.string().default("unknown"),
    usage: z.looseObject({
      input_tokens: z.number().default(0),
      output_tokens: z.number().default(0),
      cache_creation_input_tokens: z.number().default(0),
      cache_read_input_tokens: z.number().default(0),
    }),
  }),
});

export const defaultClaudeProjectsDir = (env = process.env): string =>
  join(env.CLAUDE_CONFIG_DIR ?? join(homedir(), ".claude"), "projects");

export const tierOfModel = (model: string): number =>
  /opus/i.test(model) ? 3 : /haiku/i.test(model) ? 1 : 2;

export type UsageLine = z.infer<typeof UsageLine>;

/** One transcript line's usage, when it is an assistant message that reports some. */
export function parseUsageLine(line: string): UsageLine | undefined {
  if (!line.includes('"assistant"') || !line.includes('"usage"')) return undefined;
  try {
    const parsed = UsageLine.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined; // a half-written last line
  }
}

/** Counts a message once however many lines repeat it (the CLI writes one per content block). */
export const usageKey = (usage: UsageLine): string => `${usage.message.id ?? ""}:${usage.requestId ?? ""}`;

const tokensOf = (usage: UsageLine["message"]["usage"]): TokenUsage => ({
  input: usage.input_tokens,
  output: usage.output_tokens,
  cacheWrite: usage.cache_creation_input_tokens,
  cacheRead: usage.cache_read_input_tokens,
});

/** What one message cost: what the CLI reported, else its tokens at the crew's prices for its model. */
export const usageCost = (config: Config, usage: UsageLine): number =>
  usage.costUSD ?? priceTokens(usage.message.model, tokensOf(usage.message.usage), priceTable(config));

async function jsonlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: unknown) => {
    if (isMissing(error)) return [];
    throw error;
  });
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return jsonlFiles(path);
      return entry.name.endsWith(".jsonl") ? [path] : [];
    }),
  );
  return nested.flat();
}

/**
 * Entries for every interactive assistant message, skipping `workerSessions`. `extraFiles` are
 * transcripts the crew's hooks reported outside `projectsDir` (a session with its own
 * CLAUDE_CONFIG_DIR); a message found twice counts once.
 */
export async function importClaudeUsage(
  projectsDir: string,
  config: Config,
  workerSessions: ReadonlySet<string>,
  extraFiles: readonly string[] = [],
): Promise<LedgerEntry[]> {
  const seen = new Set<string>();
  const entries: LedgerEntry[] = [];
  const files = [...new Set([...(await jsonlFiles(projectsDir)), ...extraFiles])];
  for (const file of files) {
    const text = (await readIfExists(file)) ?? ""; // a session file removed while we read
    for (const line of text.split("\n")) {
      const usage = parseUsageLine(line);
      if (!usage) continue;
      if (usage.sessionId && workerSessions.has(usage.sessionId)) continue;
      const key = usageKey(usage);
      if (key !== ":" && seen.has(key)) continue;
      seen.add(key);
      const tier = tierOfModel(usage.message.model);
      entries.push({
        at: new Date(usage.timestamp).toISOString(),
        taskId: usage.sessionId ?? "interactive",
        agent: "interactive",
        tier,
        model: usage.message.model,
        attempt: 0,
        costUsd: usageCost(config, usage),
        source: "interactive",
        ...(usage.sessionId ? { sessionId: usage.sessionId } : {}),
      });
    }
  }
  return entries;
}

/**
 * Re-imports at most once per `maxAgeMs`, and only when some file changed; keeps the totals,
 * not the entries. `workerSessions` is asked only when it re-imports.
 */
export class ClaudeUsageCache {
  private cached: SpendView | undefined;
  private checkedAt = 0;
  private signature = "";

  constructor(
    private readonly projectsDir: string,
    private readonly maxAgeMs = 60_000,
  ) {}

  async totals(
    config: Config,
    workerSessions: () => Promise<ReadonlySet<string>>,
    now = Date.now(),
    extraFiles: readonly string[] = [],
  ): Promise<SpendView | undefined> {
    if (now - this.checkedAt < this.maxAgeMs) return this.cached;
    this.checkedAt = now;
    const files = [...(await jsonlFiles(this.projectsDir)), ...extraFiles];
    const stats = await mapBounded(files, (file) => stat(file).catch(() => undefined));
    const signature = files
      .map((file, index) => `${file}:${stats[index]?.size}:${stats[index]?.mtimeMs}`)
      .join("|");
    if (signature !== this.signature) {
      this.signature = signature;
      this.cached = SpendTotals.from(
        await importClaudeUsage(this.projectsDir, config, await workerSessions(), extraFiles),
      );
    }
    return this.cached;
  }
}
