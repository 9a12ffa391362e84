/**
 * The worker engine: inboxes in, verified results out. It watches (or scans) the inboxes,
 * reads each task once it is fully written, takes its locks, claims it, and runs it as a
 * TaskRun, within the per-agent and global limits. Hosts (CLI `run-once`, the daemon, the
 * Electron app) create one Engine and listen to its events; it never knows who listens.
 * Nothing a task, a file or a worker does may stop it: a fault is reported (fault-report.ts)
 * and the queue is tried again, never a crash of the host. What one dispatch costs does not
 * grow with the queue (task-queue.ts, task-gate.ts) or the history (ARCHITECTURE.md, "File
 * access").
 */
import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { lstat, readdir } from "node:fs/promises";
import { basename, join, relative } from "node:path";
import { type Config, priceTable } from "../../shared/config.js";
import {
  isIgnoredFileName,
  isTaskFileName,
  MAX_TASK_FILE_BYTES,
  type TaskFields,
  taskIdFromFileName,
} from "../../shared/task-file.js";
import type { WorkerProgress } from "../../shared/worker-stream.js";
import { ApprovalsUnreadable, decisionFor, sha256Of } from "../approvals/approval-store.js";
import { taskCostSoFar, type LiveCost } from "../costs/live-cost.js";
import { type CrewContext, createCrewContext } from "../crew-context.js";
import { crewPaths, listInboxes } from "../crew-root.js";
import { mapBounded } from "../fs/bounded.js";
import { kindOf, readRegularFile } from "../fs/regular-file.js";
import type { Notifier } from "../notify/notifier.js";
import { type Route, routeByRules } from "../routing/router.js";
import { readTask } from "../tasks/task-store.js";
import { forgetStaleApprovals } from "./approval-requests.js";
import { rejectTaskFile } from "./archive.js";
import { claimTask } from "./claim.js";
import { FaultReport } from "./fault-report.js";
import { type InboxWatcher, watchInboxes } from "./inbox-watcher.js";
import { MindReader } from "./mind-slice.js";
import { type QueueStatus, queueStatus } from "./queue-status.js";
import { recoverInProgress } from "./recovery.js";
import type { RunRecord } from "./run-record.js";
import { RunRetention } from "./run-retention.js";
import { TaskGate } from "./task-gate.js";
import { type PendingTask, TaskQueue } from "./task-queue.js";
import { completeArchive, type RunContext, type RunOutcome, TaskRun } from "./task-run.js";
import { TierHolds } from "./tier-holds.js";
import type { UsageLimit } from "./usage-limit.js";
import { isClaudeLaunch, launchKey, showsItWorks, WorkerBlockers } from "./worker-blockers.js";

/** Where an engine gets the crew's shared objects: a host's context, or its own for a root and config. */
export type EngineCrew =
  | { crew: CrewContext }
  | { root: string; config: Config; notifier?: Notifier; now?: () => Date };

export type EngineOptions = EngineCrew & {
  /** Watch the inboxes (daemon, app) or only scan them (run-once). */
  watch: boolean;
  /** How long a file must be unchanged before it is read (the README's "a moment"). */
  settleMs?: number;
  /** How long after a usage limit's reset time its tier waits (see tier-holds.ts). */
  usageLimitMarginMs?: number;
};

/**
 * A claimed run not running now: found in in_progress/ at start-up, or parked by its tier's
 * usage limit. It waits for the locks its task declared (and the hold to lift) first.
 */
interface Resumed {
  record: RunRecord;
  fields: TaskFields;
  path: string;
  waitingFor?: string;
}

export interface WorkerSnapshot {
  task: string;
  agent: string;
  tier: number;
  model: string;
  routeReason: string;
  pid?: number;
  startedAt: string;
  attempt: number;
  progress: WorkerProgress;
  /** A permission request of this task waits for the operator. */
  waitingOnOperator?: boolean;
  /** The task's cost so far (an estimate while the attempt runs). */
  cost: LiveCost;
}

