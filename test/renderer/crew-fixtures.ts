/**
 * What the component tests build on: a status snapshot with sensible defaults, and a fake
 * bridge whose replies the test chooses and whose events the test pushes, as the core would.
 */
import type {
  Bridge,
  BridgeEvent,
  Connection,
  RequestName,
  RequestParams,
  RequestReply,
} from "../../shared/bridge.js";
import type { Status, TaskSummary, WorkerSummary } from "../../shared/status.js";
import { emptyProgress } from "../../shared/worker-stream.js";
import { createCrewStore } from "../../renderer/store/crew-store.js";

export const NOW = "2026-04-09T21:30:00.000Z";

export function makeStatus(overrides: Partial<Status> = {}): Status {
  const cost = { today: 0, month: 0, budget: { daily: null, monthly: null } };
  return {
    root: "/home/op/crew",
    generatedAt: NOW,
    pending: { "agent-a": [], "agent-b": [] },
    awaitingApproval: [],
    inProgress: [],
    completed: [],
    failed: [],
    locks: [],
    workers: [],
    costs: { "0": cost, "1": cost, "2": cost, "3": cost },
    heartbeat: { last: "2026-04-09T21:28:00.000Z", next: "2026-04-09T21:33:00.000Z" },
    schedules: [],
    problems: [],
    ...overrides,
  };
}

export function makeTask(id: string, overrides: Partial<TaskSummary> = {}): TaskSummary {
  return {
    id,
    file: `coordination/for_agent_a/${id}.md`,
    agent: "agent-a",
    task: `Task ${id}`,
    priority: "normal",
    createdAt: "2026-04-09T21:00:00.000Z",
    ...overrides,
  };
}

export function makeWorker(task: string, overrides: Partial<WorkerSummary> = {}): WorkerSummary {
  return {
    task,
    agent: "agent-b",
    tier: 2,
    model: "sonnet",
    startedAt: "2026-04-09T21:20:00.000Z",
    attempt: 1,
    progress: emptyProgress(),
    ...overrides,
  };
}

type Handlers = {
  [N in RequestName]?: (params: RequestParams<N>) => RequestReply<N> | Promise<RequestReply<N>>;
};

export interface FakeBridge extends Bridge {
  calls: { name: RequestName; params: unknown }[];
  emit(event: BridgeEvent): void;
  setConnection(state: Connection): void;
}

const DEFAULT_HANDLERS: Handlers = {
  notifications: () => [],
  approve: () => ({ ok: true }),
  reject: () => ({ ok: true }),
  queue: () => ({ ok: true }),
  retry: () => ({ ok: true }),
  releaseLock: () => ({ ok: true }),
  addTask: () => ({ ok: true, id: "new-task" }),
  taskDetail: () => null,
};

export function fakeBridge(handlers: Handlers = {}): FakeBridge {
  const all: Handlers = { ...DEFAULT_HANDLERS, ...handlers };
  const listeners = new Set<(event: BridgeEvent) => void>();
  const connections = new Set<(state: Connection) => void>();
  const bridge: FakeBridge = {
    calls: [],
    async request(name, params) {
      bridge.calls.push({ name, params });
      const handler = all[name] as ((params: unknown) => unknown) | undefined;
      if (!handler) throw new Error(`the test gave no reply for ${name}`);
      return (await handler(params)) as never;
    },
    subscribe(onEvent, onConnection) {
      listeners.add(onEvent);
      if (onConnection) connections.add(onConnection);
      return () => {
        listeners.delete(onEvent);
        if (onConnection) connections.delete(onConnection);
      };
    },
    emit: (event) => {
      for (const listener of listeners) listener(event);
    },
    setConnection: (state) => {
      for (const listener of connections) listener(state);
    },
  };
  return bridge;
}

/** A connected store over a fake bridge, with `status` as its first snapshot. */
export function connectedStore(status: Status, handlers: Handlers = {}) {
  const bridge = fakeBridge(handlers);
  const store = createCrewStore(bridge);
  store.getState().connect();
  bridge.emit({ kind: "status", status });
  return { bridge, store };
}
