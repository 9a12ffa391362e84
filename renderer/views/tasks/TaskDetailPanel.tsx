/**
 * The selected task in full: its title and where it is, what the operator can do with it now,
 * its footer with local times, its output, its newest attempt as readable turns, the worker's
 * stderr, and the file itself. When the task moves on under another id (a retried task whose
 * name was taken), the panel follows it.
 */
import { useEffect, useMemo } from "react";
import { parseTaskFile, type ResultFooter } from "../../../shared/task-file.js";
import { ApprovalActions, RetryAction } from "../../components/TaskActions.js";
import { useLiveQuery } from "../../components/use-live-query.js";
import { clockTime, usd } from "../../format.js";
import { useCrew } from "../../store/store-context.js";
import { TaskTurns } from "./TaskTurns.js";
import { WaitingTaskActions } from "./WaitingTaskActions.js";

const FOOTER_FIELDS: [keyof ResultFooter, string][] = [
  ["status", "Status"],
  ["agent", "Agent"],
  ["tier", "Tier"],
  ["model", "Model"],
  ["attempts", "Attempts"],
  ["started", "Started"],
  ["finished", "Finished"],
  ["costUsd", "Cost"],
  ["output", "Output"],
  ["result", "Result"],
  ["reason", "Reason"],
];

function footerValue(field: keyof ResultFooter, value: ResultFooter[keyof ResultFooter]): string {
  if (field === "costUsd") return usd(value as number);
  if (field === "started" || field === "finished") return clockTime(String(value));
  return String(value);
}

function FooterTable({ footer }: { footer: ResultFooter }) {
  return (
    <dl className="footer-table">
      {FOOTER_FIELDS.flatMap(([field, label]) => {
        const value = footer[field];
        if (value === undefined || value === "") return [];
        return [
          <div key={field}>
            <dt>{label}</dt>
            <dd className={field === "reason" ? "fail-text" : undefined}>{footerValue(field, value)}</dd>
          </div>,
        ];
      })}
    </dl>
  );
}

const WHERE_WORDS = {
  inbox: "waiting in its inbox",
  in_progress: "running",
  completed: "done",
  failed: "failed",
  moved: "moved",
} as const;

export function TaskDetailPanel({ id }: { id: string }) {
  const detail = useLiveQuery("taskDetail", { id });
  const status = useCrew((state) => state.status);
  const liveTail = useCrew((state) => state.logTails[id]);
  const select = useCrew((state) => state.selectTask);
  const data = detail.state === "ready" ? detail.data : undefined;
  const movedTo = data?.movedTo;
  useEffect(() => {
    if (movedTo) select(movedTo);
  }, [movedTo, select]);
  const stage = useMemo(() => {
    if (!status) return undefined;
    const approval = status.awaitingApproval.find((task) => task.id === id);
    if (approval) return { kind: "approval" as const, task: approval };
    const waiting = Object.values(status.pending)
      .flat()
      .find((task) => task.id === id);
    if (waiting) return { kind: "waiting" as const, task: waiting };
    const failed = status.failed.find((task) => task.id === id);
    if (failed) return { kind: "failed" as const, retryable: failed.problem === undefined };
    return undefined;
  }, [status, id]);
  const parsed = useMemo(() => (data?.text ? parseTaskFile(data.text) : undefined), [data?.text]);
  const fields = parsed?.ok ? parsed.value.fields : undefined;
  const title = data?.title ?? id;
  return (
    <aside className="detail panel" aria-label={`Task ${id}`}>
      <header className="detail-head">
        <div className="detail-title">
          <h2>{title}</h2>
          <span className="mono muted">
            {id}
            {data ? ` · ${WHERE_WORDS[data.where]}` : ""}
            {data?.attempt ? ` · attempt ${data.attempt}` : ""}
          </span>
        </div>
        <button type="button" aria-label="Close task details" onClick={() => select(undefined)}>
          Close
        </button>
      </header>
      {stage?.kind === "approval" ? <ApprovalActions id={id} title={title} /> : null}
      {stage?.kind === "approval" || stage?.kind === "waiting" ? (
        <WaitingTaskActions task={stage.task} fields={fields} />
      ) : null}
      {stage?.kind === "waiting" && stage.task.waitingFor ? (
        <p className="warn-text">Waits: {stage.task.waitingFor}</p>
      ) : null}
      {stage?.kind === "failed" && stage.retryable ? <RetryAction id={id} title={title} /> : null}
      {stage?.kind === "failed" && !stage.retryable ? (
        <p className="muted">This file never read as a task: fix it and drop it in an inbox again.</p>
      ) : null}
      {detail.state === "loading" ? <p className="empty">Loading…</p> : null}
      {detail.state === "error" ? <p className="fail-text">{detail.reason}</p> : null}
      {detail.state === "ready" && detail.data === null ? (
        <p className="empty">This task is no longer in the crew root.</p>
      ) : null}
      {data && data.where !== "moved" ? (
        <>
          {data.footer ? <FooterTable footer={data.footer} /> : null}
          {data.outputPreview ? (
            <section aria-label="Output preview">
              <h3>Output</h3>
              <pre className="output">{data.outputPreview}</pre>
            </section>
          ) : null}
          {liveTail?.length ? (
            <section aria-label="Live output">
              <h3>Now</h3>
              <pre className="output log">{liveTail.join("\n")}</pre>
            </section>
          ) : null}
          {data.turns?.length ? (
            <section aria-label="What the worker did">
              <h3>What the worker did{data.attempt ? ` (attempt ${data.attempt})` : ""}</h3>
              <TaskTurns turns={data.turns} />
            </section>
          ) : null}
          {data.stderrTail ? (
            <section aria-label="Worker's stderr">
              <h3>Stderr</h3>
              <pre className="output log">{data.stderrTail}</pre>
            </section>
          ) : null}
          <section aria-label="Task file">
            <h3>Task file</h3>
            <pre className="output">{data.text}</pre>
          </section>
        </>
      ) : null}
    </aside>
  );
}
