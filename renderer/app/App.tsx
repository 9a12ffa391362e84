/**
 * The window's frame: navigation, the connection state, the current view and the outcome of
 * the last action. Keys 1–9 switch views when no field has focus.
 */
import { Suspense, useEffect, useMemo } from "react";
import { statusLine } from "../../shared/alerts.js";
import { useCrew } from "../store/store-context.js";
import { PopoverView } from "../views/popover/PopoverView.js";
import { POPOVER_PATH, ROUTES } from "./routes.js";
import { useHashPath } from "./use-hash-path.js";
import "./frame.css";

const CONNECTION_WORDS = { connecting: "connecting…", live: "live", lost: "disconnected" } as const;

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

export function App() {
  const path = useHashPath();
  const status = useCrew((state) => state.status);
  const connection = useCrew((state) => state.connection);
  const outcome = useCrew((state) => state.lastOutcome);
  const approvals = status?.awaitingApproval.length ?? 0;
  const line = useMemo(() => (status ? statusLine(status) : ""), [status]);
  useViewKeys();
  if (path === POPOVER_PATH)
    return (
      <main className="popover-frame" aria-label="Switchyard">
        <PopoverView />
      </main>
    );
  const route = ROUTES.find((candidate) => candidate.path === path) ?? ROUTES[0];
  if (!route) return null;
  const { View } = route;
  return (
    <div className="app">
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
        {connection === "lost" ? (
          <p className="banner" role="alert">
            The crew refused this window's event stream (the token may have changed): open the address the
            daemon printed.
          </p>
        ) : null}
        <Suspense fallback={<p className="empty">Loading…</p>}>
          <View />
        </Suspense>
      </main>
      <footer className="outcome" role="status" aria-live="polite">
        {outcome ? <span className={outcome.ok ? "ok-text" : "fail-text"}>{outcome.message}</span> : null}
      </footer>
    </div>
  );
}
