/**
 * The crew as one service: what both hosts (the headless daemon and the Electron app) compose
 * and what the bridge exposes. A thin facade: it builds the crew's shared objects once (see
 * crew-context.ts), runs the engine, schedules and heartbeat on them, hands each request to the
 * module that owns its files, and turns everything that changes into `change` events.
 */
import { EventEmitter } from "node:events";
import { resolve } from "node:path";
import type { ActionResult, AskReply, DailyCost, TaskDetail } from "../shared/bridge.js";
import { type Config, priceTable } from "../shared/config.js";
import type { PermissionDecision } from "../shared/sessions.js";
import { readSharedMind, type SharedMindView } from "../shared/shared-mind.js";
import type { Status } from "../shared/status.js";
import { alertKeys } from "../shared/alerts.js";
import type { TaskEdit } from "../shared/task-edit.js";
import { WINDOW_ASKER } from "./agent/ask-channel.js";
import { triage } from "./agent/triage.js";
import { dismissAlert } from "./alerts/dismissals.js";
import { type Decision, decideApproval } from "./approvals/approval-actions.js";
import { raiseTodaysBudget, runHeldTasks } from "./costs/budget-actions.js";
import { cancelWaitingTask, operatorReason } from "./tasks/task-cancel.js";
import { editWaitingTask } from "./tasks/task-edit.js";
import type { BridgeService, CrewChange } from "./bridge/bridge-service.js";
import { loadConfig, readConfigText, saveConfig } from "./config/config-file.js";
import { ConfigWatch } from "./config/config-watch.js";
import { dailyCosts } from "./costs/daily-costs.js";
import { type CrewContext, createCrewContext } from "./crew-context.js";
import { Engine } from "./engine/engine.js";
import { overlayLiveEngine } from "./engine/live-overlay.js";
import { Heartbeat } from "./heartbeat/heartbeat.js";
import { notifySendChannel } from "./notify/desktop-channel.js";
import { readFeed } from "./notify/feed.js";
import type { Notification, NotificationChannel, Notifier } from "./notify/notifier.js";
import { Scheduler } from "./schedule/scheduler.js";
import { CrewSessions, type SessionActionResult } from "./sessions/crew-sessions.js";
import { readSharedMindText } from "./state/shared-mind-store.js";
import { readStatus } from "./status.js";
import { ArchiveIndex } from "./tasks/archive-index.js";
import { addTask, type NewTaskRequest } from "./tasks/add-task.js";
import { readTaskDetail } from "./tasks/task-detail.js";
import { retryFailedTask } from "./tasks/task-retry.js";

export type { CrewChange };

export interface CrewServiceOptions {
  /** Watch the inboxes and switchyard.json (a host), or only scan (tests, one-shot tools). */
  watch?: boolean;
  /** The host's pop-up channels; without them, notify-send where a desktop session has it. */
  channels?: NotificationChannel[];
  /** Where the host logs what the operator should see (an invalid hand edit of the config). */
  warn?: (line: string) => void;
}

export class CrewService extends EventEmitter<{ change: [CrewChange] }> implements BridgeService {
  readonly crew: CrewContext;
  /** Claude Code sessions, permission prompts and conflicts (SPEC §10). */
  readonly sessions: CrewSessions;
  private readonly engine: Engine;
  private readonly scheduler: Scheduler;
  private readonly heartbeat: Heartbeat;
  private readonly configWatch: ConfigWatch | undefined;
  /** What the status shows of completed/ and failed/, kept from their file events. */
  private readonly archive: ArchiveIndex;
  /** Whether this service follows file events (a host) or only scans (a one-off run). */
  private readonly watch: boolean;

