/**
 * The worker engine: inboxes in, verified results out. It watches (or scans) the inboxes,
 * reads each task once it is fully written, takes its locks, claims it, and runs it as a
 * TaskRun, within the per-agent and global limits. Hosts (CLI `run-once`, the daemon, the
 * Electron app) create one Engine and listen to its events; it never knows who listens.
 * Nothing a task, a file or a worker does may stop it: a fault is reported (fault-report.ts)
 * and the queue is tried again, never a crash of the host.
 */
import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { lstat } from "node:fs/promises";
import { basename, join, relative } from "node:path";
import type { FSWatcher } from "chokidar";
import { type Config, priceTable } from "../../shared/config.js";
import type { ApprovalInfo } from "../../shared/status.js";
import { MAX_TASK_FILE_BYTES, type TaskFields, taskIdFromFileName } from "../../shared/task-file.js";
import type { WorkerProgress } from "../../shared/worker-stream.js";
import { decideGate } from "../approvals/approval-gate.js";
import { ApprovalsUnreadable, decisionFor, sha256Of } from "../approvals/approval-store.js";
import { type TierOutlook, tierOutlooks } from "../costs/budget.js";
import { type LiveCost, taskCostSoFar } from "../costs/live-cost.js";
import { type CrewContext, createCrewContext } from "../crew-context.js";
import { crewPaths, listInboxes } from "../crew-root.js";
import { kindOf, readRegularFile } from "../fs/regular-file.js";
import type { Notifier } from "../notify/notifier.js";
import { type Route, routeByRules, routeTask } from "../routing/router.js";
import { listTaskFiles, readTask } from "../tasks/task-store.js";
import { askForApproval, forgetStaleApprovals } from "./approval-requests.js";
import { rejectTaskFile } from "./archive.js";
import { claimTask } from "./claim.js";
import { FaultReport } from "./fault-report.js";
import { watchInboxes } from "./inbox-watcher.js";
import { recoverInProgress } from "./recovery.js";
import type { RunRecord } from "./run-record.js";
import { runnableTasks } from "./task-queue.js";
import { completeArchive, type RunContext, type RunOutcome, TaskRun } from "./task-run.js";
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
};

interface PendingTask {
  path: string;
  /** The task's id while it waits in its inbox: its file name without extension. */
  id: string;
  /** Root-relative path and SHA-256 of the bytes judged: what an approval is bound to. */
  file: string;
  sha256: string;
  agent: string;
  priority: TaskFields["priority"];
  mtimeMs: number;
  fields: TaskFields;
  /** Why it is not running yet (approval, budget, a busy lock), shown in the status. */
  waitingFor?: string;
  /** Routed once (the classifier may be slow); kept while the task waits. */
  route?: Route;
  /** Whether approvals.json holds a decision for it (to clear once it is claimed). */
  decided?: boolean;
  /** The operator said "run now": it goes first, past the concurrency limits. */
  runNow?: boolean;
}

/** A run found in in_progress/ at start-up, waiting for the locks its task declared. */
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
  | { type: "task-queued"; path: string; agent: string }
  | { type: "task-rejected"; path: string; reason: string; movedTo: string }
  | { type: "task-waiting"; path: string; reason: string }
  | { type: "worker-started"; worker: WorkerSnapshot }
  | { type: "worker-progress"; worker: WorkerSnapshot }
  | { type: "task-finished"; id: string; outcome: RunOutcome; reason?: string };

const DEFAULT_SETTLE_MS = 40;
/** After a fault that may pass (a full disk, a busy file), the queue is tried again this much later. */
const RETRY_AFTER_FAULT_MS = 5_000;

