/**
 * The crew as one service: what both hosts (the headless daemon and the Electron app) compose
 * and what the bridge exposes. It wires the engine, notifier and stores together, answers
 * the window's requests, and turns everything that changes into `change` events.
 */
import { EventEmitter } from "node:events";
import { mkdir, readFile, unlink } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { type Config, parseConfig } from "../shared/config.js";
import { readSharedMind, type SharedMindView } from "../shared/shared-mind.js";
import type { Status } from "../shared/status.js";
import { type Priority, parseTaskFile, type ResultFooter, splitFooter } from "../shared/task-file.js";
import { type ActionResult, decideApproval } from "./approvals/approval-actions.js";
import type { CrewChange } from "./bridge/bridge-service.js";
import { loadConfig } from "./config/config-file.js";
import { Spend } from "./costs/spend.js";
import { crewPaths, inboxDirForAgent, isInsideRoot, listInboxes } from "./crew-root.js";
import { freeNameIn } from "./engine/archive.js";
import { Engine } from "./engine/engine.js";
import { writeAtomic } from "./fs/atomic-write.js";
import { Heartbeat } from "./heartbeat/heartbeat.js";
import { LockStore } from "./locks/lock-store.js";
import { notifySendChannel } from "./notify/desktop-channel.js";
import { readFeed } from "./notify/feed.js";
import { type Notification, type NotificationChannel, Notifier } from "./notify/notifier.js";
import { Scheduler } from "./schedule/scheduler.js";
import { readSharedMindText } from "./state/shared-mind-store.js";
import { readStatus } from "./status.js";
import { dropTask } from "./tasks/task-writer.js";

export type { ActionResult };

export type { CrewChange };

export interface AddTaskInput {
  agent: string;
  task: string;
  priority?: Priority;
  expectedOutput?: string;
  context?: string;
  tier?: number;
  approvalRequired?: boolean;
  /** Who asked (FROM): "operator" unless a channel says otherwise (`telegram:<chatId>`). */
  from?: string;
}

export interface TaskDetail {
  id: string;
  text: string;
  footer?: ResultFooter;
  outputPreview?: string;
  logTail?: string;
}

const PREVIEW_BYTES = 4_000;
const TASK_EXTENSIONS = [".md", ".txt", ".task"];

/** The task file `<id>.md|.txt|.task` in `dir`, with its text. */
async function readTaskById(dir: string, id: string): Promise<{ path: string; text: string } | undefined> {
  for (const extension of TASK_EXTENSIONS) {
    const path = join(dir, `${id}${extension}`);
    const text = await readFile(path, "utf8").catch(() => undefined);
    if (text !== undefined) return { path, text };
  }
  return undefined;
}

export class CrewService extends EventEmitter<{ change: [CrewChange] }> {
  readonly notifier: Notifier;
  private engine: Engine;
  private spend: Spend;
  private readonly scheduler: Scheduler;
  private readonly heartbeat: Heartbeat;

  private constructor(
    readonly root: string,
    private config: Config,
    private readonly watch: boolean,
    popups: NotificationChannel[],
  ) {
    super();
    const toWindow = async (notification: Notification) =>
      void this.emit("change", { kind: "notification", notification });
    this.notifier = new Notifier(root, {
      channels: [{ name: "window", deliver: toWindow, update: toWindow }, ...popups],
      policy: config.notifications,
    });
    this.spend = new Spend(root, config);
    this.engine = this.makeEngine();
    this.scheduler = new Scheduler({ root, schedules: () => this.config.schedules, notifier: this.notifier });
    this.heartbeat = new Heartbeat({
      root,
      config: () => this.config,
      engine: {
        rescan: () => this.engine.rescan(),
        workers: () => this.engine.workers(),
        waiting: () => this.engine.waiting(),
      },
      notifier: this.notifier,
      scheduler: this.scheduler,
      spend: () => this.spend.entries(),
    });
    this.heartbeat.on("beat", () => this.emit("change", { kind: "heartbeat" }));
  }

