/** Alerts needing the operator, each with the action that resolves it. */
import type { Alert } from "../../shared/alerts.js";
import { FocusPaneAction, PermissionActions } from "./SessionActions.js";
import { ApprovalActions, ReleaseLockAction, RetryAction } from "./TaskActions.js";
import "./alerts.css";

function AlertAction({ alert }: { alert: Alert }) {
  if (alert.key.startsWith("approval:") && alert.taskId)
    return <ApprovalActions id={alert.taskId} title={alert.title} />;
  if (alert.key.startsWith("failed:") && alert.taskId)
    return <RetryAction id={alert.taskId} title={alert.title} />;
  if (alert.lockFile) return <ReleaseLockAction file={alert.lockFile} resource={alert.title} />;
  if (alert.permissionId)
    return (
      <PermissionActions id={alert.permissionId} title={alert.title} inPane={alert.sessionId !== undefined} />
    );
  if (alert.sessionId) return <FocusPaneAction id={alert.sessionId} label={alert.title} />;
  return null;
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
          <AlertAction alert={alert} />
        </li>
      ))}
    </ul>
  );
}
