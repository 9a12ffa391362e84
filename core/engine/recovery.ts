/**
 * Start-up recovery (ARCHITECTURE.md, "Workers"): every task this app (or a crashed earlier run of it) had in
 * `in_progress/` is finished, resumed or handed back, so nothing is lost or completed twice.
 * Tasks claimed by hand (no run record) and runs owned by another live Switchyard are left alone.
 */
import { readFile } from "node:fs/promises";
import { taskIdFromFileName } from "../../shared/task-file.js";
import { crewPaths } from "../crew-root.js";
import { isPidAlive } from "../process/pid.js";
import { listTaskFiles } from "../tasks/task-store.js";
import { recoverParkedClaims } from "./claim.js";
import { type RunRecord, readRunRecord, writeRunRecord } from "./run-record.js";
import { killProcessTree } from "./worker-process.js";

export type Recovered =
  | { kind: "archive"; record: RunRecord }
  | { kind: "resume"; record: RunRecord }
  /** A half-done claim of a dead process, handed back to its inbox (root-relative path). */
  | { kind: "released"; path: string };

/** The command line of a live process, "" where /proc is not available, undefined when gone. */
async function commandLineOf(pid: number): Promise<string | undefined> {
  if (!isPidAlive(pid)) return undefined;
  return readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
}

/** A live process still running `program` (checking the name guards against a reused pid). */
async function isLiveProcessOf(pid: number | undefined, programs: string[]): Promise<boolean> {
  const commandLine = pid ? await commandLineOf(pid) : undefined;
  if (commandLine === undefined) return false;
  return commandLine === "" || programs.some((program) => commandLine.includes(program));
}

/** Hosts that can own a run: the CLI daemon (node) or the tray app (electron). */
const OWNER_PROGRAMS = ["node", "electron", "switchyard"];

export async function recoverInProgress(root: string): Promise<Recovered[]> {
  const paths = crewPaths(root);
  const found: Recovered[] = [];
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
      // The worker outlived the Switchyard that started it: end it, then resume the session.
      const worker = record.workerCommand?.split("/").at(-1);
      if (worker && (await isLiveProcessOf(last.pid, [worker]))) killProcessTree(last.pid, "SIGKILL");
      last.endedAt = new Date().toISOString();
      last.outcome = "interrupted";
      last.counts = false;
    }
    await writeRunRecord(root, record);
    found.push({ kind: "resume", record });
  }
  return found;
}
