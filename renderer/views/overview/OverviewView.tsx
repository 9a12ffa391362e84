/** The first screen: what needs the operator, then each agent's pulse, then today's spend. */
import { useMemo } from "react";
import { alertsOf } from "../../../shared/alerts.js";
import type { Status } from "../../../shared/status.js";
import { AlertList } from "../../components/AlertList.js";
import { AskBox } from "../../components/AskBox.js";
import { Meter } from "../../components/Meter.js";
import { useNow } from "../../components/use-now.js";
import { relativeTime, TIER_NAMES, TIERS } from "../../format.js";
import { selectWorkers } from "../../store/crew-store.js";
import { useCrew } from "../../store/store-context.js";
import { AgentPulse } from "./AgentPulse.js";
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

const isEmptyCrew = (status: Status) =>
  status.completed.length +
    status.failed.length +
    status.inProgress.length +
    status.awaitingApproval.length ===
    0 && Object.values(status.pending).every((tasks) => tasks.length === 0);

/** A new crew's first screen says how work gets in. */
function FirstTask({ status }: { status: Status }) {
  const agent = status.agents[0]?.name ?? "agent-a";
  return (
    <div className="first-task">
      <p>
        No tasks yet. Add one with <a href="#/tasks">New task</a> on the Tasks view, drop a file into{" "}
        <code>coordination/for_{agent.replace(/-/g, "_")}/</code> (a first line <code>TASK: what to do</code>{" "}
        is enough), or run <code>switchyard task add --to {agent} "what to do"</code>.
      </p>
    </div>
  );
}

export function OverviewView() {
  const status = useCrew((state) => state.status);
  const liveWorkers = useCrew((state) => state.workers);
  const workers = useMemo(() => selectWorkers({ workers: liveWorkers }), [liveWorkers]);
  const now = useNow(1000);
  const alerts = useMemo(() => (status ? alertsOf(status) : []), [status]);
  if (!status) return <p className="empty">Waiting for the crew's first snapshot…</p>;
  return (
    <div className="overview">
      <AskBox />
      <section aria-labelledby="needs-you" className="panel needs-you">
        <h2 id="needs-you">Needs you</h2>
        {isEmptyCrew(status) ? <FirstTask status={status} /> : null}
        <AlertList alerts={alerts} empty="Nothing needs you. The crew is working on its own." />
      </section>
      <section aria-labelledby="pulse" className="panel">
        <h2 id="pulse">Crew</h2>
        <AgentPulse status={status} workers={workers} now={now} />
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
            return cost ? (
              <Meter key={tier} label={`Tier ${tier} · ${TIER_NAMES[tier]}`} cost={cost} />
            ) : null;
          })}
        </div>
      </section>
    </div>
  );
}
