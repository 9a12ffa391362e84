/**
 * The tasks waiting in the inboxes, kept in order as they arrive: urgent > high > normal >
 * low, then oldest first, per agent. Picking the next task looks at one head per agent, and a
 * task held back (approval, budget, a busy lock) leaves the order until it is let go, so what
 * one dispatch costs does not grow with the queue.
 */
import { type ApprovalInfo, compareText, type TaskSummary } from "../../shared/status.js";
import type { Priority, TaskFields } from "../../shared/task-file.js";
import type { HoldCause } from "../approvals/approval-gate.js";
import type { Route } from "../routing/router.js";

export interface QueuedTask {
  path: string;
  agent: string;
  priority: Priority;
  mtimeMs: number;
  /** Why it may not run now (shown in the status); unset while it is ready. */
  waitingFor?: string | undefined;
  /** The operator said "run now": once ready it goes first, past the concurrency limits. */
  runNow?: boolean;
}

/** A valid task waiting in its inbox, as the engine keeps it. */
export interface PendingTask extends QueuedTask {
  /** The task's id while it waits in its inbox: its file name without extension. */
  id: string;
  /** Root-relative path and SHA-256 of the bytes judged: what an approval is bound to. */
  file: string;
  sha256: string;
  size: number;
  fields: TaskFields;
  /** Routed once (the classifier may be slow); kept while the task waits. */
  route?: Route;
  /** The approval gate's last word on it; "ask" puts it among those awaiting approval. */
  verdict?: { action: "run" | "hold" | "ask"; reason?: string; estimatedCostUsd?: number; cause?: HoldCause };
  /** The operator's decision from approvals.json, if any (cleared once it is claimed). */
  decision?: ApprovalInfo | undefined;
  /** The status's view of it, kept until something it shows changes. */
  view?: { key: string; decision: ApprovalInfo | undefined; summary: TaskSummary };
}

const RANK: Record<Priority, number> = { urgent: 3, high: 2, normal: 1, low: 0 };

export function byPriorityThenAge(a: QueuedTask, b: QueuedTask): number {
  return RANK[b.priority] - RANK[a.priority] || a.mtimeMs - b.mtimeMs || compareText(a.path, b.path);
}

/** Where `task` goes in `sorted` (or is, when present). */
function indexFor<T extends QueuedTask>(sorted: readonly T[], task: T): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (byPriorityThenAge(sorted[middle] as T, task) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

export class TaskQueue<T extends QueuedTask> {
  private readonly byPath = new Map<string, T>();
  /** Ready tasks per agent, best first. */
  private readonly ready = new Map<string, T[]>();
  private readonly held = new Set<T>();
  /** Ready tasks the operator said to run now. */
  private readonly forced = new Set<T>();
  /** Not gated yet: neither ready nor held, so no dispatch can start one before the gate saw it. */
  private readonly ungated = new Set<T>();

  get size(): number {
    return this.byPath.size;
  }

  get readyCount(): number {
    return this.byPath.size - this.held.size;
  }

  get(path: string): T | undefined {
    return this.byPath.get(path);
  }

  values(): IterableIterator<T> {
    return this.byPath.values();
  }

  heldTasks(): IterableIterator<T> {
    return this.held.values();
  }

  /** Adds a task (replacing one at the same path); it waits for the gate (`setWaiting`). */
  add(task: T): void {
    this.remove(task.path);
    this.byPath.set(task.path, task);
    task.waitingFor = undefined;
    this.ungated.add(task);
  }

  remove(path: string): T | undefined {
    const task = this.byPath.get(path);
    if (!task) return undefined;
    this.byPath.delete(path);
    this.forced.delete(task);
    if (!this.held.delete(task) && !this.ungated.delete(task)) this.removeReady(task);
    return task;
  }

  /** Tasks the gate has not seen yet. */
  takeFresh(): T[] {
    return [...this.ungated];
  }

  /** The gate's word: held back with the reason, or ready (`undefined`). */
  setWaiting(task: T, reason: string | undefined): void {
    if (this.byPath.get(task.path) !== task) return;
    if (reason === undefined && task.runNow) this.forced.add(task);
    else this.forced.delete(task);
    if (this.ungated.delete(task)) {
      task.waitingFor = reason;
      if (reason === undefined) this.insertReady(task);
      else this.held.add(task);
      return;
    }
    if (task.waitingFor === reason) return;
    const wasHeld = task.waitingFor !== undefined;
    task.waitingFor = reason;
    if (reason !== undefined && !wasHeld) {
      this.removeReady(task);
      this.held.add(task);
    } else if (reason === undefined && wasHeld) {
      this.held.delete(task);
      this.insertReady(task);
    }
  }

  /**
   * A ready task the operator said to run now, else (when a slot is free) the best ready task
   * of an agent with a free slot, if any (it stays queued).
   */
  next(
    runningPerAgent: ReadonlyMap<string, number>,
    agentLimit: (agent: string) => number,
    slotFree: boolean,
  ): T | undefined {
    const [forced] = this.forced;
    if (forced) return forced;
    if (!slotFree) return undefined;
    let best: T | undefined;
    for (const [agent, tasks] of this.ready) {
      const head = tasks[0];
      if (!head || (runningPerAgent.get(agent) ?? 0) >= agentLimit(agent)) continue;
      if (!best || byPriorityThenAge(head, best) < 0) best = head;
    }
    return best;
  }

  private insertReady(task: T): void {
    let tasks = this.ready.get(task.agent);
    if (!tasks) {
      tasks = [];
      this.ready.set(task.agent, tasks);
    }
    tasks.splice(indexFor(tasks, task), 0, task);
  }

  private removeReady(task: T): void {
    const tasks = this.ready.get(task.agent);
    if (!tasks) return;
    const index = indexFor(tasks, task);
    if (tasks[index] === task) tasks.splice(index, 1);
    if (tasks.length === 0) this.ready.delete(task.agent);
  }
}
