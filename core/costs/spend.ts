/**
 * All spend the meters and budgets count: Switchyard's ledger plus, when enabled, the
 * operator's interactive Claude Code usage (without double-counting worker sessions).
 */
import type { Config } from "../../shared/config.js";
import { ClaudeUsageCache, defaultClaudeProjectsDir } from "./claude-usage.js";
import { type LedgerEntry, LedgerReader } from "./ledger.js";

/** What the crew's hooks know of sessions: where their transcripts are, which ones are workers'. */
export interface HookedSessions {
  transcripts(): string[];
  workerSessions(): string[];
}

export class Spend {
  private readonly ledger: LedgerReader;
  /** The import of `~/.claude/projects`, for the folder the config names now. */
  private interactive: { dir: string; cache: ClaudeUsageCache } | undefined;

  constructor(
    root: string,
    private readonly config: () => Config,
    private readonly hooked?: HookedSessions,
  ) {
    this.ledger = new LedgerReader(root);
  }

  async entries(): Promise<LedgerEntry[]> {
    const own = await this.ledger.entries();
    const config = this.config();
    if (!config.costs.importInteractive) return own;
    const dir = config.costs.claudeProjectsDir ?? defaultClaudeProjectsDir();
    if (this.interactive?.dir !== dir) this.interactive = { dir, cache: new ClaudeUsageCache(dir) };
    const workerSessions = new Set([
      ...own.flatMap((entry) => (entry.sessionId ? [entry.sessionId] : [])),
      ...(this.hooked?.workerSessions() ?? []),
    ]);
    const transcripts = this.hooked?.transcripts() ?? [];
    return [
      ...own,
      ...(await this.interactive.cache.entries(config, workerSessions, Date.now(), transcripts)),
    ];
  }
}
