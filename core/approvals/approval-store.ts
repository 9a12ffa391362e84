/**
 * Approval decisions (`.switchyard/approvals.json`), keyed by task id. The task file itself
 * stays untouched in its inbox while it waits: the operator's decision is the app's data.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { z } from "zod";
import { type ApprovalInfo, ApprovalInfoSchema } from "../../shared/status.js";
import { crewPaths } from "../crew-root.js";
import { writeAtomic } from "../fs/atomic-write.js";

const ApprovalsFileSchema = z.record(z.string(), ApprovalInfoSchema);

const stores = new Map<string, ApprovalStore>();

export class ApprovalStore {
  private writing: Promise<void> = Promise.resolve();

  private constructor(private readonly root: string) {}

  /** The one store of a crew root in this process, so its writes queue behind each other. */
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
      return ApprovalsFileSchema.parse(JSON.parse(await readFile(crewPaths(this.root).approvals, "utf8")));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
      throw new Error(
        `.switchyard/approvals.json is unreadable (${(error as Error).message}); fix or delete it`,
      );
    }
  }

  async get(id: string): Promise<ApprovalInfo | undefined> {
    return (await this.all())[id];
  }

  /** Read-modify-write, one at a time within this process. */
  update(change: (approvals: Record<string, ApprovalInfo>) => void): Promise<void> {
    this.writing = this.writing.then(async () => {
      const approvals = await this.all();
      change(approvals);
      await writeAtomic(crewPaths(this.root).approvals, `${JSON.stringify(approvals, null, 2)}\n`);
    });
    return this.writing;
  }
}
