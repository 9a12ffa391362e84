/** One row of the Tasks list, by kind; the row's main button opens the task's details. */
import type { ReactNode } from "react";
import { ApprovalActions, RetryAction, RunNowAction } from "../../components/TaskActions.js";
import { duration, relativeTime, usd } from "../../format.js";
import { ProgressIndicator, WorkerFacts } from "./RunningWorker.js";
import type { TaskRow } from "./task-rows.js";

interface RowProps {
  row: Exclude<TaskRow, { kind: "section" }>;
  selected: boolean;
  now: number;
  logTail: string[] | undefined;
  onOpen: (id: string) => void;
}

function OpenButton({
  id,
  title,
  onOpen,
  children,
}: {
  id: string;
  title: string;
  onOpen: (id: string) => void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className="row-open"
      data-task-id={id}
      aria-label={`Open task ${id}: ${title}`}
      onClick={() => onOpen(id)}
    >
      {children}
    </button>
  );
}

const tierOf = (tier: number | undefined) =>
  tier === undefined ? null : <span className="badge">tier {tier}</span>;

export function TaskRowView({ row, selected, now, logTail, onOpen }: RowProps) {
  const className = `task-row task-${row.kind}${selected ? " selected" : ""}`;
  if (row.kind === "approval") {
    const { task } = row;
    return (
      <div className={className}>
        <OpenButton id={task.id} title={task.task} onOpen={onOpen}>
          <span className="row-title">{task.task}</span>
          <span className="row-meta">
            {tierOf(task.route?.tier ?? task.tier)}
            <span>{task.agent}</span>
            <span>{task.approval?.reason ?? task.route?.reason ?? "needs approval"}</span>
            {task.approval?.estimatedCostUsd === undefined ? null : (
              <span className="numeric">≈ {usd(task.approval.estimatedCostUsd)}</span>
            )}
          </span>
        </OpenButton>
        <ApprovalActions id={task.id} title={task.task} />
      </div>
    );
  }
  if (row.kind === "running") {
    const title = row.task?.task ?? row.id;
    return (
      <div className={className}>
        <OpenButton id={row.id} title={title} onOpen={onOpen}>
          <span className="row-title">{title}</span>
          {row.worker ? (
            <WorkerFacts worker={row.worker} now={now} />
          ) : (
            <span className="row-meta">claimed, starting…</span>
          )}
        </OpenButton>
        {row.worker ? <ProgressIndicator worker={row.worker} /> : null}
        {row.worker ? (
          <pre className="log-tail">
            {logTail?.length ? logTail.slice(-2).join("\n") : "waiting for output…"}
          </pre>
        ) : null}
      </div>
    );
  }
  if (row.kind === "queued") {
    const { task } = row;
    return (
      <div className={className}>
        <OpenButton id={task.id} title={task.task} onOpen={onOpen}>
          <span className="row-title">{task.task}</span>
          <span className="row-meta">
            <span className={`badge priority-${task.priority}`}>{task.priority}</span>
            {tierOf(task.route?.tier ?? task.tier)}
            {task.from ? <span>from {task.from}</span> : null}
            <span>{relativeTime(task.createdAt, now)}</span>
            {task.waitingFor ? (
              <span className="warn-text" title={task.waitingFor}>
                {task.waitingFor}
              </span>
            ) : null}
          </span>
        </OpenButton>
        <RunNowAction id={task.id} title={task.task} />
      </div>
    );
  }
  const { task, outcome } = row;
  const footer = task.footer;
  const title = task.task ?? task.id;
  const took =
    footer?.started && footer.finished ? Date.parse(footer.finished) - Date.parse(footer.started) : undefined;
  return (
    <div className={className}>
      <OpenButton id={task.id} title={title} onOpen={onOpen}>
        <span className="row-title">
          <span className={`dot dot-${outcome}`} aria-hidden="true" />
          {title}
        </span>
        <span className="row-meta">
          {footer?.agent ? <span>{footer.agent}</span> : null}
          {tierOf(footer?.tier)}
          {footer?.costUsd === undefined ? null : <span className="numeric">{usd(footer.costUsd)}</span>}
          {took === undefined ? null : <span className="numeric">{duration(took)}</span>}
          <span>{relativeTime(task.finishedAt, now)}</span>
          {outcome === "failed" ? <span className="fail-text">{footer?.reason ?? task.problem}</span> : null}
          {outcome === "done" && footer?.result ? <span className="muted">{footer.result}</span> : null}
        </span>
      </OpenButton>
      {/* Only where a retry can succeed: a file that never read as a task would fail the same way. */}
      {outcome === "failed" && !task.problem ? <RetryAction id={task.id} title={title} /> : null}
    </div>
  );
}
