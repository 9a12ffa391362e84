/**
 * Start-up recovery (ARCHITECTURE.md, "Workers"): every task this app (or a crashed earlier run of it) had in
 * `in_progress/` is finished, resumed or handed back, so nothing is lost or completed twice.
 * Tasks claimed by hand (no run record) and runs owned by another live Switchyard are left alone.
 */
import { taskIdFromFileName } from "../../shared/task-file.js";
import { crewPaths } from "../crew-root.js";
import { removeLeftovers } from "../fs/leftovers.js";
import { isLiveProcessOf } from "../process/pid.js";
import { signalWorkerTree } from "../process/process-tree.js";
import { listTaskFiles } from "../tasks/task-store.js";
import { recoverParkedClaims } from "./claim.js";
import { type RunRecord, readRunRecord, writeRunRecord } from "./run-record.js";

export type Recovered =
  | { kind: "archive"; record: RunRecord }
  | { kind: "resume"; record: RunRecord }
  /** A half-done claim of a dead process, handed back to its inbox (root-relative path). */
  | { kind: "released"; path: string };

/** Hosts that can own a run: the CLI daemon (node) or the tray app (electron). */
const OWNER_PROGRAMS = ["node", "electron", "switchyard"];

export async function recoverInProgress(root: string): Promise<Recovered[]> {
  const paths = crewPaths(root);
  const found: Recovered[] = [];
  await removeLeftovers(root);
  for (const path of await recoverParkedClaims(root)) found.push({ kind: "released", path });
  for (const entry of await listTaskFiles(paths.inProgress)) {
    const id = taskIdFromFileName(entry.fileName);
    const record = await readRunRecord(root, id).catch(() => undefined);
    if (!record || record.fileName !== entry.fileName) continue; // claimed by hand, or not ours
    if (record.ownerPid !== process.pid && (await isLiveProcessOf(record.ownerPid, OWNER_PROGRAMS))) continue;
    record.ownerPid = process.pid;
    // The link into in_progress/ happened (the file is here), so the claim stands.
    if (record.state === "claiming") record.state = "claimed";
    if (record.state === "archiving" || record.state === "done" || record.state === "failed") {
      found.push({ kind: "archive", record });
      continue;
    }
    const last = record.attempts.at(-1);
    if (last && !last.endedAt) {
      // The worker may have outlived the Switchyard that started it: end it and all it started.
      const worker = record.workerCommand?.split("/").at(-1);
      const workerAlive = worker !== undefined && (await isLiveProcessOf(last.pid, [worker]));
      await signalWorkerTree(workerAlive ? last.pid : undefined, last.tag, "SIGKILL");
      last.endedAt = new Date().toISOString();
      // Counted: a task whose worker brings Switchyard down must not bring it down for ever.
      last.outcome = "Switchyard stopped during this attempt (killed or crashed, not shut down)";
      last.counts = true;
    }
    await writeRunRecord(root, record);
    found.push({ kind: "resume", record });
  }
  return found;
}
