/**
 * The window's one store. It is fed only by the bridge's event stream: the first status event
 * is the snapshot, status patches bring it up to date (a patch for another revision than the
 * one held means the stream lost its place: it subscribes again for a whole snapshot),
 * progress and notification events patch it. Views read from here and call `act` for the
 * operator's actions; nothing in the UI polls.
 */
import { createStore, type StoreApi } from "zustand/vanilla";
import type { Bridge, BridgeEvent, Connection, RequestName, RequestParams } from "../../shared/bridge.js";
import type { Notification } from "../../shared/notification.js";
import type { Status, WorkerSummary } from "../../shared/status.js";
import { applyStatusPatch } from "../../shared/status-patch.js";
import { appendLogTail, nextLogLines } from "./log-tail.js";

export interface ActionOutcome {
  ok: boolean;
  /** What happened, in words, for the status line at the bottom of the window. */
  message: string;
}

export interface CrewState {
  bridge: Bridge;
  connection: Connection;
  /** When the host stopped answering (while the connection is not live). */
  lostAt: number | undefined;
  status: Status | undefined;
  /** The revision of `status` in the feed, which patches must name. */
  statusRevision: number | undefined;
  /** Live worker state, newer than the snapshot's (keyed by task id). */
  workers: Record<string, WorkerSummary>;
  logTails: Record<string, string[]>;
  /** Newest first. */
  notifications: Notification[];
  /** Counts status events, so views with their own queries know when to ask again. */
  revision: number;
  lastOutcome: ActionOutcome | undefined;
  /** The task the Tasks view shows in its detail pane. */
  selectedTaskId: string | undefined;
}

export interface CrewActions {
  /** Starts the event stream and loads the feed; returns the stop. */
  connect(): () => void;
  receive(event: BridgeEvent): void;
  /** Runs an action request and records its outcome in words. */
  act<N extends ActionName>(name: N, params: RequestParams<N>, done: string): Promise<ActionOutcome>;
  selectTask(id: string | undefined): void;
}

export type ActionName = Extract<
  RequestName,
  | "addTask"
  | "approve"
  | "reject"
  | "queue"
  | "retry"
  | "runNow"
  | "editTask"
  | "cancel"
  | "dismiss"
  | "raiseBudget"
  | "runHeld"
  | "releaseLock"
  | "writeConfig"
  | "answerPermission"
  | "focusSession"
  | "setLoginItem"
>;

export type CrewStore = StoreApi<CrewState & CrewActions>;

const NOTIFICATIONS_KEPT = 500;

