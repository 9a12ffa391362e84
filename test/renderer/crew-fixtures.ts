/**
 * What the component tests build on: a fake bridge whose replies the test chooses and whose
 * events the test pushes, as the core would, and a store connected to it.
 */
import type {
  Bridge,
  BridgeEvent,
  Connection,
  RequestName,
  RequestParams,
  RequestReply,
} from "../../shared/bridge.js";
import type { Status } from "../../shared/status.js";
import { createCrewStore } from "../../renderer/store/crew-store.js";

export {
  makePermissionRequest,
  makeSession,
  makeStatus,
  makeTask,
  makeWorker,
  NOW,
} from "../support/status-fixture.js";

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
  retry: ({ id }) => ({ ok: true, id }),
  runNow: () => ({ ok: true }),
  editTask: () => ({ ok: true }),
  cancel: () => ({ ok: true }),
  dismiss: () => ({ ok: true }),
  raiseBudget: () => ({ ok: true }),
  runHeld: () => ({ ok: true }),
  releaseLock: () => ({ ok: true }),
  addTask: () => ({ ok: true, id: "new-task" }),
  taskDetail: () => null,
  answerPermission: () => ({ ok: true }),
  focusSession: () => ({
    ok: true,
    detail: "selected switchyard:0.1; not in front of it? run: tmux attach -t switchyard",
  }),
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
