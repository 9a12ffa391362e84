/** The window's views by address (`#/tasks`), in the order of the navigation and its 1–9 keys. */
import { type ComponentType, lazy } from "react";
import { CostsView } from "../views/costs/CostsView.js";
import { LocksView } from "../views/locks/LocksView.js";
import { NotificationsView } from "../views/notifications/NotificationsView.js";
import { OverviewView } from "../views/overview/OverviewView.js";
import { SessionsView } from "../views/sessions/SessionsView.js";
import { SettingsView } from "../views/settings/SettingsView.js";
import { TasksView } from "../views/tasks/TasksView.js";
import { TimelineView } from "../views/timeline/TimelineView.js";

export interface Route {
  path: string;
  label: string;
  View: ComponentType;
}

/** The markdown renderer is the largest dependency and only this view needs it: load it on first visit. */
const SharedStateView = lazy(() =>
  import("../views/shared-state/SharedStateView.js").then((module) => ({ default: module.SharedStateView })),
);

export const ROUTES: Route[] = [
  { path: "overview", label: "Overview", View: OverviewView },
  { path: "tasks", label: "Tasks", View: TasksView },
  { path: "timeline", label: "Timeline", View: TimelineView },
  { path: "shared", label: "Shared state", View: SharedStateView },
  { path: "locks", label: "Locks", View: LocksView },
  { path: "notifications", label: "Notifications", View: NotificationsView },
  { path: "costs", label: "Costs", View: CostsView },
  { path: "settings", label: "Settings", View: SettingsView },
  { path: "sessions", label: "Sessions", View: SessionsView },
];

export { POPOVER_PATH, pathOfHash } from "../../shared/window-address.js";
