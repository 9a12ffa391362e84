/**
 * The notification feed, newest first; an approval or a permission request still open offers its
 * buttons here too, and a waiting session its pane.
 */
import { NOTIFICATION_KIND_WORDS, type Notification } from "../../../shared/notification.js";
import { FocusPaneAction, PermissionActions } from "../../components/SessionActions.js";
import { ApprovalActions } from "../../components/TaskActions.js";
import { useNow } from "../../components/use-now.js";
import { relativeTime } from "../../format.js";
import { useCrew } from "../../store/store-context.js";
import "./notifications.css";

const asksForApproval = (notification: Notification) =>
  notification.kind === "approval" || (notification.actions?.includes("approve") ?? false);

export function NotificationsView() {
  const notifications = useCrew((state) => state.notifications);
  const awaiting = useCrew((state) => state.status?.awaitingApproval);
  const now = useNow(10_000);
  const requests = useCrew((state) => state.status?.permissionRequests);
  const open = new Set((awaiting ?? []).map((task) => task.id));
  const asking = new Set((requests ?? []).map((request) => request.id));
  return (
    <section className="panel" aria-labelledby="feed-title">
      <h2 id="feed-title">
        Notifications <span className="count numeric">{notifications.length}</span>
      </h2>
      {notifications.length === 0 ? <p className="empty">No notifications yet.</p> : null}
      <ol className="feed">
        {notifications.map((notification) => (
          <li
            key={notification.id}
            className={`feed-item kind-${notification.kind} feed-${notification.priority}`}
          >
            <span className="badge">{NOTIFICATION_KIND_WORDS[notification.kind]}</span>
            <div className="feed-text">
              <strong>
                {notification.title}
                {(notification.count ?? 1) > 1 ? (
                  <span className="count numeric"> ×{notification.count}</span>
                ) : null}
              </strong>
              <span>{notification.body}</span>
              {notification.where ? <span className="mono muted">{notification.where}</span> : null}
            </div>
            <time className="muted" dateTime={notification.lastAt ?? notification.at}>
              {relativeTime(notification.lastAt ?? notification.at, now)}
            </time>
            {asksForApproval(notification) && notification.taskId && open.has(notification.taskId) ? (
              <ApprovalActions id={notification.taskId} title={notification.title} />
            ) : null}
            {notification.permissionId && asking.has(notification.permissionId) ? (
              <div className="actions">
                <PermissionActions
                  id={notification.permissionId}
                  title={notification.title}
                  inPane={notification.sessionId !== undefined}
                />
                {notification.sessionId ? (
                  <FocusPaneAction id={notification.sessionId} label={notification.title} />
                ) : null}
              </div>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