export type EngineEvent =
  | { type: "task-rejected"; path: string; reason: string; movedTo: string }
  | { type: "task-waiting"; path: string; reason: string }
  /** A waiting task left its inbox without this engine (another claimer took it, or a person moved it). */
  | { type: "task-gone"; path: string }
  /** Tasks joined the queue or were gated again: what the status says of them may have changed. */
  | { type: "tasks-gated" }
  | { type: "worker-started"; worker: WorkerSnapshot }
  | { type: "worker-progress"; worker: WorkerSnapshot }
  | { type: "task-finished"; id: string; outcome: RunOutcome; reason?: string }
  /** A run hit its tier's usage limit: it waits, claimed, until `until`. */
  | { type: "task-held"; id: string; tier: number; until: string };

const DEFAULT_SETTLE_MS = 40;
/** After a fault that may pass (a full disk, a busy file), the queue is tried again this much later. */
const RETRY_AFTER_FAULT_MS = 5_000;

export class Engine extends EventEmitter<{ event: [EngineEvent]; idle: []; pumped: [] }> {
  private readonly queue = new TaskQueue<PendingTask>();
  private readonly resumed = new Map<string, Resumed>();
  private readonly examining = new Set<string>();
  private readonly runs = new Map<string, TaskRun>();
  private readonly runPromises = new Set<Promise<void>>();
  /** Tasks being claimed (path → agent): they hold a slot until their run starts. */
  private readonly claims = new Map<string, string>();
  private readonly claimPromises = new Set<Promise<void>>();
  /** Finished runs still writing their outcome to SHARED_MIND.md and notifying. */
  private readonly aftermaths = new Set<Promise<void>>();
  private readonly crew: CrewContext;
  private readonly faults: FaultReport;
  private readonly gate: TaskGate;
  private readonly holds: TierHolds;
  private readonly blockers = new WorkerBlockers();
  private readonly retention: RunRetention;
  private readonly mind: MindReader;
  private watcher: InboxWatcher | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopping = false;
  private pumping = false;
  private pumpAgain = false;
  /** A lock may have been released: tasks waiting for one try again. */
  private locksChanged = false;

  constructor(private readonly options: EngineOptions) {
    super();
    if ("crew" in options) this.crew = options.crew;
    else {
      const { config } = options;
      this.crew = createCrewContext(options.root, () => config, {
        ...(options.notifier ? { notifier: options.notifier } : {}),
        ...(options.now ? { now: options.now } : {}),
      });
    }
    this.faults = new FaultReport(this.crew.notifier);
    this.holds = new TierHolds(() => void this.pump(), this.crew.now, options.usageLimitMarginMs);
    const waits = {
      reason: (tier: number) =>
        this.holds.reason(tier) ?? this.blockers.holdReason(launchKey(this.config, tier)),
      key: () => `${this.holds.key()}|${this.blockers.key()}`,
    };
    this.gate = new TaskGate(this.crew, waits, (problem) =>
      problem
        ? this.faults.report(
            "approvals",
            "approvals.json is unreadable: tasks that need approval wait until it is fixed",
            problem,
            ".switchyard/approvals.json",
          )
        : Promise.resolve(this.faults.clear("approvals")),
    );
    this.retention = new RunRetention(this.crew.root);
    this.mind = new MindReader(this.crew.root);
  }

  private get config(): Config {
    return this.crew.config();
  }

  private now(): Date {
    return this.crew.now();
  }

  /**
   * The crew's config changed: tasks waiting in the inboxes are routed and gated again under
   * it at once. Limits and gates are read from the config at every dispatch anyway; a running
   * attempt keeps the command it was started with, and its next attempt reads the new config.
   */
  configChanged(): void {
    for (const task of this.queue.values()) delete task.route;
    this.liftHolds();
  }

  /** The operator fixed what a failed worker reported (they retried or ran a task): try again. */
  liftHolds(): void {
    this.blockers.clear();
    this.gate.reset();
    void this.pump();
  }

