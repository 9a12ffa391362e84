/**
 * The host's live list of Claude Code sessions (SPEC §10): it follows the session log the hooks
 * append to (a file watch, and a poll for missed events), folds each record, asks tmux where a
 * pane is, prices each transcript, ends sessions whose process is gone, and tells the operator
 * when one starts waiting for them ("agent-a (pane 2) asks to run Bash: git push origin main").
 */
import { EventEmitter } from "node:events";
import { type FSWatcher, watch } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import type { Config } from "../../shared/config.js";
import type { NotificationAction } from "../../shared/notification.js";
import {
  describeToolInput,
  type Pane,
  type PermissionRequest,
  type SessionSummary,
  sessionLabel,
  waitingWords,
} from "../../shared/sessions.js";
import type { FileWrite } from "../conflicts/conflict-radar.js";
import { crewPaths } from "../crew-root.js";
import type { Notifier } from "../notify/notifier.js";
import { describePane } from "../panes/pane-focus.js";
import { isPidAlive } from "../process/pid.js";
import type { HookRecord } from "./hook-record.js";
import { endIfGone, foldSessionRecord, summarizeSessions, type TrackedSession } from "./session-fold.js";
import { SessionLogReader } from "./session-log.js";
import { TranscriptCosts } from "./transcript-cost.js";

export interface SessionTrackerOptions {
  root: string;
  config: () => Config;
  notifier: Pick<Notifier, "notify">;
  /** Permission requests the broker holds, so a worker's session shows what it waits for. */
  permissions?: () => PermissionRequest[];
  now?: () => Date;
  pollMs?: number;
  isAlive?: (pid: number) => boolean;
  describePane?: (pane: { id: string; socket?: string }) => Promise<Pane>;
}

const PERMISSION_ACTIONS: NotificationAction[] = ["allow", "allow-task", "deny"];

export class SessionTracker extends EventEmitter<{ change: []; wrote: [FileWrite]; movedOn: [string] }> {
  private readonly tracked = new Map<string, TrackedSession>();
  private readonly panes = new Map<string, Pane>();
  private readonly costs = new TranscriptCosts();
  private readonly reader: SessionLogReader;
  private readonly now: () => Date;
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reading: Promise<void> = Promise.resolve();
  private ticks = 0;

  constructor(private readonly options: SessionTrackerOptions) {
    super();
    this.reader = new SessionLogReader(options.root);
    this.now = options.now ?? (() => new Date());
  }