export function createCrewStore(bridge: Bridge): CrewStore {
  return createStore<CrewState & CrewActions>()((set, get) => ({
    bridge,
    connection: "connecting",
    lostAt: undefined,
    status: undefined,
    statusRevision: undefined,
    workers: {},
    logTails: {},
    notifications: [],
    revision: 0,
    lastOutcome: undefined,
    selectedTaskId: undefined,

    connect() {
      const loadFeed = () =>
        bridge.request("notifications", { limit: 200 }).then(
          (loaded) => set((state) => ({ notifications: mergeNotifications(state.notifications, loaded) })),
          () => undefined, // the stream's connection state already tells the operator
        );
      const onConnection = (connection: Connection) => {
        const wasDown = get().lostAt !== undefined;
        set((state) => ({
          connection,
          lostAt:
            connection === "live"
              ? undefined
              : (state.lostAt ?? (connection === "connecting" ? undefined : Date.now())),
        }));
        // Back after a gap: what was said meanwhile is in the feed file.
        if (connection === "live" && wasDown) void loadFeed();
      };
      const subscribe = () =>
        bridge.subscribe((event) => {
          const held = get().statusRevision;
          if (event.kind !== "status-patch" || event.from === held) get().receive(event);
          else if (held !== undefined) {
            // The stream lost its place: start again from a whole snapshot (patches until then are moot).
            set({ statusRevision: undefined });
            unsubscribe();
            unsubscribe = subscribe();
          }
        }, onConnection);
      let unsubscribe = subscribe();
      const stop = () => unsubscribe();
      void loadFeed();
      return stop;
    },

    receive(event) {
      if (event.kind === "status" || event.kind === "status-patch") {
        set((state) => {
          const status =
            event.kind === "status"
              ? event.status
              : state.status && applyStatusPatch(state.status, event.patch);
          return status ? { ...withStatus(state, status), statusRevision: event.revision } : {};
        });
      } else if (event.kind === "worker-progress") {
        const { worker } = event;
        set((state) => {
          const before = state.workers[worker.task]?.progress;
          const added = worker.progress ? nextLogLines(before, worker.progress) : [];
          return {
            workers: { ...state.workers, [worker.task]: worker },
            logTails: {
              ...state.logTails,
              [worker.task]: appendLogTail(state.logTails[worker.task] ?? [], added),
            },
          };
        });
      } else {
        set((state) => ({ notifications: mergeNotifications(state.notifications, [event.notification]) }));
      }
    },

    async act(name, params, done) {
      let outcome: ActionOutcome;
      try {
        const reply = await bridge.request(name, params);
        // A reply may carry words for the operator (what happened, how to attach to a pane brought forward).
        const detail =
          reply.ok && "detail" in reply && typeof reply.detail === "string" ? `: ${reply.detail}` : "";
        outcome = reply.ok ? { ok: true, message: `${done}${detail}` } : { ok: false, message: reply.reason };
        // A retried task may come back under another id: the detail pane follows it.
        if (name === "retry" && reply.ok && "id" in reply && reply.id) {
          const from = (params as { id: string }).id;
          if (get().selectedTaskId === from) set({ selectedTaskId: reply.id });
        }
      } catch (error) {
        outcome = { ok: false, message: (error as Error).message };
      }
      set({ lastOutcome: outcome });
      return outcome;
    },

    selectTask(id) {
      set({ selectedTaskId: id });
    },
  }));
}

/** The store's state for a new snapshot: live workers kept where newer, their log tails. */
function withStatus(state: CrewState, status: Status): Partial<CrewState> {
  const live = Object.fromEntries(status.workers.map((worker) => [worker.task, worker]));
  return {
    status,
    connection: "live",
    lostAt: undefined,
    revision: state.revision + 1,
    // A worker the snapshot no longer lists has finished; keep the newer live state of the others.
    workers: Object.fromEntries(
      Object.entries(live).map(([task, worker]) => [task, newerWorker(state.workers[task], worker)]),
    ),
    // A window opened mid-run starts the tail from what the worker last said.
    logTails: Object.fromEntries(
      Object.values(live).map((worker) => [
        worker.task,
        state.logTails[worker.task] ?? (worker.progress ? nextLogLines(undefined, worker.progress) : []),
      ]),
    ),
  };
}

/** A progress event can arrive before the snapshot that still shows the older state. */
function newerWorker(current: WorkerSummary | undefined, fromSnapshot: WorkerSummary): WorkerSummary {
  if (!current?.progress || !fromSnapshot.progress) return current?.progress ? current : fromSnapshot;
  return current.progress.lines > fromSnapshot.progress.lines ? current : fromSnapshot;
}

function mergeNotifications(kept: Notification[], added: Notification[]): Notification[] {
  const byId = new Map(kept.map((notification) => [notification.id, notification]));
  for (const notification of added) byId.set(notification.id, notification);
  return [...byId.values()].sort((a, b) => b.at.localeCompare(a.at)).slice(0, NOTIFICATIONS_KEPT);
}

/** Workers with their newest known progress, in start order. */
export const selectWorkers = (state: Pick<CrewState, "workers">): WorkerSummary[] =>
  Object.values(state.workers).sort((a, b) => a.startedAt.localeCompare(b.startedAt));

/** Whether an action can reach the crew now: actions wait while the host does not answer. */
export const canAct = (state: CrewState): boolean => state.connection === "live";