  async start(): Promise<void> {
    for (const recovered of await recoverInProgress(this.crew.root)) {
      if (recovered.kind === "released") continue;
      const { record } = recovered;
      const resumed =
        recovered.kind === "archive" ? completeArchive(this.runContext(), record) : this.resume(record);
      // One run that cannot be finished (a full disk) is reported; it never keeps the crew from starting.
      await resumed.catch((error: unknown) =>
        this.faults.report(
          `run ${record.id}`,
          `Run ${record.id} could not be recovered; it stays in in_progress/`,
          error,
        ),
      );
    }
    const retained = this.retention.start();
    if (this.options.watch) {
      this.watcher = await watchInboxes(this.crew.root, {
        onTaskFile: (path, agent, complete) => void this.examine(path, agent, { complete }),
        onTaskGone: (path) => this.forget(path),
        onLockReleased: () => {
          this.locksChanged = true;
          void this.pump();
        },
        onApprovalsChanged: () => void this.pump(),
        onSweepDue: () => void this.rescan(),
      });
      this.crew.taskDropped = (path, agent) => this.admit(path, agent);
    }
    await this.rescan();
    await retained;
  }

  /**
   * Lists every inbox again and compares names with what waits: the safety net for missed
   * file events (after a burst, and on every heartbeat). Only new names are read.
   */
  async rescan(): Promise<void> {
    // Only what was pending before the scan can have been removed by hand: a file the watcher
    // queued while the scan ran was simply listed too early, and must not be forgotten.
    const pendingBefore = [...this.queue.values()].map((task) => task.path);
    const listedAt = this.now();
    const seen = new Set<string>();
    const waitingIds = new Set<string>();
    const unknown: { path: string; agent: string }[] = [];
    for (const inbox of await listInboxes(this.crew.root)) {
      for (const name of await readdir(inbox.dir).catch(() => [] as string[])) {
        if (!isTaskFileName(name) || isIgnoredFileName(name)) continue;
        const path = join(inbox.dir, name);
        seen.add(path);
        waitingIds.add(taskIdFromFileName(name));
        if (!this.queue.get(path)) unknown.push({ path, agent: inbox.agent });
      }
    }
    // Read them all before dispatching any, so priority order holds across the whole scan.
    await mapBounded(unknown, ({ path, agent }) => this.examine(path, agent, { pumpAfter: false }));
    for (const path of pendingBefore) if (!seen.has(path)) this.forget(path); // removed by hand
    await forgetStaleApprovals(this.crew, waitingIds, listedAt).catch((error: unknown) => {
      if (!(error instanceof ApprovalsUnreadable)) throw error;
    });
    this.locksChanged = true;
    await this.pump();
  }

  /** A waiting task's file is gone: it no longer waits. */
  private forget(path: string): void {
    if (this.queue.remove(path)) this.emit("event", { type: "task-gone", path });
  }

  /** A task this process just wrote (complete): queued and gated before the caller goes on. */
  private async admit(path: string, agent: string): Promise<void> {
    await this.examine(path, agent, { complete: true, pumpAfter: false });
    if (!this.pumping) return this.pump();
    this.pumpAgain = true; // the pass under way runs once more, and says so when done
    await new Promise<void>((resolve) => this.once("pumped", resolve));
  }

  /** Stops watching, ends every worker (their tasks resume on the next start), and waits. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.retryTimer);
    await this.watcher?.close();
    // A dispatch in flight may still launch a run: let the pump and the claims finish first.
    while (this.pumping)
      await new Promise<void>((resolve) => this.once("idle", resolve).once("pumped", resolve));
    await Promise.all(this.claimPromises);
    for (const run of this.runs.values()) run.stop("shutdown");
    await Promise.all(this.runPromises);
    await Promise.all(this.aftermaths);
    await this.retention.settled();
    this.holds.close();
  }

  /** Resolves once nothing runs and nothing ready is left (tasks waiting on a busy lock stay). */
  async whenIdle(): Promise<void> {
    while (!this.isIdle()) await new Promise<void>((resolve) => this.once("idle", resolve));
  }