  /** Catches up with the log (without notifying about the past), then follows it. */
  async start(): Promise<void> {
    for (const record of await this.reader.readAll()) foldSessionRecord(this.tracked, record);
    this.endGone();
    await Promise.all([...this.tracked.values()].map((session) => this.locatePane(session)));
    const dir = dirname(crewPaths(this.options.root).sessionEvents);
    await mkdir(dir, { recursive: true });
    try {
      this.watcher = watch(dir, () => this.poll());
      this.watcher.on("error", () => undefined); // the timer still polls
    } catch {
      this.watcher = undefined;
    }
    this.timer = setInterval(() => {
      this.poll();
      // Every ten polls: has any session's process gone without a SessionEnd?
      if (++this.ticks % 10 === 0 && this.endGone()) this.emit("change");
    }, this.options.pollMs ?? 1_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.watcher?.close();
    clearInterval(this.timer);
    await this.reading;
    await this.reader.close();
  }

  /** Reads what the hooks appended since the last look; calls run one after another. */
  poll(): Promise<void> {
    this.reading = this.reading.then(async () => {
      const records = await this.reader.read().catch(() => [] as HookRecord[]);
      for (const record of records) await this.take(record);
      if (records.length) this.emit("change");
    });
    return this.reading;
  }

  get(id: string): TrackedSession | undefined {
    return this.tracked.get(id);
  }

  /** Where a pane is, as tmux said when it was first seen. */
  pane(id: string): Pane | undefined {
    return this.panes.get(id);
  }

  /** Transcripts of the sessions seen (their cost goes to the tier meters). */
  transcripts(): string[] {
    return [...this.tracked.values()].flatMap((session) => (session.transcript ? [session.transcript] : []));
  }

  /** Sessions that were Switchyard's own workers: their cost is in the ledger already. */
  workerSessions(): string[] {
    return [...this.tracked.values()].filter((session) => session.task).map((session) => session.id);
  }

  /** The sessions for `status`, with their cost brought up to date. */
  async sessions(): Promise<SessionSummary[]> {
    const config = this.options.config();
    await Promise.all(
      [...this.tracked.values()].map((session) =>
        session.transcript ? this.costs.update(session.transcript, config) : undefined,
      ),
    );
    const summaries = summarizeSessions(
      this.options.root,
      this.tracked.values(),
      (session) => (session.transcript ? this.costs.known(session.transcript) : { costUsd: 0 }),
      this.now(),
    );
    const requests = this.options.permissions?.() ?? [];
    return summaries.map((summary) => {
      const pane = summary.pane ? (this.panes.get(summary.pane.id) ?? summary.pane) : undefined;
      // A worker asks through its permission prompt server, not a hook: show that wait here too.
      const asking = requests.find(
        (request) => request.source === "worker" && request.taskId && request.taskId === summary.task,
      );
      return {
        ...summary,
        ...(pane ? { pane } : {}),
        ...(asking && summary.state !== "ended"
          ? {
              state: "waiting" as const,
              waitingFor: {
                reason: "permission" as const,
                tool: asking.tool,
                permissionId: asking.id,
                since: asking.at,
                input: describeToolInput(asking.tool, asking.input),
              },
            }
          : {}),
      };
    });
  }

  private async take(record: HookRecord): Promise<void> {
    const outcome = foldSessionRecord(this.tracked, record);
    const { session } = outcome;
    await this.locatePane(session);
    if (outcome.movedOn) this.emit("movedOn", session.id);
    if (outcome.wrote)
      this.emit("wrote", {
        path: outcome.wrote,
        at: record.at,
        writer: session.task
          ? {
              kind: "worker",
              id: session.task,
              label: sessionLabel(session),
              ...(session.agent ? { agent: session.agent } : {}),
            }
          : {
              kind: "session",
              id: session.id,
              label: sessionLabel({ ...session, ...this.paneOf(session) }),
              ...(session.agent ? { agent: session.agent } : {}),
            },
      });
    if (outcome.startedWaiting && session.waitingFor && !session.task) await this.announce(session);
  }

  private paneOf(session: TrackedSession): { pane?: Pane } {
    if (!session.pane) return {};
    return { pane: this.panes.get(session.pane.id) ?? { id: session.pane.id } };
  }

  private async locatePane(session: TrackedSession): Promise<void> {
    const pane = session.pane;
    if (!pane || this.panes.get(pane.id)?.target) return;
    this.panes.set(pane.id, await (this.options.describePane ?? describePane)(pane));
  }

  /** "agent-a (pane 2) asks to run Bash: git push origin main", with what the operator can do. */
  private async announce(session: TrackedSession): Promise<void> {
    const waiting = session.waitingFor;
    if (!waiting) return;
    const { pane } = this.paneOf(session);
    const where = pane
      ? `Its pane is ${pane.target ?? pane.id}${pane.session ? ` (tmux attach -t ${pane.session})` : ""}; click to bring it forward.`
      : `It runs in ${session.cwd}.`;
    const answer = waiting.permissionId
      ? "Allow or deny here, in the tray or on Telegram, or answer in its pane."
      : "Answer in its pane.";
    await this.options.notifier.notify({
      kind: "session",
      priority: waiting.reason === "idle" ? "normal" : "high",
      title: `${sessionLabel({ ...session, ...this.paneOf(session) })} ${waitingWords(waiting)}`,
      body: `${answer} ${where}`,
      sessionId: session.id,
      ...(waiting.permissionId ? { permissionId: waiting.permissionId, actions: PERMISSION_ACTIONS } : {}),
    });
  }

  /** Ends sessions whose process is gone; true when any did. */
  private endGone(): boolean {
    const alive = this.options.isAlive ?? isPidAlive;
    let any = false;
    for (const session of this.tracked.values()) any = endIfGone(session, alive, this.now()) || any;
    return any;
  }
}
