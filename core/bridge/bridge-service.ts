/**
 * What the bridge needs from the core: the CrewService facade's request methods and its
 * change events. Written as an interface so the hosts and tests can hand in the real
 * service or a stand-in with the same shape.
 */
import type { EventEmitter } from "node:events";
import type {
  ActionResult,
  AddTaskParams,
  AskReply,
  DailyCost,
  LoginItem,
  TaskDetail,
} from "../../shared/bridge.js";
import type { Notification } from "../../shared/notification.js";
import type { PermissionDecision } from "../../shared/sessions.js";
import type { SharedMindView } from "../../shared/shared-mind.js";
import type { Status, WorkerSummary } from "../../shared/status.js";
import type { TaskEdit } from "../../shared/task-edit.js";

export type CrewChange =
  | { kind: "status" }
  | { kind: "worker-progress"; worker: WorkerSummary }
  | { kind: "notification"; notification: Notification }
  | { kind: "heartbeat" };

export interface BridgeService extends Pick<EventEmitter<{ change: [CrewChange] }>, "on" | "off"> {
  readonly root: string;
  status(): Promise<Status>;
  addTask(input: AddTaskParams): Promise<ActionResult & { id?: string }>;
  approve(id: string): Promise<ActionResult>;
  reject(id: string, reason?: string): Promise<ActionResult>;
  queue(id: string): Promise<ActionResult>;
  retry(id: string): Promise<ActionResult & { id?: string }>;
  runNow(id: string): Promise<ActionResult>;
  editTask(id: string, edit: TaskEdit): Promise<ActionResult>;
  cancel(id: string, reason?: string): Promise<ActionResult>;
  dismiss(key: string): Promise<ActionResult>;
  raiseBudget(tier: number): Promise<ActionResult>;
  runHeld(tier: number): Promise<ActionResult>;
  releaseLock(file: string): Promise<ActionResult>;
  notifications(limit?: number): Promise<Notification[]>;
  sharedMind(): Promise<{ text: string; view: SharedMindView }>;
  readConfig(): Promise<{ text: string; problems: string[] }>;
  writeConfig(text: string): Promise<ActionResult>;
  dailyCosts(days: number): Promise<DailyCost[]>;
  taskDetail(id: string): Promise<TaskDetail | undefined>;
  answerPermission(id: string, decision: PermissionDecision): Promise<DetailedResult>;
  focusSession(id: string): Promise<DetailedResult>;
  /** A message to the always-on agent from the window's Ask the crew box. */
  ask(text: string): Promise<AskReply>;
}

type DetailedResult = { ok: true; detail?: string } | { ok: false; reason: string };

/**
 * What the bridge needs from the host itself rather than the crew: the operator's own settings
 * for that host (the tray app starts at login; the headless host says it cannot).
 */
export interface HostSettings {
  loginItem(): Promise<LoginItem>;
  setLoginItem(openAtLogin: boolean): Promise<ActionResult>;
}
