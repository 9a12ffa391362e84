/**
 * Which ready task runs next: urgent > high > normal > low, then oldest first, within each
 * agent's concurrency (0 pauses an agent) and the global worker limit. Pure.
 */
import type { Priority } from "../../shared/task-file.js";

export interface QueuedTask {
  path: string;
  agent: string;
  priority: Priority;
  mtimeMs: number;
}

const RANK: Record<Priority, number> = { urgent: 3, high: 2, normal: 1, low: 0 };

export function byPriorityThenAge(a: QueuedTask, b: QueuedTask): number {
  return RANK[b.priority] - RANK[a.priority] || a.mtimeMs - b.mtimeMs || a.path.localeCompare(b.path);
}

/** Tasks that may start now, in order, given what runs per agent. */
export function runnableTasks<T extends QueuedTask>(
  queued: readonly T[],
  runningPerAgent: ReadonlyMap<string, number>,
  agentLimit: (agent: string) => number,
  freeSlots: number,
): T[] {
  const started = new Map(runningPerAgent);
  const picked: T[] = [];
  for (const task of [...queued].sort(byPriorityThenAge)) {
    if (picked.length >= freeSlots) break;
    const running = started.get(task.agent) ?? 0;
    if (running >= agentLimit(task.agent)) continue;
    started.set(task.agent, running + 1);
    picked.push(task);
  }
  return picked;
}
