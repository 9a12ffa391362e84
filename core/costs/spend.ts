/**
 * All spend the meters and budgets count: Switchyard's ledger plus, when enabled, the
 * operator's interactive Claude Code usage (without double-counting worker sessions).
 */
import type { Config } from "../../shared/config.js";
import { ClaudeUsageCache, defaultClaudeProjectsDir } from "./claude-usage.js";
import { type LedgerEntry, LedgerReader } from "./ledger.js";

export class Spend {
  private readonly ledger: LedgerReader;
  private readonly interactive: ClaudeUsageCache | undefined;

  constructor(
    root: string,
    private readonly config: Config,
  ) {
    this.ledger = new LedgerReader(root);
    this.interactive = config.costs.importInteractive
      ? new ClaudeUsageCache(config.costs.claudeProjectsDir ?? defaultClaudeProjectsDir())
      : undefined;
  }

  async entries(): Promise<LedgerEntry[]> {
    const own = await this.ledger.entries();
    if (!this.interactive) return own;
    const workerSessions = new Set(own.flatMap((entry) => (entry.sessionId ? [entry.sessionId] : [])));
    return [...own, ...(await this.interactive.entries(this.config, workerSessions))];
  }
}
