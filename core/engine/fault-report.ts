/**
 * Faults the engine survives (an unreadable approvals.json, a claim that hit a full disk, a
 * run that could not be archived) are told to the operator instead of crashing the host: once
 * in the log and the feed while the fault lasts, and again only if it changes or comes back.
 */
import type { Notifier } from "../notify/notifier.js";

export class FaultReport {
  /** The message last told for each fault, while it lasts. */
  private readonly told = new Map<string, string>();

  constructor(
    private readonly notifier: Pick<Notifier, "notify">,
    private readonly log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  ) {}

  /** Tells `title` (what failed and what happens now) with the error's message, once per fault. */
  async report(fault: string, title: string, error: unknown, where?: string): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    if (this.told.get(fault) === message) return;
    this.told.set(fault, message);
    this.log(`switchyard: ${title}: ${message}`);
    await this.notifier
      .notify({ kind: "info", priority: "high", title, body: message, ...(where ? { where } : {}) })
      .catch(() => undefined);
  }

  /** The fault is over: the next occurrence is told again. */
  clear(fault: string): void {
    this.told.delete(fault);
  }
}
