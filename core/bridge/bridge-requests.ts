/**
 * Answers the bridge's requests with the core: params are parsed with the contract at this
 * edge (an IPC message or an HTTP body is untrusted), then handed to the CrewService. Both
 * hosts call this, so a request means the same thing in the tray app and in the browser.
 */
import {
  BRIDGE_REQUESTS,
  isRequestName,
  type RequestName,
  type RequestParams,
  type RequestReply,
} from "../../shared/bridge.js";
import { readTimeline } from "../views/timeline.js";
import type { BridgeService, HostSettings } from "./bridge-service.js";

/** A request the contract refuses: unknown name or bad params. Hosts answer it as a client error. */
export class BridgeRequestError extends Error {}

type Handlers = { [N in RequestName]: (params: RequestParams<N>) => Promise<RequestReply<N>> };

function handlersFor(service: BridgeService, host: HostSettings): Handlers {
  return {
    status: () => service.status(),
    addTask: (params) => service.addTask(params),
    approve: ({ id }) => service.approve(id),
    reject: ({ id, reason }) => service.reject(id, reason),
    queue: ({ id }) => service.queue(id),
    retry: ({ id }) => service.retry(id),
    runNow: ({ id }) => service.runNow(id),
    editTask: ({ id, edit }) => service.editTask(id, edit),
    cancel: ({ id, reason }) => service.cancel(id, reason),
    dismiss: ({ key }) => service.dismiss(key),
    raiseBudget: ({ tier }) => service.raiseBudget(tier),
    runHeld: ({ tier }) => service.runHeld(tier),
    taskDetail: async ({ id }) => (await service.taskDetail(id)) ?? null,
    releaseLock: ({ file }) => service.releaseLock(file),
    notifications: ({ limit }) => service.notifications(limit),
    sharedMind: () => service.sharedMind(),
    readConfig: () => service.readConfig(),
    writeConfig: ({ text }) => service.writeConfig(text),
    dailyCosts: ({ days }) => service.dailyCosts(days),
    answerPermission: ({ id, decision }) => service.answerPermission(id, decision),
    focusSession: ({ id }) => service.focusSession(id),
    loginItem: () => host.loginItem(),
    setLoginItem: ({ openAtLogin }) => host.setLoginItem(openAtLogin),
    timeline: ({ hours }) => readTimeline(service.root, { hours }),
    ask: ({ text }) => service.ask(text),
  };
}

export type BridgeRequestHandler = (name: string, params: unknown) => Promise<unknown>;

export function bridgeRequestHandler(service: BridgeService, host: HostSettings): BridgeRequestHandler {
  const handlers = handlersFor(service, host);
  return async (name, params) => {
    if (!isRequestName(name)) throw new BridgeRequestError(`unknown request "${name}"`);
    const parsed = BRIDGE_REQUESTS[name].params.safeParse(params ?? {});
    if (!parsed.success)
      throw new BridgeRequestError(
        `bad params for ${name}: ${parsed.error.issues.map((issue) => `${issue.path.join(".") || "params"}: ${issue.message}`).join("; ")}`,
      );
    const handler = handlers[name] as (params: unknown) => Promise<unknown>;
    return handler(parsed.data);
  };
}
