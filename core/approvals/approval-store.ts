/**
 * Approval decisions (`.switchyard/approvals.json`), keyed by task id and bound to the file
 * and content they were made on. The task file itself stays untouched in its inbox while it
 * waits: the operator's decision is the app's data. Every change is a read-modify-write under
 * the file's guard (core/fs/file-guard.ts), so decisions made at once by the CLI, the window,
 * Telegram and the engine, in one process or many, are all kept.
 */
import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { z } from "zod";
import { type ApprovalInfo, ApprovalInfoSchema } from "../../shared/status.js";
import { crewPaths } from "../crew-root.js";
import { writeAtomic } from "../fs/atomic-write.js";
import { withFileGuard } from "../fs/file-guard.js";
import { readIfExists } from "../fs/read-if-exists.js";

const ApprovalsFileSchema = z.record(z.string(), ApprovalInfoSchema);

/** approvals.json cannot be read (a half-written hand edit): decisions are unknown until it is fixed. */
export class ApprovalsUnreadable extends Error {}

/** The identity a decision is bound to: which file, with which bytes. */
export interface DecidedTask {
  id: string;
  /** Root-relative path of the task file. */
  file: string;
  sha256: string;
}

export const sha256Of = (bytes: Buffer): string => createHash("sha256").update(bytes).digest("hex");

/** The decision recorded for exactly this task (same file, same content), if any. */
export function decisionFor(
  decisions: Record<string, ApprovalInfo>,
  task: DecidedTask,
): ApprovalInfo | undefined {
  const decision = decisions[task.id];
  return decision && decision.file === task.file && decision.sha256 === task.sha256 ? decision : undefined;
}

const stores = new Map<string, ApprovalStore>();

export class ApprovalStore {
  private readonly path: string;
  private cached: { version: string; decisions: Readonly<Record<string, ApprovalInfo>> } | undefined;

  private constructor(root: string) {
    this.path = crewPaths(root).approvals;
  }

  /** The one store of a crew root in this process. */
  static for(root: string): ApprovalStore {
    const key = resolve(root);
    let store = stores.get(key);
    if (!store) {
      store = new ApprovalStore(key);
      stores.set(key, store);
    }
    return store;
  }

  async all(): Promise<Record<string, ApprovalInfo>> {
    try {
      const text = await readIfExists(this.path);
      return text === undefined ? {} : ApprovalsFileSchema.parse(JSON.parse(text));
    } catch (error) {
      throw new ApprovalsUnreadable(
        `.switchyard/approvals.json is unreadable (${(error as Error).message.split("\n")[0]}); fix or delete it`,
      );
    }
  }

  /**
   * The decisions with a key that changes whenever the file does (every write is a rename, so a
   * new inode), read again only then: the engine asks on every dispatch, and a queue of 10,000
   * waiting for approval must not re-parse the file each time. Shared: do not modify it.
   */
  async read(): Promise<{ version: string; decisions: Readonly<Record<string, ApprovalInfo>> }> {
    let version: string;
    try {
      const info = statSync(this.path);
      version = `${info.ino}:${info.size}:${info.mtimeMs}`;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return { version: "none", decisions: {} };
      throw error;
    }
    if (this.cached?.version !== version) this.cached = { version, decisions: await this.all() };
    return this.cached;
  }

  /**
   * Read-modify-write, one writer at a time across processes. `change` returns (or resolves
   * to) false to leave the file as it is (nothing to change after all).
   */
  update(change: (approvals: Record<string, ApprovalInfo>) => unknown): Promise<void> {
    return withFileGuard(this.path, async () => {
      const approvals = await this.all();
      if ((await change(approvals)) === false) return;
      await writeAtomic(this.path, `${JSON.stringify(approvals, null, 2)}\n`);
    });
  }
}
