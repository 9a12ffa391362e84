/** The tray popover: the same store, compact. A status line, Ask the crew, the approvals, the top alerts. */
import { useMemo, useSyncExternalStore } from "react";
import { popoverAlerts, statusLine } from "../../../shared/alerts.js";
import { approvalOfHash } from "../../../shared/window-address.js";
import { AlertList } from "../../components/AlertList.js";
import { AskBox } from "../../components/AskBox.js";
import { useCrew } from "../../store/store-context.js";

const onHashChange = (notify: () => void) => {
  window.addEventListener("hashchange", notify);
  return () => window.removeEventListener("hashchange", notify);
};

export function PopoverView() {
  const status = useCrew((state) => state.status);
  const connection = useCrew((state) => state.connection);
  // A click on an approval's desktop notification opens the popover with that approval first.
  const first = useSyncExternalStore(onHashChange, () => approvalOfHash(window.location.hash));
  const { approvals, others } = useMemo(
    () => (status ? popoverAlerts(status, first) : { approvals: [], others: [] }),
    [status, first],
  );
  if (!status) return <p className="empty">Connecting to the crew…</p>;
  return (
    <div className="popover">
      <header className="popover-head">
        <span className={`pill pill-${connection}`}>{connection}</span>
        <span role="status">{statusLine(status)}</span>
      </header>
      <AskBox />
      <section aria-labelledby="popover-approvals">
        <h2 id="popover-approvals">Approvals</h2>
        <AlertList alerts={approvals} empty="Nothing waits for your approval." />
      </section>
      <section aria-labelledby="popover-alerts">
        <h2 id="popover-alerts">Alerts</h2>
        <AlertList alerts={others} empty="No alerts." />
      </section>
      <a className="open-window" href="#/overview">
        Open the dashboard
      </a>
    </div>
  );
}
