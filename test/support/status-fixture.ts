/** Status snapshots with sensible defaults, for tests of anything that reads one. */
import type { PermissionRequest, SessionSummary } from "../../shared/sessions.js";
import type { Status, TaskSummary, WorkerSummary } from "../../shared/status.js";
import { emptyProgress } from "../../shared/worker-stream.js";

export const NOW = "2026-04-09T21:30:00.000Z";

export function makeStatus(overrides: Partial<Status> = {}): Status {
  const cost = { today: 0, month: 0, running: 0, budget: { daily: null, monthly: null } };
  return {
    root: "/home/op/crew",
    generatedAt: NOW,
    agents: [
      { name: "agent-a", tier: 2, concurrency: 1 },
      { name: "agent-b", tier: 2, concurrency: 1 },
    ],
    pending: { "agent-a": [], "agent-b": [] },
    awaitingApproval: [],
    inProgress: [],
    completed: [],
    failed: [],
    archivedCounts: {
      completed: overrides.completed?.length ?? 0,
      failed: overrides.failed?.length ?? 0,
    },
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
    sessions: [],
    permissionRequests: [],
    conflicts: [],
    dismissed: [],
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

export function makeSession(id: string, overrides: Partial<SessionSummary> = {}): SessionSummary {
  return {
    id,
    cwd: "/home/op/crew",
    state: "working",
    startedAt: "2026-04-09T21:10:00.000Z",
    lastEvent: { name: "PreToolUse", at: "2026-04-09T21:29:00.000Z", tool: "Edit" },
    filesWritten: [],
    costUsd: 0,
    ...overrides,
  };
}

export function makePermissionRequest(
  id: string,
  overrides: Partial<PermissionRequest> = {},
): PermissionRequest {
  return {
    id,
    at: "2026-04-09T21:29:30.000Z",
    expiresAt: "2026-04-09T21:34:30.000Z",
    source: "worker",
    taskId: "release",
    agent: "agent-b",
    tool: "Bash",
    input: { command: "git push origin main", description: "Push the release" },
    ...overrides,
  };
}
