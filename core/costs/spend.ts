/**
 * All spend the meters and budgets count: Switchyard's ledger plus, when enabled, the
 * operator's interactive Claude Code usage (without double-counting worker sessions).
 */
import type { Config } from "../../shared/config.js";
import { ClaudeUsageCache, defaultClaudeProjectsDir } from "./claude-usage.js";
import { LedgerReader, readLedger } from "./ledger.js";
import { combineSpend, type SpendView } from "./spend-totals.js";

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
    private readonly root: string,
    private readonly config: () => Config,
    private readonly hooked?: HookedSessions,
  ) {
    this.ledger = new LedgerReader(root);
  }

  async totals(): Promise<SpendView> {
    const own = await this.ledger.read();
    const config = this.config();
    if (!config.costs.importInteractive) return own;
    const dir = config.costs.claudeProjectsDir ?? defaultClaudeProjectsDir();
    if (this.interactive?.dir !== dir) this.interactive = { dir, cache: new ClaudeUsageCache(dir) };
    const transcripts = this.hooked?.transcripts() ?? [];
    const interactive = await this.interactive.cache.totals(
      config,
      () => this.workerSessions(),
      Date.now(),
      transcripts,
    );
    return combineSpend(own, interactive);
  }

  /** The crew's own worker sessions, read from the ledger (and the hooks) only when the import runs again. */
  private async workerSessions(): Promise<Set<string>> {
    return new Set([
      ...(await readLedger(this.root)).flatMap((entry) => (entry.sessionId ? [entry.sessionId] : [])),
      ...(this.hooked?.workerSessions() ?? []),
    ]);
  }
}
