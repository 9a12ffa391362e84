/**
 * The conflict radar (SPEC §10): every file write a session (its PostToolUse hook) or a worker
 * (its stream's tool calls) makes comes here. When a second writer writes a path within
 * `conflicts.windowMinutes` of another, and no lock resource was held by both at their writes,
 * it is a conflict: logged, notified once per pair and path per window, with the fix.
 */
import { EventEmitter } from "node:events";
import type { Config } from "../../shared/config.js";
import type { Conflict } from "../../shared/sessions.js";
import type { Notifier } from "../notify/notifier.js";
import { displayPath } from "../sessions/session-fold.js";
import { conflictFix, resourceForPath } from "./conflict-fix.js";
import { appendConflict } from "./conflict-log.js";
import { heldAt, type LockHold, readLockHolds } from "./lock-holds.js";

export interface Writer {
  kind: "session" | "worker";
  /** A session id, or a worker's task id (a worker's hooks and its stream are one writer). */
  id: string;
  label: string;
  /** The agent it runs as: the holder name its locks carry. */
  agent?: string;
}

export interface FileWrite {
  /** Absolute. */
  path: string;
  at: string;
  writer: Writer;
}

export interface ConflictRadarOptions {
  root: string;
  config: () => Config;
  notifier: Pick<Notifier, "notify">;
  lockHolds?: () => Promise<LockHold[]>;
}

const writerKey = (writer: Writer) => `${writer.kind}:${writer.id}`;

export class ConflictRadar extends EventEmitter<{ conflict: [Conflict] }> {
  /** Writes still inside the window, per path: the latest of each writer. */
  private readonly recent = new Map<string, FileWrite[]>();
  /** When each (path, pair of writers) last raised a conflict. */
  private readonly raised = new Map<string, number>();
  private sequence = 0;

  constructor(private readonly options: ConflictRadarOptions) {
    super();
  }

  /** Takes in one write; returns the conflict it makes, if it makes one. */
  async record(write: FileWrite): Promise<Conflict | undefined> {
    const windowMs = this.options.config().conflicts.windowMinutes * 60_000;
    const atMs = Date.parse(write.at);
    const key = writerKey(write.writer);
    const kept = (this.recent.get(write.path) ?? []).filter(
      (earlier) => atMs - Date.parse(earlier.at) < windowMs && writerKey(earlier.writer) !== key,
    );
    this.recent.set(write.path, [...kept, write]);
    this.forgetOld(atMs, windowMs);
    const other = kept.at(-1);
    if (!other) return undefined;
    const pair = `${write.path}\u0000${[key, writerKey(other.writer)].sort().join("\u0000")}`;
    const last = this.raised.get(pair);
    if (last !== undefined && atMs - last < windowMs) return undefined;
    if (await this.coordinated(other, write)) return undefined;
    this.raised.set(pair, atMs);
    const conflict = this.conflictOf(other, write);
    await appendConflict(this.options.root, conflict);
    this.emit("conflict", conflict);
    await this.announce(conflict, windowMs);
    return conflict;
  }

  /** Both writers held one lock resource at their writes: the lock kept them apart. */
  private async coordinated(first: FileWrite, second: FileWrite): Promise<boolean> {
    if (!first.writer.agent || !second.writer.agent) return false;
    const holds = await (this.options.lockHolds ?? (() => readLockHolds(this.options.root)))();
    const held = heldAt(holds, first.writer.agent, Date.parse(first.at));
    return [...heldAt(holds, second.writer.agent, Date.parse(second.at))].some((resource) =>
      held.has(resource),
    );
  }

  private conflictOf(first: FileWrite, second: FileWrite): Conflict {
    const path = displayPath(this.options.root, first.path);
    const resource = resourceForPath(path);
    return {
      id: `${Date.parse(second.at).toString(36)}-${(this.sequence++).toString(36)}`,
      at: second.at,
      path,
      writers: [first, second]
        .map((write) => ({ ...write.writer, at: write.at }))
        .map(({ agent: _agent, ...writer }) => writer),
      resource,
      fix: conflictFix(resource, second.writer.agent),
    };
  }

  private async announce(conflict: Conflict, windowMs: number): Promise<void> {
    const [first, second] = conflict.writers;
    await this.options.notifier.notify({
      kind: "conflict",
      priority: "high",
      title: `Conflict: ${first?.label} and ${second?.label} both wrote ${conflict.path}`,
      body: `Within ${Math.round(windowMs / 60_000)} min of each other, with no lock between them. Fix: put "${conflict.fix.locksLine}" in the tasks that write it, or run a pane's command as: ${conflict.fix.lockRun}`,
      where: conflict.path,
    });
  }

  private forgetOld(nowMs: number, windowMs: number): void {
    for (const [path, writes] of this.recent) {
      const kept = writes.filter((write) => nowMs - Date.parse(write.at) < windowMs);
      if (kept.length) this.recent.set(path, kept);
      else this.recent.delete(path);
    }
    for (const [pair, atMs] of this.raised) if (nowMs - atMs >= windowMs) this.raised.delete(pair);
  }
}