  /**
   * Opens a crew root; an invalid switchyard.json is an error that names the keys. `channels`
   * are the host's pop-up channels (the Electron shell's desktop notifications); without them
   * the headless host uses notify-send where a desktop session has it.
   */
  static async open(
    root: string,
    options: { watch?: boolean; channels?: NotificationChannel[] } = {},
  ): Promise<CrewService> {
    const loaded = await loadConfig(root);
    if (!loaded.ok) throw new Error(`switchyard.json is invalid:\n  ${loaded.problems.join("\n  ")}`);
    const desktop = loaded.config.notifications.desktop ? notifySendChannel() : undefined;
    const channels = options.channels ?? (desktop ? [desktop] : []);
    return new CrewService(resolve(root), loaded.config, options.watch ?? true, channels);
  }

  private makeEngine(): Engine {
    const engine = new Engine({
      root: this.root,
      config: this.config,
      watch: this.watch,
      notifier: this.notifier,
    });
    engine.on("event", (event) => {
      if (event.type === "worker-progress")
        this.emit("change", { kind: "worker-progress", worker: event.worker });
      else this.emit("change", { kind: "status" });
    });
    return engine;
  }

  get currentConfig(): Config {
    return this.config;
  }

  get engineHandle(): Engine {
    return this.engine;
  }

  /** Starts the engine, then the schedules (missed runs run once) and the heartbeat. */
  async start(): Promise<void> {
    await this.engine.start();
    await this.scheduler.start();
    this.heartbeat.start();
  }

  async stop(): Promise<void> {
    await this.heartbeat.stop();
    await this.scheduler.stop();
    await this.engine.stop();
    await this.notifier.close();
  }

  /** The file-based status with the live engine's view laid over it. */
  async status(): Promise<Status> {
    const status = await readStatus(this.root, this.config, {
      spend: this.spend,
      schedules: this.scheduler.snapshot(),
    });
    const live = new Map(this.engine.workers().map((worker) => [worker.task, worker]));
    status.workers = status.workers.map((worker) => {
      const running = live.get(worker.task);
      return running ? { ...worker, progress: running.progress, attempt: running.attempt } : worker;
    });
    for (const running of live.values())
      if (!status.workers.some((worker) => worker.task === running.task))
        status.workers.push({ ...running, startedAt: running.startedAt });
    const waiting = new Map(this.engine.waiting().map((entry) => [resolve(entry.path), entry.reason]));
    const routes = this.engine.pendingRoutes();
    for (const tasks of Object.values(status.pending))
      for (const task of tasks) {
        const path = resolve(this.root, task.file);
        const reason = waiting.get(path);
        const route = routes.get(path);
        if (reason && !task.waitingFor) task.waitingFor = reason;
        if (route) task.route = route;
      }
    return status;
  }

  async addTask(input: AddTaskInput): Promise<ActionResult & { id?: string }> {
    const inboxes = await listInboxes(this.root);
    if (!inboxes.some((inbox) => inbox.agent === input.agent) && !this.config.agents[input.agent])
      return { ok: false, reason: `there is no agent "${input.agent}"` };
    if (!input.task.trim()) return { ok: false, reason: "say what to do" };
    if (input.expectedOutput && !isInsideRoot(this.root, input.expectedOutput))
      return { ok: false, reason: "the expected output must be a path inside the crew root" };
    const { agent, from = "operator", ...task } = input;
    const path = await dropTask(this.root, agent, { ...task, from });
    return { ok: true, id: basename(path).replace(/\.md$/, "") };
  }

