/**
 * Alerts needing the operator, each with the action that resolves it (and only where it can:
 * Retry for a task a worker failed, the budget's own choices for a budget), and a Dismiss that
 * lasts across restarts for what they have seen and want out of the way.
 */
import type { Alert } from "../../shared/alerts.js";
import { useCrew } from "../store/store-context.js";
import { FocusPaneAction, PermissionActions } from "./SessionActions.js";
import { ApprovalActions, ReleaseLockAction, RetryAction, useAction } from "./TaskActions.js";
import "./alerts.css";

function BudgetActions({ alert }: { alert: Extract<Alert, { kind: "budget" }> }) {
  const act = useCrew((state) => state.act);
  const { disabled, run } = useAction();
  return (
    <>
      {alert.period === "daily" ? (
        <button
          type="button"
          disabled={disabled}
          aria-label={`Raise tier ${alert.tier}'s budget for today`}
          title="One more day's budget, for today only"
          onClick={() =>
            run(() => act("raiseBudget", { tier: alert.tier }, `Raised tier ${alert.tier}'s budget`))
          }
        >
          Raise today's budget
        </button>
      ) : null}
      {alert.held > 0 ? (
        <button
          type="button"
          disabled={disabled}
          aria-label={`Run the ${alert.held} held tasks on tier ${alert.tier} anyway`}
          onClick={() =>
            run(() => act("runHeld", { tier: alert.tier }, `Running tier ${alert.tier}'s held tasks`))
          }
        >
          Run {alert.held} held anyway
        </button>
      ) : null}
    </>
  );
}

function AlertAction({ alert }: { alert: Alert }) {
  if (alert.kind === "approval") return <ApprovalActions id={alert.taskId} title={alert.title} />;
  if (alert.kind === "failed") return <RetryAction id={alert.taskId} title={alert.title} />;
  if (alert.kind === "stale-lock") return <ReleaseLockAction file={alert.lockFile} resource={alert.title} />;
  if (alert.kind === "budget") return <BudgetActions alert={alert} />;
  if (alert.kind === "permission")
    return (
      <PermissionActions id={alert.permissionId} title={alert.title} inPane={alert.sessionId !== undefined} />
    );
  if (alert.kind === "session" && alert.sessionId)
    return <FocusPaneAction id={alert.sessionId} label={alert.title} />;
  return null;
}

function DismissAction({ alert }: { alert: Alert }) {
  const act = useCrew((state) => state.act);
  const { disabled, run } = useAction();
  return (
    <button
      type="button"
      className="dismiss"
      disabled={disabled}
      aria-label={`Dismiss: ${alert.title}`}
      title="Dismiss (it stays dismissed)"
      onClick={() => run(() => act("dismiss", { key: alert.key }, "Dismissed"))}
    >
      ✕
    </button>
  );
}

export function AlertList({ alerts, empty }: { alerts: Alert[]; empty: string }) {
  if (alerts.length === 0) return <p className="empty">{empty}</p>;
  return (
    <ul className="alerts">
      {alerts.map((alert) => (
        <li key={alert.key} className={`alert alert-${alert.level}`}>
          <div className="alert-text">
            <strong>{alert.title}</strong>
            {alert.detail ? <span className="muted">{alert.detail}</span> : null}
          </div>
          <div className="alert-actions">
            <AlertAction alert={alert} />
            <DismissAction alert={alert} />
          </div>
        </li>
      ))}
    </ul>
  );
}
