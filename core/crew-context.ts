/**
 * What one crew root shares, built once and handed to every part that needs it: the engine,
 * the status reader, the bridge, the CLI commands. Config has one road: every consumer reads
 * `config()` when it acts, so a new config (saved in Settings, or edited by hand) reaches all of
 * them at once, and no object keeps a copy of a setting from start-up.
 */
import type { Config } from "../shared/config.js";
import { ApprovalStore } from "./approvals/approval-store.js";
import { BudgetRaises } from "./costs/budget-raises.js";
import { type HookedSessions, Spend } from "./costs/spend.js";
import { LockStore } from "./locks/lock-store.js";
import { type NotificationChannel, Notifier } from "./notify/notifier.js";
import { ollamaClassifier } from "./routing/ollama-classifier.js";
import type { Classifier } from "./routing/router.js";

export interface CrewContext {
  readonly root: string;
  readonly config: () => Config;
  readonly notifier: Notifier;
  readonly locks: LockStore;
  readonly approvals: ApprovalStore;
  /** The ledger plus interactive usage: what the meters, budgets and gates count. */
  readonly spend: Spend;
  /** The local classifier the config names right now, if any. */
  readonly classifier: () => Classifier | undefined;
  readonly now: () => Date;
  /**
   * Told when this process dropped a task into an inbox (add-task.ts): a running engine takes
   * it in at once, so a status asked right after shows it gated. Set by the engine that watches.
   */
  taskDropped: (path: string, agent: string) => Promise<void>;
}

export interface CrewContextOptions {
  /** Channels that pop up (desktop, Telegram); the window's feed is added by whoever shows it. */
  channels?: NotificationChannel[];
  notifier?: Notifier;
  now?: () => Date;
  /** Sessions the crew's hooks report, whose transcripts the meters count. */
  hookedSessions?: HookedSessions;
}

export function createCrewContext(
  root: string,
  config: () => Config,
  options: CrewContextOptions = {},
): CrewContext {
  const now = options.now ?? (() => new Date());
  // The operator's "raise today's budget once" applies wherever a budget is read.
  const raises = BudgetRaises.for(root);
  const current = () => raises.apply(config(), now());
  return {
    root,
    config: current,
    notifier:
      options.notifier ??
      new Notifier(root, { policy: () => current().notifications, channels: options.channels ?? [] }),
    locks: new LockStore(root, { staleAfterMinutes: () => current().locks.staleAfterMinutes }),
    approvals: ApprovalStore.for(root),
    spend: new Spend(root, current, options.hookedSessions),
    classifier: classifierFollowing(current),
    now,
    taskDropped: async () => undefined,
  };
}

/** The classifier for the current `routing.classifier`, rebuilt only when that setting changes. */
function classifierFollowing(config: () => Config): () => Classifier | undefined {
  let built: { key: string; classifier: Classifier | undefined } | undefined;
  return () => {
    const settings = config().routing.classifier;
    const key = JSON.stringify(settings ?? null);
    if (built?.key !== key) built = { key, classifier: settings ? ollamaClassifier(settings) : undefined };
    return built.classifier;
  };
}