  private constructor(
    root: string,
    private config: Config,
    private readonly configText: string,
    options: CrewServiceOptions,
  ) {
    super();
    this.watch = options.watch ?? true;
    const desktop = options.channels ? undefined : notifySendChannel(() => this.config.notifications.desktop);
    const popups = options.channels ?? (desktop ? [desktop] : []);
    const toWindow = async (notification: Notification) =>
      void this.emit("change", { kind: "notification", notification });
    this.crew = createCrewContext(root, () => this.config, {
      channels: [{ name: "window", deliver: toWindow, update: toWindow }, ...popups],
      // The meters count the sessions the hooks report (and skip the workers' own).
      hookedSessions: {
        transcripts: () => this.sessions.transcripts(),
        workerSessions: () => this.sessions.workerSessions(),
      },
    });
    this.engine = new Engine({ crew: this.crew, watch: this.watch });
    this.sessions = new CrewSessions({ crew: this.crew, engine: this.engine });
    this.sessions.on("change", () => this.emit("change", { kind: "status" }));
    this.engine.on("event", (event) => {
      if (event.type === "worker-progress") {
        this.sessions.observeWorker(event.worker);
        this.emit("change", { kind: "worker-progress", worker: event.worker });
      } else {
        if (event.type === "task-finished" || event.type === "task-held")
          this.sessions.workerFinished(event.id);
        this.emit("change", { kind: "status" });
      }
    });
    this.scheduler = new Scheduler({ root, schedules: () => this.config.schedules, notifier: this.notifier });
    this.heartbeat = new Heartbeat({
      root,
      config: this.crew.config,
      engine: {
        rescan: () => this.engine.rescan(),
        workers: () => this.engine.workers(),
        waiting: () => this.engine.waiting(),
        inboxDepths: () => this.engine.inboxDepths(),
      },
      notifier: this.notifier,
      scheduler: this.scheduler,
      spend: () => this.crew.spend.totals(),
    });
    this.heartbeat.on("beat", () => {
      void this.configWatch?.check();
      this.emit("change", { kind: "heartbeat" });
    });
    this.archive = new ArchiveIndex(root, () => this.emit("change", { kind: "status" }));
    if (this.watch)
      this.configWatch = new ConfigWatch(root, {
        current: () => this.config,
        apply: (edited) => this.applyConfig(edited),
        notifier: this.notifier,
        ...(options.warn ? { warn: options.warn } : {}),
      });
  }

  /**
   * Opens a crew root; an invalid switchyard.json is an error that names the keys. `channels`
   * are the host's pop-up channels (the Electron shell's desktop notifications); without them
   * the headless host uses notify-send where a desktop session has it.
   */
  static async open(root: string, options: CrewServiceOptions = {}): Promise<CrewService> {
    const loaded = await loadConfig(root);
    if (!loaded.ok) throw new Error(`switchyard.json is invalid:\n  ${loaded.problems.join("\n  ")}`);
    return new CrewService(resolve(root), loaded.config, loaded.text, options);
  }

  get root(): string {
    return this.crew.root;
  }

  get notifier(): Notifier {
    return this.crew.notifier;
  }

  get currentConfig(): Config {
    return this.crew.config();
  }

  get engineHandle(): Engine {
    return this.engine;
  }

  /** Starts the sessions (a resumed worker may ask at once), the engine, the schedules (missed runs run once), the heartbeat and the config watch. */
  async start(): Promise<void> {
    if (this.watch) {
      this.archive.watch();
      await this.archive.snapshot(); // listed once now, not in the middle of the first drain
    }
    await this.sessions.start();
    await this.engine.start();
    await this.scheduler.start();
    this.heartbeat.start();
    this.configWatch?.start(this.configText);
  }

  async stop(): Promise<void> {
    this.configWatch?.close();
    await this.heartbeat.stop();
    await this.scheduler.stop();
    await this.engine.stop();
    await this.sessions.stop();
    await this.notifier.close();
    this.archive.close();
  }

  /**
   * The status with the live engine's view laid over it. A watching host answers from what it
   * keeps in memory (the engine's queue, the archive index): no task file is read.
   */
  async status(): Promise<Status> {
    const status = await readStatus(this.root, this.crew.config(), {
      spend: this.crew.spend,
      schedules: this.scheduler.snapshot(),
      sessions: await this.sessions.sessions(),
      permissionRequests: this.sessions.permissionRequests(),
      archive: this.archive,
      ...(this.watch ? { queue: (agents: string[]) => this.engine.queueStatus(agents) } : {}),
    });
    status.problems.push(...(this.configWatch?.problems() ?? []));
    // The engine's queue already says why each task waits and where it goes.
    return overlayLiveEngine(status, this.engine, priceTable(this.crew.config()), {
      queueIncluded: this.watch,
    });
  }

  /** A task from the window (as the operator) or from a channel that says who asked. */
  async addTask(input: NewTaskRequest): Promise<ActionResult & { id?: string }> {
    const added = await addTask(this.crew, input);
    return added.ok ? { ok: true, id: added.id } : { ok: false, reason: added.reason };
  }

  private async decide(id: string, decision: Decision, reason?: string): Promise<ActionResult> {
    const result = await decideApproval(this.root, id, decision, reason ? { reason } : {});
    return this.changed(result);
  }

