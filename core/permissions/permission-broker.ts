/**
 * The host's side of permission requests (SPEC §10): it watches `.switchyard/permissions/` for
 * what workers and panes ask, holds each request open for the operator (the window, the tray,
 * Telegram), answers it, and denies a worker's request left unanswered for
 * `permissions.waitSeconds`. A tool once allowed "for this task" is allowed again without
 * asking for the rest of that task. Every answer to a worker goes into its run record.
 */
import { EventEmitter } from "node:events";
import { type FSWatcher, watch } from "node:fs";
import { mkdir, readdir, stat, unlink } from "node:fs/promises";
import type { Config } from "../../shared/config.js";
import {
  describeToolInput,
  type PermissionDecision,
  type PermissionRequest,
  permissionTitle,
} from "../../shared/sessions.js";
import { crewPaths } from "../crew-root.js";
import type { PermissionEntry } from "../engine/run-record.js";
import type { Notifier } from "../notify/notifier.js";
import { isPidAlive } from "../process/pid.js";
import {
  ANSWER_SUFFIX,
  type AnswerFile,
  answerPath,
  answersDirFor,
  type BrokerInfo,
  brokerPath,
  REQUEST_SUFFIX,
  readJsonFile,
  requestPath,
  writeJsonFile,
} from "./permission-files.js";
import { type RequestFile, RequestFileSchema } from "./request-file.js";

/** What the broker needs of the running tasks: their run records and their watchdogs. */
export interface TaskLink {
  recordDecision(taskId: string, entry: PermissionEntry): Promise<void>;
  setWaiting(taskId: string, waiting: boolean): void;
}

export interface PermissionBrokerOptions {
  root: string;
  config: () => Config;
  notifier: Pick<Notifier, "notify">;
  tasks?: TaskLink;
  now?: () => Date;
  /** How often the folder is listed besides the file watch (missed events). */
  pollMs?: number;
}

interface Pending {
  request: RequestFile;
  timer: NodeJS.Timeout;
}

/** Answer files nobody collected (the asker died) are removed after this long. */
const LEFTOVER_MS = 60_000;

const clock = (iso: string) => `${iso.slice(11, 19)} UTC`;

