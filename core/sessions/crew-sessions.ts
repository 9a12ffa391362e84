/**
 * Sessions, permission prompts and conflicts (SPEC §10) as one part of a running crew: the
 * session tracker (what the hooks report), the permission broker (what waits for the
 * operator) and the conflict radar (who wrote what), wired to each other and to the engine's
 * workers. The CrewService holds one and passes its answers on; nothing here knows a host.
 */
import { EventEmitter } from "node:events";
import { isAbsolute, resolve } from "node:path";
import type { PermissionDecision, PermissionRequest, SessionSummary } from "../../shared/sessions.js";
import { sessionLabel } from "../../shared/sessions.js";
import { ConflictRadar } from "../conflicts/conflict-radar.js";
import type { CrewContext } from "../crew-context.js";
import type { Engine, WorkerSnapshot } from "../engine/engine.js";
import { readRunRecord, writeRunRecord } from "../engine/run-record.js";
import { focusPane } from "../panes/pane-focus.js";
import { PermissionBroker, type TaskLink } from "../permissions/permission-broker.js";
import { SessionTracker } from "./session-tracker.js";

export type SessionActionResult = { ok: true; detail?: string } | { ok: false; reason: string };

export interface CrewSessionsOptions {
  crew: CrewContext;
  engine: Engine;
}

/** The engine's running tasks, as the broker needs them; a finished task's record is edited on disk. */
function taskLink(root: string, engine: Engine): TaskLink {
  return {
    async recordDecision(taskId, entry) {
      const run = engine.run(taskId);
      if (run) return run.recordPermission(entry);
      const record = await readRunRecord(root, taskId).catch(() => undefined);
      if (!record) return;
      record.permissions = [...(record.permissions ?? []), entry];
      await writeRunRecord(root, record);
    },
    setWaiting(taskId, waiting) {
      engine.run(taskId)?.setWaitingOnOperator(waiting);
    },
  };
}

export class CrewSessions extends EventEmitter<{ change: [] }> {
  readonly tracker: SessionTracker;
  readonly broker: PermissionBroker;
  readonly radar: ConflictRadar;
  /** Files each running worker has written, so each write reaches the radar once. */
  private readonly workerFiles = new Map<string, Set<string>>();

  constructor(private readonly options: CrewSessionsOptions) {
    super();
    const { root, config, notifier, now } = options.crew;
    this.broker = new PermissionBroker({
      root,
      config,
      notifier,
      now,
      tasks: taskLink(root, options.engine),
    });
    this.tracker = new SessionTracker({
      root,
      config,
      notifier,
      now,
      permissions: () => this.broker.pending(),
    });
    this.radar = new ConflictRadar({ root, config, notifier });
    this.broker.on("change", () => this.emit("change"));
    this.tracker.on("change", () => this.emit("change"));
    this.tracker.on("movedOn", (sessionId) => void this.broker.withdrawSession(sessionId));
    this.tracker.on("wrote", (write) => void this.radar.record(write).catch(() => undefined));
    this.radar.on("conflict", () => this.emit("change"));
  }

  /** The broker first: a worker resumed at start-up may ask at once. */
  async start(): Promise<void> {
    await this.broker.start();
    await this.tracker.start();
  }

  async stop(): Promise<void> {
    await this.tracker.stop();
    await this.broker.stop();
  }

  configChanged(): Promise<void> {
    return this.broker.configChanged();
  }

  sessions(): Promise<SessionSummary[]> {
    return this.tracker.sessions();
  }

  /** What waits for the operator; a pane's request names its pane as tmux does ("pane 1"). */
  permissionRequests(): PermissionRequest[] {
    return this.broker.pending().map((request) => {
      const pane = request.pane ? this.tracker.pane(request.pane.id) : undefined;
      return pane ? { ...request, pane } : request;
    });
  }

  /** For the tier meters: hooked transcripts count, worker sessions do not (the ledger has them). */
  transcripts(): string[] {
    return this.tracker.transcripts();
  }

  workerSessions(): string[] {
    return this.tracker.workerSessions();
  }

  answerPermission(id: string, decision: PermissionDecision): Promise<SessionActionResult> {
    return this.broker.answer(id, decision);
  }

  /** Brings a session's tmux pane forward. */
  async focusSession(id: string): Promise<SessionActionResult> {
    const session = this.tracker.get(id);
    if (!session) return { ok: false, reason: `no session "${id}"` };
    if (!session.pane)
      return { ok: false, reason: `this session does not run in tmux: it runs in ${session.cwd}` };
    return focusPane(session.pane);
  }

  /** A worker's stream named a file it writes: the radar hears of each one once. */
  observeWorker(worker: WorkerSnapshot): void {
    const files = worker.progress.filesWritten ?? [];
    let seen = this.workerFiles.get(worker.task);
    if (!seen) {
      seen = new Set();
      this.workerFiles.set(worker.task, seen);
    }
    for (const file of files) {
      if (seen.has(file)) continue;
      seen.add(file);
      const path = isAbsolute(file) ? file : resolve(this.options.crew.root, file);
      void this.radar
        .record({
          path,
          at: this.options.crew.now().toISOString(),
          writer: {
            kind: "worker",
            id: worker.task,
            label: sessionLabel({ id: worker.task, agent: worker.agent, task: worker.task }),
            agent: worker.agent,
          },
        })
        .catch(() => undefined);
    }
  }

  /** A finished worker's files are forgotten (the radar keeps its own window of writes). */
  workerFinished(task: string): void {
    this.workerFiles.delete(task);
  }
}
