/**
 * The sessions as `status` shows them when no host runs: the whole session log folded, each
 * transcript priced once, sessions whose process is gone ended.
 */
import type { Config } from "../../shared/config.js";
import type { SessionSummary } from "../../shared/sessions.js";
import { isPidAlive } from "../process/pid.js";
import { endIfGone, foldSessionRecord, summarizeSessions, type TrackedSession } from "./session-fold.js";
import { readSessionLog } from "./session-log.js";
import { TranscriptCosts } from "./transcript-cost.js";

export async function readSessions(root: string, config: Config, now: Date): Promise<SessionSummary[]> {
  const tracked = new Map<string, TrackedSession>();
  for (const record of await readSessionLog(root)) foldSessionRecord(tracked, record);
  for (const session of tracked.values()) endIfGone(session, isPidAlive, now);
  const costs = new TranscriptCosts();
  await Promise.all(
    [...tracked.values()].map((session) =>
      session.transcript ? costs.update(session.transcript, config) : undefined,
    ),
  );
  return summarizeSessions(
    root,
    tracked.values(),
    (session) => (session.transcript ? costs.known(session.transcript) : { costUsd: 0 }),
    now,
  );
}