export class PermissionBroker extends EventEmitter<{ change: [] }> {
  private readonly pendingById = new Map<string, Pending>();
  /** Requests being read or answered, so a watch event and a poll never handle one twice. */
  private readonly handled = new Set<string>();
  /**
   * Tools the operator allowed "for this task", per task, kept here and nowhere a worker can
   * write (not its run record): after a host restart the operator is asked again.
   */
  private readonly allowedForTask = new Map<string, Set<string>>();
  private readonly dir: string;
  private answers = "";
  private readonly now: () => Date;
  private watcher: FSWatcher | undefined;
  private poll: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: PermissionBrokerOptions) {
    super();
    this.dir = crewPaths(options.root).permissions;
    this.now = options.now ?? (() => new Date());
  }

  async start(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    this.answers = await answersDirFor(this.options.root);
    const info: BrokerInfo = {
      answers: this.answers,
      pid: process.pid,
      startedAt: this.now().toISOString(),
      waitSeconds: this.options.config().permissions.waitSeconds,
    };
    await writeJsonFile(brokerPath(this.options.root), info);
    await this.scan();
    try {
      this.watcher = watch(this.dir, (_event, name) => {
        if (name?.endsWith(REQUEST_SUFFIX)) void this.scan();
      });
      this.watcher.on("error", () => undefined); // the poll still runs
    } catch {
      this.watcher = undefined;
    }
    this.poll = setInterval(() => void this.scan(), this.options.pollMs ?? 1_000);
    this.poll.unref();
  }

  /** The wait may change with the config: askers read it from broker.json. */
  async configChanged(): Promise<void> {
    const info = await readJsonFile<BrokerInfo>(brokerPath(this.options.root));
    if (info?.pid !== process.pid) return;
    await writeJsonFile(brokerPath(this.options.root), {
      ...info,
      waitSeconds: this.options.config().permissions.waitSeconds,
    });
  }

  /** Stops listening; a worker still waiting is denied (nobody is left to ask). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.watcher?.close();
    clearInterval(this.poll);
    for (const { request } of [...this.pendingById.values()])
      if (request.source === "worker") await this.decide(request, "deny", "the host stopped");
      else await this.withdraw(request.id);
    const info = await readJsonFile<BrokerInfo>(brokerPath(this.options.root));
    if (info?.pid === process.pid) await unlink(brokerPath(this.options.root)).catch(() => undefined);
  }

  /** What waits for the operator, oldest first. */
  pending(): PermissionRequest[] {
    return [...this.pendingById.values()]
      .map(({ request }) => {
        const { askerPid: _pid, toolUseId: _toolUse, ...shown } = request;
        return shown;
      })
      .sort((a, b) => a.at.localeCompare(b.at));
  }

  /** The operator's answer, from the window, the tray or Telegram. */
  async answer(
    id: string,
    decision: PermissionDecision,
    message?: string,
  ): Promise<{ ok: true; detail: string } | { ok: false; reason: string }> {
    const pending = this.pendingById.get(id);
    if (!pending)
      return {
        ok: false,
        reason: `no permission request "${id}" is waiting (answered, withdrawn or expired)`,
      };
    await this.decide(pending.request, decision, "operator", message);
    return { ok: true, detail: decision === "deny" ? "denied" : "allowed" };
  }

  /** A pane moved on (answered in its terminal, or went on to something else): its request is void. */
  async withdrawSession(sessionId: string): Promise<void> {
    for (const { request } of [...this.pendingById.values()])
      if (request.source === "session" && request.sessionId === sessionId) await this.withdraw(request.id);
  }

  private async scan(): Promise<void> {
    if (this.stopped) return;
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const ids = new Set<string>();
    for (const name of names) {
      if (name.startsWith(".")) continue;
      if (name.endsWith(REQUEST_SUFFIX)) ids.add(name.slice(0, -REQUEST_SUFFIX.length));
    }
    for (const name of await readdir(this.answers).catch(() => [] as string[]))
      if (name.endsWith(ANSWER_SUFFIX)) await this.removeLeftover(name);
    for (const id of ids) if (!this.pendingById.has(id) && !this.handled.has(id)) await this.take(id);
    // A request file removed by its asker (it was stopped, or gave up) is no longer pending.
    for (const id of [...this.pendingById.keys()]) if (!ids.has(id)) this.drop(id);
  }

  private async take(id: string): Promise<void> {
    this.handled.add(id);
    try {
      const parsed = RequestFileSchema.safeParse(await readJsonFile(requestPath(this.options.root, id)));
      if (!parsed.success || parsed.data.id !== id) return;
      const request = parsed.data;
      if (!isPidAlive(request.askerPid)) return void (await this.withdraw(id));
      if (request.taskId && this.allowedForTask.get(request.taskId)?.has(request.tool))
        return void (await this.decide(request, "allow-task", "allowed for this task earlier"));
      const untilExpiry = Math.max(0, Date.parse(request.expiresAt) - this.now().getTime());
      const timer = setTimeout(() => void this.expire(id), untilExpiry);
      this.pendingById.set(id, { request, timer });
      if (request.taskId) this.options.tasks?.setWaiting(request.taskId, true);
      this.emit("change");
      // A pane's request is announced with its session (the tracker knows its pane and words).
      if (request.source === "worker") await this.announce(request);
    } finally {
      this.handled.delete(id);
    }
  }

  private async announce(request: RequestFile): Promise<void> {
    await this.options.notifier.notify({
      kind: "permission",
      priority: "high",
      title: permissionTitle(request),
      body: `Allow once, allow ${request.tool} for the rest of this task, or deny — here, in the tray or on Telegram. Unanswered, it is denied at ${clock(request.expiresAt)}.`,
      actions: ["allow", "allow-task", "deny"],
      permissionId: request.id,
      ...(request.taskId ? { taskId: request.taskId } : {}),
    });
  }

  private async expire(id: string): Promise<void> {
    const pending = this.pendingById.get(id);
    if (!pending) return;
    if (pending.request.source === "worker") await this.decide(pending.request, "deny", "timeout");
    else await this.withdraw(id); // back to the pane's own prompt
  }

  private async decide(
    request: RequestFile,
    decision: PermissionDecision,
    by: string,
    message?: string,
  ): Promise<void> {
    this.handled.add(request.id);
    const decidedAt = this.now().toISOString();
    const answer: AnswerFile = {
      decision,
      by,
      at: decidedAt,
      ...(message ? { message } : {}),
      ...(by === "timeout"
        ? {
            message: `Nobody answered within ${this.options.config().permissions.waitSeconds} s, so this tool call is denied. Carry on without it, or say in your result what you needed.`,
          }
        : {}),
    };
    if (decision === "allow-task" && request.source === "worker" && request.taskId)
      this.allowedForTask.set(
        request.taskId,
        new Set([...(this.allowedForTask.get(request.taskId) ?? []), request.tool]),
      );
    // The answer first, then the request goes: an asker never sees neither.
    await writeJsonFile(answerPath(this.answers, request.id), answer);
    await unlink(requestPath(this.options.root, request.id)).catch(() => undefined);
    this.drop(request.id);
    this.handled.delete(request.id);
    if (request.taskId && request.source === "worker")
      await this.options.tasks?.recordDecision(request.taskId, {
        requestedAt: request.at,
        decidedAt,
        tool: request.tool,
        input: describeToolInput(request.tool, request.input, 500),
        decision,
        by,
      });
  }

  private async withdraw(id: string): Promise<void> {
    await unlink(requestPath(this.options.root, id)).catch(() => undefined);
    this.drop(id);
  }

  private drop(id: string): void {
    const pending = this.pendingById.get(id);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.pendingById.delete(id);
    const { taskId } = pending.request;
    if (taskId && ![...this.pendingById.values()].some((other) => other.request.taskId === taskId))
      this.options.tasks?.setWaiting(taskId, false);
    this.emit("change");
  }

  private async removeLeftover(name: string): Promise<void> {
    const path = `${this.answers}/${name}`;
    const found = await stat(path).catch(() => undefined);
    if (found && this.now().getTime() - found.mtimeMs > LEFTOVER_MS)
      await unlink(path).catch(() => undefined);
  }
}