export class Engine extends EventEmitter<{ event: [EngineEvent]; idle: []; pumped: [] }> {
  private readonly pending = new Map<string, PendingTask>();
  private readonly resumed = new Map<string, Resumed>();
  private readonly examining = new Set<string>();
  private readonly runs = new Map<string, TaskRun>();
  private readonly runPromises = new Set<Promise<void>>();
  private readonly crew: CrewContext;
  private readonly faults: FaultReport;
  private readonly blockers = new WorkerBlockers();
  private watcher: FSWatcher | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopping = false;
  private pumping = false;
  private pumpAgain = false;

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
    for (const task of this.pending.values()) delete task.route;
    this.liftHolds();
  }

  /** The operator fixed what a failed worker reported (they retried or ran a task): try again. */
  liftHolds(): void {
    this.blockers.clear();
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
    if (this.options.watch)
      this.watcher = await watchInboxes(this.crew.root, {
        onTaskFile: (path, agent) => void this.examine(path, agent),
        onLockReleased: () => void this.pump(),
        onApprovalsChanged: () => void this.pump(),
      });
    await this.rescan();
  }

  /** Reads every inbox again: the safety net for missed file events (the heartbeat calls it). */
  async rescan(): Promise<void> {
    // Only what was pending before the scan can have been removed by hand: a file the watcher
    // queued while the scan ran was simply listed too early, and must not be forgotten.
    const pendingBefore = new Set(this.pending.keys());
    const listedAt = this.now();
    const seen = new Set<string>();
    const waitingIds = new Set<string>();
    const examined: Promise<void>[] = [];
    for (const inbox of await listInboxes(this.crew.root)) {
      for (const entry of await listTaskFiles(inbox.dir)) {
        seen.add(entry.path);
        waitingIds.add(taskIdFromFileName(entry.fileName));
        // Read them all before dispatching any, so priority order holds across the whole scan.
        if (!this.pending.has(entry.path)) examined.push(this.examine(entry.path, inbox.agent, false));
      }
    }
    await Promise.all(examined);
    for (const path of pendingBefore) if (!seen.has(path)) this.pending.delete(path); // removed by hand
    await forgetStaleApprovals(this.crew, waitingIds, listedAt).catch((error: unknown) => {
      if (!(error instanceof ApprovalsUnreadable)) throw error;
    });
    await this.pump();
  }

  /** Stops watching, ends every worker (their tasks resume on the next start), and waits. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.retryTimer);
    await this.watcher?.close();
    // A dispatch in flight may still launch a run: let the pump finish first.
    while (this.pumping)
      await new Promise<void>((resolve) => this.once("idle", resolve).once("pumped", resolve));
    for (const run of this.runs.values()) run.stop("shutdown");
    await Promise.all(this.runPromises);
  }

  /** Resolves once nothing runs and nothing ready is left (tasks waiting on a busy lock stay). */
  async whenIdle(): Promise<void> {
    while (!this.isIdle()) await new Promise<void>((resolve) => this.once("idle", resolve));
  }

  private isIdle(): boolean {
    return (
      this.runs.size === 0 &&
      this.examining.size === 0 &&
      !this.pumping &&
      [...this.pending.values(), ...this.resumed.values()].every((task) => task.waitingFor !== undefined)
    );
  }

  workers(): WorkerSnapshot[] {
    return [...this.runs.values()].map((run) => this.snapshotOf(run));
  }

  waiting(): { path: string; reason: string }[] {
    return [...this.pending.values(), ...this.resumed.values()].flatMap((task) =>
      task.waitingFor ? [{ path: task.path, reason: task.waitingFor }] : [],
    );
  }

  /** How many tasks wait in each agent's inbox, not yet started (the heartbeat's inbox-depth check). */
  inboxDepths(): Map<string, number> {
    const depths = new Map<string, number>();
    for (const task of this.pending.values()) depths.set(task.agent, (depths.get(task.agent) ?? 0) + 1);
    return depths;
  }

  /** The route the engine chose for each pending task (the classifier's, when configured). */
  pendingRoutes(): Map<string, Route> {
    return new Map(
      [...this.pending.values()].flatMap((task) => (task.route ? [[task.path, task.route] as const] : [])),
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
   * Waits until a file has stopped changing, then parses it: valid tasks queue, others go to
   * failed/. A file it cannot read or move is reported, and the engine carries on.
   */
  private async examine(path: string, agent: string, pumpAfter = true): Promise<void> {
    if (this.examining.has(path) || this.stopping) return;
    this.examining.add(path);
    try {
      await this.readIntoQueue(path, agent);
      this.faults.clear(`read ${path}`);
    } catch (error) {
      const where = relative(this.crew.root, path);
      await this.faults.report(`read ${path}`, `Could not read ${basename(path)}`, error, where);
    } finally {
      this.examining.delete(path);
      if (pumpAfter) await this.pump();
    }
  }

  private async readIntoQueue(path: string, agent: string): Promise<void> {
    const entry = await this.settled(path);
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
      this.pending.delete(path);
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
    this.pending.set(path, {
      path,
      id: taskIdFromFileName(basename(path)),
      file: relative(this.crew.root, path),
      sha256: sha256Of(read.bytes),
      agent,
      priority: fields.priority,
      mtimeMs: entry.mtimeMs,
      fields,
    });
    this.emit("event", { type: "task-queued", path, agent });
  }

  /**
   * The file's stat once size and mtime held still for `settleMs`; undefined if it went away.
   * A FIFO, a device or a symlink is never waited on nor followed: it is set aside as it is.
   */
  private async settled(
    path: string,
  ): Promise<{ mtimeMs: number; size: number; special?: string } | undefined> {
    const settleMs = this.options.settleMs ?? DEFAULT_SETTLE_MS;
    let last = await lstat(path).catch(() => undefined);
    if (last && !last.isFile()) return { mtimeMs: last.mtimeMs, size: 0, special: kindOf(last) };
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

  /** Gates every pending task, then starts the best runnable ones while slots are free. */
  private async startReadyTasks(): Promise<void> {
    await this.startResumed();
    const blocked = new Set<PendingTask>();
    const outlook = tierOutlooks(await this.crew.spend.entries(), this.config, this.now());
    const decisions = await this.readDecisions();
    for (const task of this.pending.values()) {
      task.runNow = (decisions && decisionFor(decisions, task))?.runNow === true;
      task.waitingFor =
        this.agentLimit(task.agent) === 0 && !task.runNow
          ? `${task.agent} is paused (concurrency 0)`
          : await this.gate(task, outlook, decisions);
      if (task.waitingFor) blocked.add(task);
    }
    const perAgent = new Map<string, number>();
    for (const run of this.runs.values())
      perAgent.set(run.record.agent, (perAgent.get(run.record.agent) ?? 0) + 1);
    for (;;) {
      const free = this.config.worker.concurrency - this.runs.size;
      const candidates = [...this.pending.values()].filter((task) => !blocked.has(task));
      const forced = candidates.find((task) => task.runNow);
      const [next] = forced ? [forced] : runnableTasks(candidates, perAgent, this.agentLimit, free);
      if (!next || this.stopping) return;
      // A run started in this pass may have made its command's first run a probe the rest wait for.
      const held = next.route && this.blockers.holdReason(launchKey(this.config, next.route.tier));
      if (held) {
        next.waitingFor = held;
        blocked.add(next);
        continue;
      }
      const outcome = await this.dispatch(next);
      if (outcome === "started") perAgent.set(next.agent, (perAgent.get(next.agent) ?? 0) + 1);
      if (outcome === "waiting") blocked.add(next);
    }
  }

  /** approvals.json, or undefined while it cannot be read (reported; tasks that need a decision wait). */
  private async readDecisions(): Promise<Record<string, ApprovalInfo> | undefined> {
    try {
      const decisions = await this.crew.approvals.all();
      this.faults.clear("approvals");
      return decisions;
    } catch (error) {
      if (!(error instanceof ApprovalsUnreadable)) throw error;
      await this.faults.report(
        "approvals",
        "approvals.json is unreadable: tasks that need approval wait until it is fixed",
        error,
        ".switchyard/approvals.json",
      );
      return undefined;
    }
  }

  /** Routes the task (once) and asks the approval gate; returns why it must wait, if it must. */
  private async gate(
    task: PendingTask,
    outlook: (tier: number) => TierOutlook,
    decisions: Record<string, ApprovalInfo> | undefined,
  ): Promise<string | undefined> {
    const { config } = this;
    task.route ??= await routeTask(task.fields, task.agent, config, this.crew.classifier(), this.now());
    // A decision counts only for this file with these bytes (an edit asks again).
    const decision = decisions && decisionFor(decisions, task);
    task.decided = decision !== undefined;
    const held = this.blockers.holdReason(launchKey(config, task.route.tier));
    if (held) return held;
    const { estimatedCostUsd, budget } = outlook(task.route.tier);
    const verdict = decideGate({
      fields: task.fields,
      route: task.route,
      estimatedCostUsd,
      aboveUsd: config.approval.aboveUsd,
      budget,
      now: this.now(),
      ...(decision ? { decision } : {}),
    });
    if (verdict.action === "run") return undefined;
    if (verdict.action === "hold") return verdict.reason;
    if (!decisions)
      return `awaiting approval: ${verdict.reason} (approvals.json is unreadable: fix or delete it)`;
    const { after } = decision ? {} : await askForApproval(this.crew, task, verdict.reason, estimatedCostUsd);
    if (after)
      return `awaiting approval after ${after}, which has the same id: rename one to decide on each (${verdict.reason})`;
    return `awaiting approval: ${verdict.reason}`;
  }

  /** Takes the task's locks, claims it and starts its run. */
  private async dispatch(task: PendingTask): Promise<"started" | "waiting" | "lost"> {
    const locks = await this.crew.locks.acquireAll(
      task.fields.locks,
      task.agent,
      `task ${basename(task.path)}`,
    );
    if (!locks.ok) {
      task.waitingFor = locks.waitingFor;
      this.emit("event", { type: "task-waiting", path: task.path, reason: task.waitingFor });
      return "waiting";
    }
    const heldLocks = locks.held;
    const releaseLocks = async () => {
      for (const path of heldLocks) await this.crew.locks.release(path);
    };
    this.pending.delete(task.path);
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
      task.waitingFor = `could not be claimed (${(error as Error).message}); tried again shortly`;
      this.pending.set(task.path, task);
      const title = `Could not claim ${basename(task.path)}; it waits in its inbox`;
      await this.faults.report("claim", title, error, task.file);
      this.retrySoon();
      return "waiting";
    }
    if (!claim.ok) {
      await releaseLocks();
      if (claim.changed) void this.examine(task.path, task.agent);
      return "lost";
    }
    if (task.decided)
      await this.crew.approvals
        .update((approvals) => {
          if (!decisionFor(approvals, task)) return false;
          delete approvals[task.id];
        })
        .catch(() => undefined); // a decision left behind is forgotten at the next rescan
    this.launch(new TaskRun(this.runContext(), claim.record, task.fields));
    return "started";
  }

  /** A run found in in_progress/ at start-up: it waits for its declared locks before it runs again. */
  private async resume(record: RunRecord): Promise<void> {
    const path = join(crewPaths(this.crew.root).inProgress, record.fileName);
    const read = await readTask({ fileName: record.fileName, path, mtimeMs: 0, size: 0 });
    if (!read?.ok) return;
    record.locks = [];
    this.resumed.set(record.id, { record, fields: read.task.fields, path });
  }

  /** Starts every resumed run whose locks are free now; the others say what they wait for. */
  private async startResumed(): Promise<void> {
    for (const [id, resumed] of this.resumed) {
      if (this.stopping) return;
      const { record, fields } = resumed;
      const locks = await this.crew.locks.acquireAll(fields.locks, record.agent, `task ${record.id}`);
      if (!locks.ok) {
        resumed.waitingFor = `resuming after a restart, ${locks.waitingFor}`;
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
      .then((outcome) => {
        const key = launchKey(this.config, run.record.route.tier);
        if (run.blocker) this.blockers.report(key, run.blocker, run.record.id);
        else this.blockers.works(key);
        this.emit("event", {
          type: "task-finished",
          id: run.record.id,
          outcome,
          ...(run.record.footer?.reason ? { reason: run.record.footer.reason } : {}),
        });
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
        this.runs.delete(run.record.id);
        this.runPromises.delete(finished);
        void this.pump();
      });
    this.runPromises.add(finished);
  }

  private runContext(): RunContext {
    return {
      root: this.crew.root,
      config: this.crew.config,
      notifier: this.crew.notifier,
      now: this.crew.now,
      onProgress: (run: TaskRun) => {
        if (showsItWorks(run.progress) && this.blockers.works(launchKey(this.config, run.record.route.tier)))
          void this.pump();
        this.emit("event", { type: "worker-progress", worker: this.snapshotOf(run) });
      },
    };
  }
}
