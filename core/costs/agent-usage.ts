/**
 * The always-on agent's own model calls in the ledger (source "triage" or "heartbeat"): what
 * status shows beside the tier meters, and what the heartbeat's daily token cap is counted in.
 */
import type { AgentUsage } from "../../shared/status.js";
import type { LedgerEntry } from "./ledger.js";
import type { SpendView } from "./spend-totals.js";

export type AgentPurpose = "triage" | "heartbeat";

const USAGE_KEYS = [
  "input_tokens",
  "output_tokens",
  "cache_creation_input_tokens",
  "cache_read_input_tokens",
];

/** Every token a call processed, as its ledger line reports them. */
export function tokensOf(entry: LedgerEntry): number {
  return USAGE_KEYS.reduce((sum, key) => {
    const value = entry.usage?.[key];
    return sum + (typeof value === "number" ? value : 0);
  }, 0);
}

/** What one purpose used today (UTC day, like the meters). */
export function agentUsageToday(spend: SpendView, purpose: AgentPurpose, now: Date): AgentUsage {
  return spend.agentUsage(purpose, now.toISOString().slice(0, 10));
}
