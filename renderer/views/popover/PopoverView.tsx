/** The tray popover: the same store, compact. A status line, Ask the crew, the approvals, the top alerts. */
import { useMemo } from "react";
import { alertsOf, statusLine } from "../../../shared/alerts.js";
import { AlertList } from "../../components/AlertList.js";
import { AskBox } from "../../components/AskBox.js";
import { useCrew } from "../../store/store-context.js";

const TOP_ALERTS = 5;

export function PopoverView() {
  const status = useCrew((state) => state.status);
  const connection = useCrew((state) => state.connection);
  const alerts = useMemo(() => (status ? alertsOf(status) : []), [status]);
  if (!status) return <p className="empty">Connecting to the crew…</p>;
  const approvals = alerts.filter((alert) => alert.level === "action");
  const others = alerts.filter((alert) => alert.level !== "action").slice(0, TOP_ALERTS);
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
