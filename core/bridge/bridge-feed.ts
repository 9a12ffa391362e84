/**
 * Turns the CrewService's change events into the bridge's event stream. A burst of changes
 * (a task drop touches several files) becomes one status snapshot, computed once for every
 * window; worker progress is passed on at most a few times a second per worker, because a
 * chatty worker prints many lines a second and nobody reads faster than that. While workers
 * report progress, a snapshot follows every few seconds too, so what they have spent so far
 * reaches the meters, the top line and the tray's tooltip, not only the workers' rows.
 */
import type { BridgeEvent } from "../../shared/bridge.js";
import type { WorkerSummary } from "../../shared/status.js";
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

  /** Adds a listener; it first gets the current snapshot, then every event. */
  subscribe(listener: (event: BridgeEvent) => void): () => void {
    this.listeners.add(listener);
    void this.service.status().then(
      (status) => this.listeners.has(listener) && listener({ kind: "status", status }),
      (error: unknown) => this.reportFailure(error),
    );
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.service.off("change", this.onChange);
    clearTimeout(this.snapshotTimer);
    clearTimeout(this.liveSnapshotTimer);
    for (const timer of this.progressTimers.values()) clearTimeout(timer);
    this.progressTimers.clear();
    this.listeners.clear();
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

  private scheduleSnapshot(): void {
    if (this.snapshotTimer) return;
    this.snapshotTimer = setTimeout(() => {
      this.snapshotTimer = undefined;
      if (this.listeners.size === 0) return;
      this.service.status().then(
        (status) => this.emit({ kind: "status", status }),
        (error: unknown) => this.reportFailure(error),
      );
    }, this.snapshotDelayMs);
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