  private isIdle(): boolean {
    return (
      this.runs.size === 0 &&
      this.claims.size === 0 &&
      this.aftermaths.size === 0 &&
      this.examining.size === 0 &&
      !this.pumping &&
      this.queue.readyCount === 0 &&
      [...this.resumed.values()].every((resumed) => resumed.waitingFor !== undefined)
    );
  }

  workers(): WorkerSnapshot[] {
    return [...this.runs.values()].map((run) => this.snapshotOf(run));
  }

  waiting(): { path: string; reason: string }[] {
    return [
      ...[...this.queue.heldTasks()].map((task) => ({ path: task.path, reason: task.waitingFor ?? "" })),
      ...[...this.resumed.values()].flatMap((resumed) =>
        resumed.waitingFor ? [{ path: resumed.path, reason: resumed.waitingFor }] : [],
      ),
    ];
  }

  /** How many tasks wait in each agent's inbox, not yet started (the heartbeat's inbox-depth check). */
  inboxDepths(): Map<string, number> {
    const depths = new Map<string, number>();
    for (const task of this.queue.values()) depths.set(task.agent, (depths.get(task.agent) ?? 0) + 1);
    return depths;
  }

  /** The status's view of what waits (see queue-status.ts). */
  queueStatus(agents: readonly string[]): QueueStatus {
    return queueStatus(this.crew.root, agents, this.queue.values());
  }

  /** The route the engine chose for each pending task (the classifier's, when configured). */
  pendingRoutes(): Map<string, Route> {
    return new Map(
      [...this.queue.values()].flatMap((task) => (task.route ? [[task.path, task.route] as const] : [])),
    );
  }

  private snapshotOf(run: TaskRun): WorkerSnapshot {
    const { record } = run;
    return {
      task: record.id,
      agent: record.agent,
      tier: record.route.tier,
      model: record.route.model,
      routeReason: record.route.reason,
      startedAt: record.attempts.at(-1)?.startedAt ?? record.startedAt,
      attempt: record.attempts.length,
      progress: run.progress,
      cost: taskCostSoFar(
        record.attempts.slice(0, -1).reduce((sum, attempt) => sum + attempt.costUsd, 0),
        run.progress,
        priceTable(this.config),
      ),
      ...(run.pid ? { pid: run.pid } : {}),
      ...(run.waitingOnOperator ? { waitingOnOperator: true } : {}),
    };
  }

  /** The running task `id`, for what happens to it from outside (a permission answer). */
  run(id: string): TaskRun | undefined {
    return this.runs.get(id);
  }

  /**
   * Waits until a file has stopped changing (unless it arrived `complete`: renamed or linked
   * in from a temp name), then parses it: valid tasks queue, others go to failed/. A file it
   * cannot read or move is reported, and the engine carries on.
   */
  private async examine(
    path: string,
    agent: string,
    options: { complete?: boolean; pumpAfter?: boolean } = {},
  ): Promise<void> {
    const { complete = false, pumpAfter = true } = options;
    if (this.examining.has(path) || this.stopping) return;
    this.examining.add(path);
    try {
      await this.readIntoQueue(path, agent, complete);
      this.faults.clear(`read ${path}`);
    } catch (error) {
      const where = relative(this.crew.root, path);
      await this.faults.report(`read ${path}`, `Could not read ${basename(path)}`, error, where);
    } finally {
      this.examining.delete(path);
      if (pumpAfter) await this.pump();
    }
  }

