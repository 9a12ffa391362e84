/**
 * Turns the CrewService's change events into the bridge's event stream. A burst of changes
 * (a task drop touches several files) becomes one status build, computed once for every
 * window and never while another runs; a window gets the whole snapshot once, when it
 * subscribes, and after that only what changed (a `status-patch` against the revision it
 * holds). Worker progress is passed on at most a few times a second per worker, because a
 * chatty worker prints many lines a second and nobody reads faster than that.
 * While workers report progress, a build follows every few seconds too, so what they have spent
 * so far reaches the meters, the top line and the tray's tooltip, not only the workers' rows.
 */
import type { BridgeEvent } from "../../shared/bridge.js";
import type { Status, WorkerSummary } from "../../shared/status.js";
import { diffStatus, isEmptyPatch } from "../../shared/status-patch.js";
import type { BridgeService, CrewChange } from "./bridge-service.js";

export interface BridgeFeedOptions {
  /** How long to gather changes before one snapshot is computed. */
  snapshotDelayMs?: number;
  /** Shortest gap between two progress events of one worker. */
  progressIntervalMs?: number;
  /** While workers report progress, a snapshot (with their spend so far) at most this often. */
  liveSnapshotMs?: number;
}

export class BridgeFeed {
  private readonly listeners = new Set<(event: BridgeEvent) => void>();
  /** Listeners that have not had a whole snapshot yet. */
  private readonly needSnapshot = new Set<(event: BridgeEvent) => void>();
  /** The last snapshot sent, and its revision: what patches are computed against. */
  private current: { revision: number; status: Status } | undefined;
  private building = false;
  /** When the last build ended (performance.now()). */
  private builtAt = Number.NEGATIVE_INFINITY;
  /** A change arrived during a build: build again once it is done. */
  private changedWhileBuilding = false;
  private readonly snapshotDelayMs: number;
  private readonly progressIntervalMs: number;
  private readonly liveSnapshotMs: number;
  private snapshotTimer: NodeJS.Timeout | undefined;
  private liveSnapshotTimer: NodeJS.Timeout | undefined;
  private readonly progressTimers = new Map<string, NodeJS.Timeout>();
  private readonly latestProgress = new Map<string, WorkerSummary>();
  private readonly onChange = (change: CrewChange) => this.receive(change);

  constructor(
    private readonly service: BridgeService,
    options: BridgeFeedOptions = {},
  ) {
    this.snapshotDelayMs = options.snapshotDelayMs ?? 50;
    this.progressIntervalMs = options.progressIntervalMs ?? 250;
    this.liveSnapshotMs = options.liveSnapshotMs ?? 3_000;
    service.on("change", this.onChange);
  }

  /** Adds a listener; it first gets a whole snapshot, then every event. */
  subscribe(listener: (event: BridgeEvent) => void): () => void {
    this.listeners.add(listener);
    this.needSnapshot.add(listener);
    void this.build();
    return () => {
      this.listeners.delete(listener);
      this.needSnapshot.delete(listener);
    };
  }

  close(): void {
    this.service.off("change", this.onChange);
    clearTimeout(this.snapshotTimer);
    clearTimeout(this.liveSnapshotTimer);
    for (const timer of this.progressTimers.values()) clearTimeout(timer);
    this.progressTimers.clear();
    this.listeners.clear();
    this.needSnapshot.clear();
    this.current = undefined;
  }

  private receive(change: CrewChange): void {
    if (change.kind === "notification")
      this.emit({ kind: "notification", notification: change.notification });
    else if (change.kind === "worker-progress") {
      this.progress(change.worker);
      this.liveSnapshotTimer ??= setTimeout(() => {
        this.liveSnapshotTimer = undefined;
        this.scheduleSnapshot();
      }, this.liveSnapshotMs);
    } else this.scheduleSnapshot();
  }

  /**
   * The first change after a quiet spell is built at once (a window hears of a new task before
   * the question about it); changes that follow within `snapshotDelayMs` fold into one build.
   */
  private scheduleSnapshot(): void {
    if (this.building) this.changedWhileBuilding = true;
    if (this.snapshotTimer || this.building) return;
    const quietFor = performance.now() - this.builtAt;
    if (quietFor >= this.snapshotDelayMs) {
      void this.build();
      return;
    }
    this.snapshotTimer = setTimeout(() => {
      this.snapshotTimer = undefined;
      void this.build();
    }, this.snapshotDelayMs - quietFor);
  }

  /** One status build at a time: whole snapshots to new listeners, the change to the others. */
  private async build(): Promise<void> {
    if (this.building || this.listeners.size === 0) return;
    this.building = true;
    this.changedWhileBuilding = false;
    try {
      const status = await this.service.status();
      const before = this.current;
      const revision = (before?.revision ?? 0) + 1;
      const patch = before ? diffStatus(before.status, status) : undefined;
      this.current = { revision, status };
      for (const listener of this.listeners) {
        if (this.needSnapshot.delete(listener) || !before || !patch)
          listener({ kind: "status", status, revision });
        else if (!isEmptyPatch(patch))
          listener({ kind: "status-patch", from: before.revision, revision, patch });
      }
    } catch (error) {
      this.reportFailure(error);
    } finally {
      this.building = false;
      this.builtAt = performance.now();
      if (this.changedWhileBuilding || this.needSnapshot.size > 0) this.scheduleSnapshot();
    }
  }

  /** Leading edge at once, then the latest state at most every interval. */
  private progress(worker: WorkerSummary): void {
    if (this.progressTimers.has(worker.task)) {
      this.latestProgress.set(worker.task, worker);
      return;
    }
    this.emit({ kind: "worker-progress", worker });
    const timer = setTimeout(() => {
      this.progressTimers.delete(worker.task);
      const latest = this.latestProgress.get(worker.task);
      this.latestProgress.delete(worker.task);
      if (latest) this.progress(latest);
    }, this.progressIntervalMs);
    this.progressTimers.set(worker.task, timer);
  }

  private emit(event: BridgeEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private reportFailure(error: unknown): void {
    process.stderr.write(
      `switchyard: could not read the status for the window: ${(error as Error).message}\n`,
    );
  }
}
