/** The first screen: what needs the operator, then the crew's pulse, then today's spend. */
import { useMemo } from "react";
import { alertsOf } from "../../../shared/alerts.js";
import type { Status } from "../../../shared/status.js";
import { AlertList } from "../../components/AlertList.js";
import { AskBox } from "../../components/AskBox.js";
import { Meter } from "../../components/Meter.js";
import { useNow } from "../../components/use-now.js";
import { relativeTime, TIER_NAMES, TIERS } from "../../format.js";
import { useCrew } from "../../store/store-context.js";
import "./overview.css";

function counts(status: Status) {
  const queued = Object.values(status.pending).reduce((sum, tasks) => sum + tasks.length, 0);
  return [
    { label: "Queued", value: queued, href: "#/tasks" },
    { label: "Awaiting approval", value: status.awaitingApproval.length, href: "#/tasks" },
    { label: "Running", value: status.workers.length, href: "#/tasks" },
    { label: "Completed", value: status.archivedCounts.completed, href: "#/tasks" },
    { label: "Failed", value: status.archivedCounts.failed, href: "#/tasks" },
    { label: "Locks", value: status.locks.length, href: "#/locks" },
  ];
}

export function OverviewView() {
  const status = useCrew((state) => state.status);
  const now = useNow(5000);
  const alerts = useMemo(() => (status ? alertsOf(status) : []), [status]);
  if (!status) return <p className="empty">Waiting for the crew's first snapshot…</p>;
  return (
    <div className="overview">
      <AskBox />
      <section aria-labelledby="needs-you" className="panel needs-you">
        <h2 id="needs-you">Needs you</h2>
        <AlertList alerts={alerts} empty="Nothing needs you. The crew is working on its own." />
      </section>
      <section aria-labelledby="pulse" className="panel">
        <h2 id="pulse">Crew</h2>
        <ul className="stats">
          {counts(status).map((count) => (
            <li key={count.label}>
              <a href={count.href} aria-label={`${count.label}: ${count.value}`}>
                <span className="stat-value numeric">{count.value}</span>
                <span className="stat-label">{count.label}</span>
              </a>
            </li>
          ))}
        </ul>
        <dl className="facts">
          <div>
            <dt>Last heartbeat</dt>
            <dd>{relativeTime(status.heartbeat.last, now)}</dd>
          </div>
          <div>
            <dt>Next heartbeat</dt>
            <dd>{status.heartbeat.next ? relativeTime(status.heartbeat.next, now) : "not scheduled"}</dd>
          </div>
          {(status.schedules ?? []).slice(0, 3).map((schedule) => (
            <div key={schedule.name}>
              <dt>Schedule {schedule.name}</dt>
              <dd>
                {schedule.next ? relativeTime(schedule.next, now) : "—"}{" "}
                <span className="muted">({schedule.cron})</span>
              </dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="spend" className="panel">
        <h2 id="spend">Spend today</h2>
        <div className="meters">
          {TIERS.map((tier) => {
            const cost = status.costs[String(tier) as "0"];
            if (!cost) return null;
            return (
              <Meter
                key={tier}
                label={`Tier ${tier} · ${TIER_NAMES[tier]}`}
                value={cost.today}
                max={cost.budget.daily}
              />
            );
          })}
        </div>
      </section>
    </div>
  );
}