  private async readIntoQueue(path: string, agent: string, complete: boolean): Promise<void> {
    const entry = await this.settled(path, complete);
    if (!entry) return;
    const read = await readTask({ fileName: basename(path), path, ...entry });
    if (!read) return;
    if (!read.ok) {
      const movedTo = await rejectTaskFile(
        this.crew.root,
        path,
        read.bytes ?? Buffer.alloc(0),
        read.problem,
        read.isText,
      );
      this.queue.remove(path);
      this.emit("event", { type: "task-rejected", path, reason: read.problem, movedTo });
      await this.crew.notifier.notify({
        kind: "task-rejected",
        priority: "high",
        title: `Not a valid task: ${basename(path)}`,
        body: `${read.problem} — moved unchanged to ${relative(this.crew.root, movedTo)}; fix it and drop it in the inbox again`,
        where: relative(this.crew.root, movedTo),
      });
      return;
    }
    const { fields } = read.task;
    this.queue.add({
      path,
      id: taskIdFromFileName(basename(path)),
      file: relative(this.crew.root, path),
      sha256: sha256Of(read.bytes),
      agent,
      priority: fields.priority,
      mtimeMs: entry.mtimeMs,
      size: entry.size,
      fields,
    });
  }

  /**
   * The file's stat once size and mtime held still for `settleMs` (at once for a file that
   * arrived complete); undefined if it went away. A FIFO, a device or a symlink is never
   * waited on nor followed: it is set aside as it is.
   */
  private async settled(
    path: string,
    complete: boolean,
  ): Promise<{ mtimeMs: number; size: number; special?: string } | undefined> {
    const settleMs = this.options.settleMs ?? DEFAULT_SETTLE_MS;
    let last = await lstat(path).catch(() => undefined);
    if (last && !last.isFile()) return { mtimeMs: last.mtimeMs, size: 0, special: kindOf(last) };
    if (complete && last && last.size > 0) return last;
    for (;;) {
      if (!last) return undefined;
      const age = Date.now() - last.mtimeMs;
      if (age >= settleMs) return last;
      await new Promise((resolve) => setTimeout(resolve, settleMs - age));
      const again = await lstat(path).catch(() => undefined);
      if (again && again.size === last.size && again.mtimeMs === last.mtimeMs) return again;
      last = again;
    }
  }

  private agentLimit = (agent: string): number => this.config.agents[agent]?.concurrency ?? 1;

