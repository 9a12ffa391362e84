/**
 * Every Claude Code session the crew's hooks report (panes and workers), what waits for the
 * operator (tool calls held for a permission, with the exact input), and the conflicts where
 * two of them wrote one file, with the lock that would have kept them apart.
 */
import {
  type Conflict,
  describeToolInput,
  type PermissionRequest,
  type SessionSummary,
  sessionLabel,
  waitingWords,
} from "../../../shared/sessions.js";
import { FocusPaneAction, PermissionActions } from "../../components/SessionActions.js";
import { useNow } from "../../components/use-now.js";
import { relativeTime, usd } from "../../format.js";
import { useCrew } from "../../store/store-context.js";
import "./sessions.css";

const FILES_SHOWN = 3;

function where(request: PermissionRequest): string {
  if (request.taskId) return `worker for task ${request.taskId}`;
  if (request.pane) return `pane ${request.pane.target ?? request.pane.index ?? request.pane.id}`;
  return request.sessionId ? `session ${request.sessionId.slice(0, 8)}` : "";
}

function Ask({ request, now }: { request: PermissionRequest; now: number }) {
  const who = request.agent ?? (request.taskId ? "a worker" : "a session");
  const title = `${who} asks to run ${request.tool}`;
  const input = describeToolInput(request.tool, request.input, 2_000);
  const deadline = Date.parse(request.expiresAt) <= now ? "now" : relativeTime(request.expiresAt, now);
  return (
    <li className="ask">
      <div className="ask-head">
        <strong>{title}</strong>
        <span className="muted">
          {where(request)} · asked {relativeTime(request.at, now)} ·{" "}
          {request.source === "worker"
            ? `denied ${deadline} unless answered`
            : `back to its pane ${deadline}`}
        </span>
      </div>
      <pre className="ask-input">{input}</pre>
      <div className="ask-actions">
        <PermissionActions
          id={request.id}
          title={`${title}: ${input}`}
          inPane={request.source === "session"}
        />
        {request.sessionId && request.pane ? <FocusPaneAction id={request.sessionId} label={title} /> : null}
      </div>
    </li>
  );
}

function StateCell({ session }: { session: SessionSummary }) {
  if (session.state === "waiting" && session.waitingFor)
    return (
      <span className="session-state state-waiting" title={session.waitingFor.text ?? undefined}>
        {session.waitingFor.reason === "idle"
          ? "waiting for your input"
          : `waiting: ${waitingWords(session.waitingFor)}`}
      </span>
    );
  return <span className={`session-state state-${session.state}`}>{session.state}</span>;
}

function Files({ files }: { files: string[] }) {
  if (files.length === 0) return <span className="muted">—</span>;
  const shown = files.slice(-FILES_SHOWN).reverse();
  return (
    <span className="files" title={files.join("\n")}>
      {shown.map((file) => (
        <span key={file} className="mono">
          {file}
        </span>
      ))}
      {files.length > shown.length ? (
        <span className="muted">+{files.length - shown.length} more</span>
      ) : null}
    </span>
  );
}

function SessionRow({ session, now }: { session: SessionSummary; now: number }) {
  const label = sessionLabel(session);
  return (
    <tr className={`session-row row-${session.state}`}>
      <th scope="row">
        <span className="session-label">{label}</span>
        <span className="mono muted session-id" title={session.cwd}>
          {session.id.slice(0, 8)}
          {session.model ? ` · ${session.model}` : ""}
        </span>
      </th>
      <td data-label="State">
        <StateCell session={session} />
      </td>
      <td data-label="Last event">
        {session.lastEvent.name}
        {session.lastEvent.tool ? <span className="muted"> · {session.lastEvent.tool}</span> : null}
        <span className="muted session-when">{relativeTime(session.lastEvent.at, now)}</span>
      </td>
      <td data-label="Files written">
        <Files files={session.filesWritten} />
      </td>
      <td className="numeric" data-label="Cost">
        {usd(session.costUsd)}
      </td>
      <td data-label="Pane">
        {session.pane ? (
          <span className="pane">
            <span className="mono">{session.pane.target ?? session.pane.id}</span>
            {session.state !== "ended" ? <FocusPaneAction id={session.id} label={label} /> : null}
          </span>
        ) : (
          <span className="muted">{session.task ? "worker" : "no tmux"}</span>
        )}
      </td>
    </tr>
  );
}

function ConflictItem({ conflict, now }: { conflict: Conflict; now: number }) {
  return (
    <li className="conflict">
      <div>
        <strong className="mono">{conflict.path}</strong>{" "}
        <span className="muted">
          {conflict.writers.map((writer) => writer.label).join(" and ")} · {relativeTime(conflict.at, now)}
        </span>
      </div>
      <div className="conflict-fix">
        <span className="muted">Keep them apart with a lock:</span>
        <code>{conflict.fix.locksLine}</code>
        <span className="muted">in the tasks, or around a pane's command:</span>
        <code>{conflict.fix.lockRun}</code>
      </div>
    </li>
  );
}

export function SessionsView() {
  const status = useCrew((state) => state.status);
  const now = useNow(5_000);
  if (!status) return <p className="empty">Waiting for the crew's first snapshot…</p>;
  const { sessions, permissionRequests, conflicts } = status;
  const live = sessions.filter((session) => session.state !== "ended").length;
  return (
    <div className="sessions">
      <section className="panel" aria-labelledby="asks-title">
        <h2 id="asks-title">
          Waiting for your permission <span className="count numeric">{permissionRequests.length}</span>
        </h2>
        {permissionRequests.length === 0 ? (
          <p className="empty">No tool call waits for your permission.</p>
        ) : (
          <ul className="asks">
            {permissionRequests.map((request) => (
              <Ask key={request.id} request={request} now={now} />
            ))}
          </ul>
        )}
      </section>
      <section className="panel" aria-labelledby="sessions-title">
        <h2 id="sessions-title">
          Sessions <span className="count numeric">{live} live</span>
        </h2>
        {sessions.length === 0 ? (
          <p className="empty">
            No Claude Code session has reported to this crew yet. Run <code>switchyard hooks install</code> in
            the crew root (<code>switchyard panes up 2</code> does it for you), then start <code>claude</code>{" "}
            there.
          </p>
        ) : (
          <table className="table sessions-table stack-narrow">
            <thead>
              <tr>
                <th scope="col">Session</th>
                <th scope="col">State</th>
                <th scope="col">Last event</th>
                <th scope="col">Files written</th>
                <th scope="col">Cost</th>
                <th scope="col">Pane</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((session) => (
                <SessionRow key={session.id} session={session} now={now} />
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="panel" aria-labelledby="conflicts-title">
        <h2 id="conflicts-title">
          Conflicts <span className="count numeric">{conflicts.length}</span>
        </h2>
        {conflicts.length === 0 ? (
          <p className="empty">No two sessions or workers wrote one file without a lock in the last day.</p>
        ) : (
          <ul className="conflicts">
            {conflicts.map((conflict) => (
              <ConflictItem key={conflict.id} conflict={conflict} now={now} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
