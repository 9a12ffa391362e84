/**
 * One host per crew root. Two hosts on one root would each run a heartbeat, the schedules and
 * the notifications: every pop-up twice, every scheduled task twice. A host records itself in
 * `.switchyard/host.json` (pid, machine, program, since when, its dashboard) before it starts;
 * a second host finds a live one there and says so instead of starting. A record whose process
 * is gone (a kill -9, a crash) is replaced. `switchyard run-once` is not a host and needs none:
 * claims stay safe between any number of processes.
 */
import { readFile, unlink } from "node:fs/promises";
import { hostname } from "node:os";
import { z } from "zod";
import { crewPaths } from "../core/crew-root.js";
import { createExclusive, writeAtomic } from "../core/fs/atomic-write.js";
import { withFileGuard } from "../core/fs/file-guard.js";
import { isLiveProcessOf } from "../core/process/pid.js";

const HostRecordSchema = z.object({
  pid: z.number().int(),
  host: z.string(),
  program: z.string(),
  startedAt: z.string(),
  dashboard: z.string().optional(),
});
type HostRecord = z.infer<typeof HostRecordSchema>;

/** Programs a host runs as: the CLI daemon (node) or the tray app (electron). */
const HOST_PROGRAMS = ["node", "electron", "switchyard"];

/** Another host runs this root: who, and what this one does instead (nothing). */
export class HostBusy extends Error {
  constructor(readonly holder: HostRecord) {
    const where = holder.host === hostname() ? "" : ` on ${holder.host}`;
    const dashboard = holder.dashboard ? `; its dashboard: ${holder.dashboard}` : "";
    super(
      `another Switchyard host (${holder.program}, pid ${holder.pid}${where}) already runs this crew root since ${holder.startedAt}${dashboard}. ` +
        "This one does not start: two hosts on one root would double the heartbeat, the schedules and every notification.",
    );
  }
}

export interface HostLock {
  /** Adds what others should know (the dashboard's address, never its token). */
  announce(details: { dashboard: string }): Promise<void>;
  /** Removes the record, if it is still this host's. */
  release(): Promise<void>;
}

async function liveHolder(path: string): Promise<HostRecord | undefined> {
  const text = await readFile(path, "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  let record: HostRecord;
  try {
    record = HostRecordSchema.parse(JSON.parse(text));
  } catch {
    return undefined; // a torn or hand-mangled record names no live host
  }
  if (record.host !== hostname()) return record; // another machine's process cannot be checked: assume it runs
  return (await isLiveProcessOf(record.pid, HOST_PROGRAMS)) ? record : undefined;
}

/** The host that runs `root` now, as its record says, if any. */
export const runningHost = (root: string): Promise<HostRecord | undefined> =>
  liveHolder(crewPaths(root).hostRecord);

/** Records this process as the root's host, or throws HostBusy naming the live one. */
export async function claimHost(root: string, program: string): Promise<HostLock> {
  const path = crewPaths(root).hostRecord;
  const record: HostRecord = {
    pid: process.pid,
    host: hostname(),
    program,
    startedAt: new Date().toISOString(),
  };
  await withFileGuard(path, async () => {
    const holder = await liveHolder(path);
    if (holder && holder.pid !== process.pid) throw new HostBusy(holder);
    if (holder === undefined) await unlink(path).catch(() => undefined); // a dead host's record
    await createExclusive(path, `${JSON.stringify(record, null, 2)}\n`);
  });
  return {
    async announce(details) {
      Object.assign(record, details);
      await withFileGuard(path, () =>
        writeAtomic(path, `${JSON.stringify(record, null, 2)}\n`, { durable: false }),
      );
    },
    async release() {
      await withFileGuard(path, async () => {
        const text = await readFile(path, "utf8").catch(() => "");
        if (text.includes(`"pid": ${process.pid},`)) await unlink(path).catch(() => undefined);
      });
    },
  };
}
