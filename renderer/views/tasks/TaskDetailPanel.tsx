/** The selected task in full: its file, its footer, its output and the tail of its log. */
import { useMemo } from "react";
import type { ResultFooter } from "../../../shared/task-file.js";
import { ApprovalActions, RetryAction } from "../../components/TaskActions.js";
import { useLiveQuery } from "../../components/use-live-query.js";
import { usd } from "../../format.js";
import { useCrew } from "../../store/store-context.js";

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

function FooterTable({ footer }: { footer: ResultFooter }) {
  return (
    <dl className="footer-table">
      {FOOTER_FIELDS.flatMap(([field, label]) => {
        const value = footer[field];
        if (value === undefined || value === "") return [];
        return [
          <div key={field}>
            <dt>{label}</dt>
            <dd className={field === "reason" ? "fail-text" : undefined}>
              {field === "costUsd" ? usd(value as number) : String(value)}
            </dd>
          </div>,
        ];
      })}
    </dl>
  );
}

export function TaskDetailPanel({ id }: { id: string }) {
  const detail = useLiveQuery("taskDetail", { id });
  const status = useCrew((state) => state.status);
  const liveTail = useCrew((state) => state.logTails[id]);
  const close = useCrew((state) => state.selectTask);
  const stage = useMemo(() => {
    if (!status) return undefined;
    if (status.awaitingApproval.some((task) => task.id === id)) return "approval";
    if (status.failed.some((task) => task.id === id)) return "failed";
    return undefined;
  }, [status, id]);
  return (
    <aside className="detail panel" aria-label={`Task ${id}`}>
      <header className="detail-head">
        <h2>{id}</h2>
        <button type="button" aria-label="Close task details" onClick={() => close(undefined)}>
          Close
        </button>
      </header>
      {stage === "approval" ? <ApprovalActions id={id} title={id} /> : null}
      {stage === "failed" ? <RetryAction id={id} title={id} /> : null}
      {detail.state === "loading" ? <p className="empty">Loading…</p> : null}
      {detail.state === "error" ? <p className="fail-text">{detail.reason}</p> : null}
      {detail.state === "ready" && detail.data === null ? (
        <p className="empty">This task is no longer in the crew root.</p>
      ) : null}
      {detail.state === "ready" && detail.data ? (
        <>
          {detail.data.footer ? <FooterTable footer={detail.data.footer} /> : null}
          {detail.data.outputPreview ? (
            <section aria-label="Output preview">
              <h3>Output</h3>
              <pre className="output">{detail.data.outputPreview}</pre>
            </section>
          ) : null}
          {(liveTail?.length ?? 0) > 0 || detail.data.logTail ? (
            <section aria-label="Log tail">
              <h3>Log</h3>
              <pre className="output log">{liveTail?.length ? liveTail.join("\n") : detail.data.logTail}</pre>
            </section>
          ) : null}
          <section aria-label="Task file">
            <h3>Task file</h3>
            <pre className="output">{detail.data.text}</pre>
          </section>
        </>
      ) : null}
    </aside>
  );
}
