/**
 * The crew's pulse, one row per agent: what it runs now (title, how long, cost so far), how many
 * tasks wait in its inbox, and whether it is paused or its work is held, and why.
 */
import type { Status, TaskSummary, WorkerSummary } from "../../../shared/status.js";
import { costWords, stopwatch, TIER_NAMES } from "../../format.js";

interface AgentRow {
  name: string;
  tier: number;
  paused: boolean;
  running: { worker: WorkerSummary; title: string }[];
  waiting: TaskSummary[];
  /** Why its waiting tasks wait, most common first (a budget, a lock, approval). */
  held: [reason: string, count: number][];
}

function agentRows(status: Status, workers: WorkerSummary[]): AgentRow[] {
  const titles = new Map(status.inProgress.map((task) => [task.id, task.task]));
  return status.agents.map((agent) => {
    const waiting = [
      ...(status.pending[agent.name] ?? []),
      ...status.awaitingApproval.filter((task) => task.agent === agent.name),
    ];
    const reasons = new Map<string, number>();
    for (const task of waiting) {
      const reason = task.approval?.state === "awaiting" ? "awaiting your approval" : task.waitingFor;
      if (reason) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    return {
      name: agent.name,
      tier: agent.tier,
      paused: agent.concurrency === 0,
      running: workers
        .filter((worker) => worker.agent === agent.name)
        .map((worker) => ({ worker, title: titles.get(worker.task) ?? worker.task })),
      waiting,
      held: [...reasons].sort((a, b) => b[1] - a[1]),
    };
  });
}

export function AgentPulse({
  status,
  workers,
  now,
}: {
  status: Status;
  workers: WorkerSummary[];
  now: number;
}) {
  const rows = agentRows(status, workers);
  if (rows.length === 0)
    return <p className="empty">No agents yet: an inbox folder coordination/for_&lt;name&gt;/ makes one.</p>;
  return (
    <ul className="pulse" aria-label="Agents">
      {rows.map((row) => (
        <li key={row.name} className="pulse-row" aria-label={`Agent ${row.name}`}>
          <div className="pulse-name">
            <strong>{row.name}</strong>
            <span className="muted">
              tier {row.tier} · {TIER_NAMES[row.tier]}
            </span>
          </div>
          <div className="pulse-now">
            {row.paused ? <span className="warn-text">paused (concurrency 0 in switchyard.json)</span> : null}
            {row.running.map(({ worker, title }) => (
              <a key={worker.task} className="pulse-run" href="#/tasks" title={title}>
                <span className="pulse-title">▶ {title}</span>
                <span className="numeric muted">
                  {stopwatch(now - Date.parse(worker.startedAt))} · {costWords(worker.cost)}
                  {worker.cost?.estimate ? " est." : ""}
                </span>
              </a>
            ))}
            {!row.paused && row.running.length === 0 ? <span className="muted">idle</span> : null}
          </div>
          <div className="pulse-queue">
            <span className="numeric">{row.waiting.length}</span> <span className="muted">waiting</span>
            {row.held
              // A paused agent's tasks wait for that; the row says so already.
              .filter(([reason]) => !(row.paused && reason.includes("paused")))
              .map(([reason, count]) => (
                <span key={reason} className="pulse-held warn-text" title={reason}>
                  {count === row.waiting.length ? reason : `${count}: ${reason}`}
                </span>
              ))}
          </div>
        </li>
      ))}
    </ul>
  );
}