  private async decide(
    id: string,
    decision: "approve" | "queue" | "reject",
    reason?: string,
  ): Promise<ActionResult> {
    const result = await decideApproval(this.root, id, decision, reason ? { reason } : {});
    await this.engine.rescan();
    this.emit("change", { kind: "status" });
    return result;
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

  /** A failed task goes back to its agent's inbox as it was written (without its footer). */
  async retry(id: string): Promise<ActionResult> {
    const failed = await readTaskById(crewPaths(this.root).failed, id);
    if (!failed) return { ok: false, reason: `no failed task "${id}"` };
    const { path: failedPath, text } = failed;
    const parsed = parseTaskFile(text);
    if (!parsed.ok)
      return {
        ok: false,
        reason: "this file never parsed as a task: fix it by hand and drop it in an inbox",
      };
    const agent = parsed.value.footer?.agent ?? Object.keys(this.config.agents)[0] ?? "agent-a";
    const inbox = join(crewPaths(this.root).coordination, inboxDirForAgent(agent));
    await mkdir(inbox, { recursive: true });
    const target = join(inbox, await freeNameIn(inbox, basename(failedPath)));
    await writeAtomic(target, splitFooter(text).main);
    await unlink(failedPath);
    await this.engine.rescan();
    return { ok: true };
  }

  async releaseLock(file: string): Promise<ActionResult> {
    const { released } = await new LockStore(this.root, {
      staleAfterMinutes: this.config.locks.staleAfterMinutes,
    }).release(file);
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

  async readConfig(): Promise<{ text: string; problems: string[] }> {
    const text = await readFile(crewPaths(this.root).config, "utf8").catch(() => "{}\n");
    const parsed = parseConfig(text);
    return { text, problems: parsed.ok ? [] : parsed.problems };
  }

  /** Saves a config only when it is valid; the running crew switches to it at once. */
  async writeConfig(text: string): Promise<ActionResult> {
    const parsed = parseConfig(text);
    if (!parsed.ok) return { ok: false, reason: parsed.problems.join("; ") };
    await writeAtomic(crewPaths(this.root).config, text.endsWith("\n") ? text : `${text}\n`);
    await this.applyConfig(parsed.config);
    return { ok: true };
  }

  /** Replaces the engine with one on the new config; running workers finish under the old one. */
  async applyConfig(config: Config): Promise<void> {
    this.config = config;
    this.spend = new Spend(this.root, config);
    this.engine.updateConfig(config);
    this.notifier.setPolicy(config.notifications);
    await this.scheduler.reschedule();
    this.emit("change", { kind: "status" });
  }

  async dailyCosts(days: number): Promise<{ day: string; tier: number; usd: number }[]> {
    const since = new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
    const totals = new Map<string, number>();
    // Spend already holds the ledger (read incrementally) plus any interactive usage.
    for (const entry of await this.spend.entries()) {
      const day = entry.at.slice(0, 10);
      if (day < since) continue;
      const key = `${day}|${entry.tier}`;
      totals.set(key, (totals.get(key) ?? 0) + entry.costUsd);
    }
    return [...totals].map(([key, usd]) => {
      const [day = "", tier = "0"] = key.split("|");
      return { day, tier: Number(tier), usd };
    });
  }

  async taskDetail(id: string): Promise<TaskDetail | undefined> {
    const paths = crewPaths(this.root);
    const candidates = [
      paths.completed,
      paths.failed,
      paths.inProgress,
      ...(await listInboxes(this.root)).map((inbox) => inbox.dir),
    ];
    for (const dir of candidates) {
      const text = (await readTaskById(dir, id))?.text;
      if (text === undefined) continue;
      const parsed = parseTaskFile(text);
      const footer = parsed.ok ? parsed.value.footer : undefined;
      const output = parsed.ok ? parsed.value.fields.expectedOutput : undefined;
      const outputPreview =
        output && isInsideRoot(this.root, output)
          ? await readFile(join(this.root, output), "utf8")
              .then((body) => body.slice(0, PREVIEW_BYTES))
              .catch(() => undefined)
          : undefined;
      const logTail = await this.logTail(id);
      return {
        id,
        text,
        ...(footer ? { footer } : {}),
        ...(outputPreview ? { outputPreview } : {}),
        ...(logTail ? { logTail } : {}),
      };
    }
    return undefined;
  }

  /** The last lines of the newest attempt's stdout, for the live log view. */
  private async logTail(id: string): Promise<string | undefined> {
    const runs = join(crewPaths(this.root).runs, id);
    for (let attempt = 20; attempt >= 1; attempt--) {
      const text = await readFile(join(runs, `attempt-${attempt}.stdout.jsonl`), "utf8").catch(
        () => undefined,
      );
      if (text !== undefined) return text.split("\n").slice(-40).join("\n");
    }
    return undefined;
  }
}