  /** Starts whatever may start now. Re-entrant calls fold into one more pass. Never throws. */
  async pump(): Promise<void> {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        if (!this.stopping) await this.startReadyTasks();
      } while (this.pumpAgain);
      this.faults.clear("dispatch");
    } catch (error) {
      await this.faults.report("dispatch", "The engine could not dispatch; it tries again shortly", error);
      this.retrySoon();
    } finally {
      this.pumping = false;
      this.emit("pumped");
      if (this.isIdle()) this.emit("idle");
    }
  }

  /** Gates what needs it (see task-gate.ts), then starts the best ready tasks while slots are free. */
  private async startReadyTasks(): Promise<void> {
    await this.startResumed();
    const locksChanged = this.locksChanged;
    this.locksChanged = false;
    if (await this.gate.pass(this.queue, locksChanged)) this.emit("event", { type: "tasks-gated" });
    await this.gate.askOperator(this.queue);
    const perAgent = new Map<string, number>();
    const agents = [...[...this.runs.values()].map((run) => run.record.agent), ...this.claims.values()];
    for (const agent of agents) perAgent.set(agent, (perAgent.get(agent) ?? 0) + 1);
    while (!this.stopping) {
      const slotFree = this.runs.size + this.claims.size < this.config.worker.concurrency;
      const next = this.queue.next(perAgent, this.agentLimit, slotFree);
      if (!next) return;
      // A run started in this pass may have made its command's first run a probe the rest wait for.
      const held = next.route && this.blockers.holdReason(launchKey(this.config, next.route.tier));
      if (held) {
        next.verdict = { action: "hold", reason: held };
        this.queue.setWaiting(next, held);
        continue;
      }
      if (await this.dispatch(next)) perAgent.set(next.agent, (perAgent.get(next.agent) ?? 0) + 1);
    }
  }

  /**
   * Takes the task's locks and sets its claim going (the claim's file steps run beside the
   * others', so every free slot fills at once); false when it must wait for a lock.
   */
  private async dispatch(task: PendingTask): Promise<boolean> {
    const locks = await this.crew.locks.acquireAll(
      task.fields.locks,
      task.agent,
      `task ${basename(task.path)}`,
    );
    if (!locks.ok) {
      this.queue.setWaiting(task, locks.waitingFor);
      this.emit("event", { type: "task-waiting", path: task.path, reason: locks.waitingFor });
      return false;
    }
    this.queue.remove(task.path);
    this.claims.set(task.path, task.agent);
    const claimed = this.claimAndLaunch(task, locks.held)
      .catch((error: unknown) =>
        this.faults.report(`claim ${task.path}`, `Could not start ${basename(task.path)}`, error, task.file),
      )
      .finally(() => {
        this.claims.delete(task.path);
        this.claimPromises.delete(claimed);
        void this.pump();
      });
    this.claimPromises.add(claimed);
    return true;
  }

  /** Claims the task (see claim.ts) and starts its run; a task another claimer took first is let go. */
  private async claimAndLaunch(task: PendingTask, heldLocks: string[]): Promise<void> {
    const releaseLocks = async () => {
      for (const path of heldLocks) await this.crew.locks.release(path);
    };
    const route = task.route ?? routeByRules(task.fields, task.agent, this.config, this.now());
    const makeRecord = (id: string, fileName: string, source: string): RunRecord => ({
      id,
      agent: task.agent,
      source,
      fileName,
      state: "claiming",
      ownerPid: process.pid,
      route,
      sessionId: randomUUID(),
      sessionStarted: false,
      attempts: [],
      locks: heldLocks,
      startedAt: this.now().toISOString(),
      mindUpdated: false,
    });
    // What runs is what was judged (and approved): the parked bytes must be the ones read.
    const accept = async (parked: string) => {
      const read = await readRegularFile(parked, { maxBytes: MAX_TASK_FILE_BYTES, followSymlinks: false });
      return read.ok && sha256Of(read.bytes) === task.sha256;
    };
    let claim: Awaited<ReturnType<typeof claimTask>>;
    try {
      claim = await claimTask(this.crew.root, task.path, makeRecord, { accept });
      this.faults.clear("claim");
    } catch (error) {
      // The claim undid itself (the file is back in its inbox): wait, say so, try again shortly.
      await releaseLocks();
      this.queue.add(task);
      this.queue.setWaiting(task, `could not be claimed (${(error as Error).message}); tried again shortly`);
      const title = `Could not claim ${basename(task.path)}; it waits in its inbox`;
      await this.faults.report("claim", title, error, task.file);
      this.retrySoon();
      return;
    }
    if (!claim.ok) {
      await releaseLocks();
      if (claim.changed) void this.examine(task.path, task.agent);
      return;
    }
    if (task.decision)
      await this.crew.approvals
        .update((approvals) => {
          if (!decisionFor(approvals, task)) return false;
          delete approvals[task.id];
        })
        .catch(() => undefined); // a decision left behind is forgotten at the next rescan
    this.launch(new TaskRun(this.runContext(), claim.record, task.fields));
  }

  /** A run found in in_progress/ at start-up: it waits for its declared locks before it runs again. */
  private async resume(record: RunRecord): Promise<void> {
    const path = join(crewPaths(this.crew.root).inProgress, record.fileName);
    const read = await readTask({ fileName: record.fileName, path, mtimeMs: 0, size: 0 });
    if (!read?.ok) return;
    record.locks = [];
    this.resumed.set(record.id, { record, fields: read.task.fields, path });
  }

  /** Starts every resumed run whose locks are free and whose tier is not held; the others say what they wait for. */
  private async startResumed(): Promise<void> {
    for (const [id, resumed] of this.resumed) {
      if (this.stopping) return;
      const { record, fields } = resumed;
      const held = this.holds.reason(record.route.tier);
      if (held) {
        resumed.waitingFor = held;
        continue;
      }
      const locks = await this.crew.locks.acquireAll(fields.locks, record.agent, `task ${record.id}`);
      if (!locks.ok) {
        resumed.waitingFor = `resuming, ${locks.waitingFor}`;
        continue;
      }
      this.resumed.delete(id);
      record.locks = locks.held;
      this.launch(new TaskRun(this.runContext(), record, fields));
    }
  }

  /** The queue is tried again a little later (after a fault that may pass: a full disk, a busy file). */
  private retrySoon(): void {
    if (this.stopping || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.pump();
    }, RETRY_AFTER_FAULT_MS);
    this.retryTimer.unref();
  }

  private launch(run: TaskRun): void {
    this.runs.set(run.record.id, run);
    const { tier } = run.record.route;
    if (isClaudeLaunch(this.config, tier))
      this.blockers.probe(launchKey(this.config, tier), () => void this.pump());
    this.emit("event", { type: "worker-started", worker: this.snapshotOf(run) });
    const finished = run
      .execute()
      .then(async (outcome) => {
        if (outcome === "held" && run.heldBy) return this.park(run, run.heldBy);
        const key = launchKey(this.config, run.record.route.tier);
        if (run.blocker) this.blockers.report(key, run.blocker, run.record.id);
        else this.blockers.works(key);
        this.emit("event", {
          type: "task-finished",
          id: run.record.id,
          outcome,
          ...(run.record.footer?.reason ? { reason: run.record.footer.reason } : {}),
        });
        if (run.aftermath) this.follow(run.record.id, run.aftermath);
      })
      .catch((error: unknown) =>
        this.faults.report(
          `run ${run.record.id}`,
          `Run ${run.record.id} could not be finished; it stays in in_progress/ and is finished on the next start`,
          error,
          relative(this.crew.root, run.inProgressPath),
        ),
      )
      .finally(async () => {
        // Whatever happened, the task's locks are given back.
        for (const path of run.record.locks) await this.crew.locks.release(path).catch(() => undefined);
        if (run.record.locks.length) this.locksChanged = true;
        this.runs.delete(run.record.id);
        this.runPromises.delete(finished);
        void this.pump();
      });
    this.runPromises.add(finished);
  }

  /**
   * A run that hit its tier's usage limit waits, claimed, for the reset: the tier is held (the
   * operator hears once), and the run resumes in the same session once it lifts.
   */
  private async park(run: TaskRun, limit: UsageLimit): Promise<void> {
    const { record } = run;
    const tier = record.route.tier;
    const fresh = this.holds.hold(tier, limit);
    this.resumed.set(record.id, {
      record,
      fields: run.fields,
      path: run.inProgressPath,
      waitingFor: this.holds.reason(tier) ?? "resuming",
    });
    const until = this.holds.until(tier)?.toISOString() ?? "";
    this.emit("event", { type: "task-held", id: record.id, tier, until });
    if (fresh)
      await this.crew.notifier.notify({
        kind: "budget",
        priority: "normal",
        title: `Tier ${tier} hit its usage limit: its tasks wait until ${until.slice(11, 16)} UTC`,
        body: `${limit.text}. Tier ${tier}'s queue waits until ${until} and resumes by itself; ${record.id} resumes in the same session. Nothing failed.`,
        taskId: record.id,
      });
  }

  private follow(id: string, aftermath: Promise<void>): void {
    const followed = aftermath
      .then(() => this.retention.finishedRun(id))
      .catch((error: unknown) =>
        this.faults.report(`run ${id}`, `Run ${id}'s outcome could not be recorded`, error),
      )
      .finally(() => {
        this.aftermaths.delete(followed);
        if (this.isIdle()) this.emit("idle");
      });
    this.aftermaths.add(followed);
  }

  private runContext(): RunContext {
    return {
      root: this.crew.root,
      config: this.crew.config,
      notifier: this.crew.notifier,
      now: this.crew.now,
      mind: this.mind,
      onProgress: (run: TaskRun) => {
        if (showsItWorks(run.progress) && this.blockers.works(launchKey(this.config, run.record.route.tier)))
          void this.pump();
        this.emit("event", { type: "worker-progress", worker: this.snapshotOf(run) });
      },
    };
  }
}
