/**
 * Ask the crew: a message to the always-on agent, from the window or the tray popover. It
 * answers from the crew's state (citing the files) or queues the work as a task; when that
 * task finishes, its report (the output's first lines and path) shows under the answer.
 */
import { type FormEvent, useState } from "react";
import { ASK_MAX_CHARS, type AskReply } from "../../shared/bridge.js";
import type { Notification } from "../../shared/notification.js";
import { usd } from "../format.js";
import { useCrew } from "../store/store-context.js";
import { ApprovalActions } from "./TaskActions.js";
import "./ask-box.css";

interface Exchange {
  id: number;
  question: string;
  reply?: AskReply;
  problem?: string;
}

/** The newest this many exchanges stay on screen; the feed keeps every report. */
const KEPT = 4;

function reportOf(
  notifications: readonly Notification[],
  taskId: string | undefined,
): Notification | undefined {
  if (!taskId) return undefined;
  return notifications.find(
    (notification) =>
      notification.taskId === taskId &&
      (notification.kind === "task-done" || notification.kind === "task-failed"),
  );
}

function ExchangeView({ exchange }: { exchange: Exchange }) {
  const notifications = useCrew((state) => state.notifications);
  const { reply } = exchange;
  const report = reportOf(notifications, reply?.taskId);
  const awaiting = useCrew((state) =>
    state.status?.awaitingApproval.some((task) => reply?.taskId !== undefined && task.id === reply.taskId),
  );
  return (
    <li className="ask-exchange">
      <p className="ask-question">{exchange.question}</p>
      {exchange.problem ? <p className="fail-text">{exchange.problem}</p> : null}
      {reply ? (
        <div className={`ask-reply ask-${reply.kind}`}>
          <p>{reply.text}</p>
          {reply.sources.length ? (
            <p className="muted ask-sources">
              {reply.kind === "delegated" ? "Task file" : "Sources"}:{" "}
              {reply.sources.map((source) => (
                <code key={source}>{source}</code>
              ))}
            </p>
          ) : null}
          {reply.tier === undefined ? null : (
            <p className="muted">
              Triaged on tier {reply.tier} · {usd(reply.costUsd ?? 0)}
            </p>
          )}
          {awaiting && reply.taskId ? <ApprovalActions id={reply.taskId} title={exchange.question} /> : null}
          {report ? (
            <div className={report.kind === "task-done" ? "ask-report ok" : "ask-report bad"} role="status">
              <strong>{report.title}</strong>
              <span>{report.body}</span>
            </div>
          ) : null}
        </div>
      ) : exchange.problem ? null : (
        <p className="muted">Thinking…</p>
      )}
    </li>
  );
}

export function AskBox() {
  const bridge = useCrew((state) => state.bridge);
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [exchanges, setExchanges] = useState<Exchange[]>([]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const question = text.trim();
    if (!question || busy) return;
    const id = Date.now();
    setBusy(true);
    setText("");
    setExchanges((kept) => [{ id, question }, ...kept].slice(0, KEPT));
    const settle = (patch: Partial<Exchange>) =>
      setExchanges((kept) =>
        kept.map((exchange) => (exchange.id === id ? { ...exchange, ...patch } : exchange)),
      );
    try {
      settle({ reply: await bridge.request("ask", { text: question }) });
    } catch (error) {
      settle({ problem: (error as Error).message });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="ask-box panel" aria-labelledby="ask-the-crew">
      <h2 id="ask-the-crew">Ask the crew</h2>
      <form onSubmit={submit}>
        <input
          aria-label="Message to the crew"
          value={text}
          maxLength={ASK_MAX_CHARS}
          onChange={(event) => setText(event.target.value)}
          placeholder="What is agent-b doing? · Summarize the notes into outputs/notes.md"
        />
        <button type="submit" className="primary" disabled={busy || !text.trim()}>
          {busy ? "Asking…" : "Ask"}
        </button>
      </form>
      {exchanges.length ? (
        <ul className="ask-exchanges" aria-label="Answers">
          {exchanges.map((exchange) => (
            <ExchangeView key={exchange.id} exchange={exchange} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}
