/** Status snapshots with sensible defaults, for tests of anything that reads one. */
import type { Status, TaskSummary, WorkerSummary } from "../../shared/status.js";
import { emptyProgress } from "../../shared/worker-stream.js";

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
    alwaysOn: {
      triage: { calls: 0, tokens: 0, usd: 0 },
      heartbeat: { calls: 0, tokens: 0, usd: 0, tokenCap: 20_000 },
    },
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