  /** After an action on the crew's files: the engine looks again and every window hears of it. */
  private async changed<R extends ActionResult>(result: R): Promise<R> {
    await this.engine.rescan();
    this.emit("change", { kind: "status" });
    return result;
  }

  /** The operator acts on a waiting task: whatever held its command is worth trying again. */
  runNow(id: string): Promise<ActionResult> {
    this.engine.liftHolds();
    return this.decide(id, "run-now");
  }

  async editTask(id: string, edit: TaskEdit): Promise<ActionResult> {
    return this.changed(await editWaitingTask(this.root, id, edit));
  }

  async cancel(id: string, reason?: string): Promise<ActionResult> {
    return this.changed(await cancelWaitingTask(this.root, id, operatorReason("cancelled", reason)));
  }

  async dismiss(key: string): Promise<ActionResult> {
    const status = await this.status();
    await dismissAlert(this.root, key, alertKeys({ ...status, dismissed: [] }));
    this.emit("change", { kind: "status" });
    return { ok: true };
  }

  async raiseBudget(tier: number): Promise<ActionResult> {
    const result = await raiseTodaysBudget(this.crew, tier);
    if (result.ok) this.engine.configChanged();
    return this.changed(result);
  }

  async runHeld(tier: number): Promise<ActionResult> {
    return this.changed(await runHeldTasks(this.crew, await this.status(), tier));
  }

  approve(id: string): Promise<ActionResult> {
    return this.decide(id, "approve");
  }

  queue(id: string): Promise<ActionResult> {
    return this.decide(id, "queue");
  }

  reject(id: string, reason?: string): Promise<ActionResult> {
    return this.decide(id, "reject", reason);
  }

  async retry(id: string): Promise<ActionResult & { id?: string }> {
    const result = await retryFailedTask(this.crew, id);
    if (!result.ok) return result;
    this.engine.liftHolds();
    return this.changed(result);
  }

  /** The operator's answer to a tool call waiting for permission. */
  answerPermission(id: string, decision: PermissionDecision): Promise<SessionActionResult> {
    return this.sessions.answerPermission(id, decision);
  }

  /** Brings a session's tmux pane forward. */
  focusSession(id: string): Promise<SessionActionResult> {
    return this.sessions.focusSession(id);
  }

  async releaseLock(file: string): Promise<ActionResult> {
    const { released } = await this.crew.locks.release(file);
    this.emit("change", { kind: "status" });
    return released.length ? { ok: true } : { ok: false, reason: `no lock ${file}` };
  }

  /** The feed, newest first; a notification repeated in a burst is one entry with its count. */
  notifications(limit = 200): Promise<Notification[]> {
    return readFeed(this.root, limit);
  }

  async sharedMind(): Promise<{ text: string; view: SharedMindView }> {
    const text = await readSharedMindText(this.root);
    return { text, view: readSharedMind(text) };
  }

  readConfig(): Promise<{ text: string; problems: string[] }> {
    return readConfigText(this.root);
  }

  /** Saves a config only when it is valid; the running crew switches to it at once. */
  async writeConfig(text: string): Promise<ActionResult> {
    const saved = await saveConfig(this.root, text);
    if (!saved.ok) return saved;
    this.configWatch?.saved(saved.text);
    await this.applyConfig(saved.config);
    return { ok: true };
  }

  /**
   * Every part reads the config through `crew.config()`, so replacing it here is all it takes:
   * the engine re-routes what waits, the notifier, locks, budgets and classifier follow at
   * their next decision, and the schedules are re-armed.
   */
  async applyConfig(config: Config): Promise<void> {
    this.config = config;
    this.engine.configChanged();
    await this.sessions.configChanged();
    await this.scheduler.reschedule();
    this.emit("change", { kind: "status" });
  }

  async dailyCosts(days: number): Promise<DailyCost[]> {
    return dailyCosts(await this.crew.spend.totals(), days, this.crew.now());
  }

  taskDetail(id: string): Promise<TaskDetail | undefined> {
    return readTaskDetail(this.root, id);
  }

  /**
   * A plain message to the always-on agent (the window's Ask the crew box, or a Telegram chat
   * when `from` names it): answered from the crew's state or turned into a task.
   */
  async ask(text: string, from: string = WINDOW_ASKER): Promise<AskReply> {
    const reply = await triage(
      {
        ...this.crew,
        status: () => this.status(),
        notifications: (limit) => this.notifications(limit),
        sharedMindText: () => readSharedMindText(this.root),
      },
      { text, from },
    );
    this.emit("change", { kind: "status" }); // the ledger grew, and maybe an inbox
    return reply;
  }
}
