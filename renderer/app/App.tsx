/**
 * The window's frame: navigation, the connection state (a host that stopped answering is said
 * loudly, and actions wait for it), the current view and the outcome of the last action. Keys
 * 1–9 switch views when no field has focus; the tab's title and icon show what needs the operator.
 */
import { Suspense, useEffect, useMemo } from "react";
import { alertsOf, statusLine } from "../../shared/alerts.js";
import type { Connection } from "../../shared/bridge.js";
import { clockTime } from "../format.js";
import { useCrew } from "../store/store-context.js";
import { PopoverView } from "../views/popover/PopoverView.js";
import { POPOVER_PATH, ROUTES } from "./routes.js";
import { useHashPath } from "./use-hash-path.js";
import { useTabBadge } from "./use-tab-badge.js";
import "./frame.css";

const CONNECTION_WORDS: Record<Connection, string> = {
  connecting: "connecting…",
  live: "live",
  lost: "host not answering",
  refused: "token refused",
};

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
  );
}

function useViewKeys(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) return;
      const route = ROUTES[Number(event.key) - 1];
      if (route) window.location.hash = `#/${route.path}`;
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}

/** Says, where everyone sees it, that the host does not answer, since when, and that the page keeps trying. */
function ConnectionBanner() {
  const connection = useCrew((state) => state.connection);
  const lostAt = useCrew((state) => state.lostAt);
  if (connection === "refused")
    return (
      <div className="banner" role="alert">
        <strong>The host refused this window's token.</strong> Open the address the daemon printed (the line
        starting with <code>dashboard:</code>).
      </div>
    );
  if (connection !== "lost") return null;
  return (
    <div className="banner banner-down" role="alert">
      <strong>The Switchyard host is not answering</strong>
      {lostAt ? ` (since ${clockTime(lostAt)})` : ""}: it may have stopped. Start it again (
      <code>npm start</code> or <code>switchyard daemon</code>); this page keeps trying and comes back by
      itself. What it shows is as of then, and actions are off until it is back.
    </div>
  );
}

export function App() {
  const path = useHashPath();
  const status = useCrew((state) => state.status);
  const connection = useCrew((state) => state.connection);
  const outcome = useCrew((state) => state.lastOutcome);
  const approvals = status?.awaitingApproval.length ?? 0;
  const line = useMemo(() => (status ? statusLine(status) : ""), [status]);
  const needsYou = useMemo(() => (status ? alertsOf(status).length : 0), [status]);
  useViewKeys();
  useTabBadge(needsYou, connection);
  if (path === POPOVER_PATH)
    return (
      <main className={`popover-frame${connection === "live" ? "" : " is-down"}`} aria-label="Switchyard">
        <ConnectionBanner />
        <PopoverView />
      </main>
    );
  const route = ROUTES.find((candidate) => candidate.path === path) ?? ROUTES[0];
  if (!route) return null;
  const { View } = route;
  return (
    <div className={`app${connection === "lost" || connection === "refused" ? " is-down" : ""}`}>
      <header className="topbar">
        <span className="brand">Switchyard</span>
        <span className="root mono" title={status?.root}>
          {status?.root.split("/").filter(Boolean).at(-1) ?? ""}
        </span>
        <span className="topline">{line}</span>
        <span
          className={`pill pill-${connection}`}
          role="status"
          aria-label={`Event stream ${CONNECTION_WORDS[connection]}`}
        >
          {CONNECTION_WORDS[connection]}
        </span>
      </header>
      <nav className="sidebar" aria-label="Views">
        <ul>
          {ROUTES.map((candidate, index) => (
            <li key={candidate.path}>
              <a
                href={`#/${candidate.path}`}
                aria-current={candidate.path === route.path ? "page" : undefined}
                aria-keyshortcuts={String(index + 1)}
              >
                <span>{candidate.label}</span>
                {candidate.path === "tasks" && approvals > 0 ? (
                  <span className="nav-badge">
                    {approvals}
                    <span className="visually-hidden"> awaiting approval</span>
                  </span>
                ) : null}
                <kbd>{index + 1}</kbd>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main className="content" aria-label={route.label}>
        <ConnectionBanner />
        <Suspense fallback={<p className="empty">Loading…</p>}>
          <View />
        </Suspense>
      </main>
      {/* Always there (a live region must exist before it speaks), and no bar at all while it is empty. */}
      <footer className="outcome" role="status" aria-live="polite">
        {outcome ? <span className={outcome.ok ? "ok-text" : "fail-text"}>{outcome.message}</span> : null}
      </footer>
    </div>
  );
}
