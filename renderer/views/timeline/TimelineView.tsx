/**
 * Workers and lock holds as bars over time: parallel work shows as stacked bars, contention
 * as one lock lane with back-to-back holds while tasks wait, and conflicts (two writers, one
 * file, no lock) as marks at the moment the second one wrote.
 */
import { useMemo, useState } from "react";
import { SHARED_MIND_LOCK } from "../../../shared/lock-file.js";
import type { Timeline, TimelineBar, TimelineMark } from "../../../shared/timeline.js";
import { useLiveQuery } from "../../components/use-live-query.js";
import { clockTime, duration } from "../../format.js";
import "./timeline.css";

const WINDOWS = [
  { hours: 1, label: "1 h" },
  { hours: 6, label: "6 h" },
  { hours: 24, label: "24 h" },
  { hours: 24 * 7, label: "7 d" },
];

interface Lane {
  name: string;
  bars: TimelineBar[];
}

function lanesOf(bars: TimelineBar[]): Lane[] {
  const lanes = new Map<string, TimelineBar[]>();
  for (const bar of bars) lanes.set(bar.lane, [...(lanes.get(bar.lane) ?? []), bar]);
  return [...lanes].map(([name, laneBars]) => ({ name, bars: laneBars }));
}

function outcomeClass(bar: TimelineBar): string {
  if (!bar.end) return "bar-live";
  if (bar.outcome === "done" || bar.outcome === "released") return "bar-ok";
  if (bar.outcome === "stale") return "bar-stale";
  if (bar.outcome === "interrupted") return "bar-muted";
  return "bar-bad";
}

function LaneGroup({ title, lanes, timeline }: { title: string; lanes: Lane[]; timeline: Timeline }) {
  const from = Date.parse(timeline.from);
  const span = Date.parse(timeline.to) - from;
  const position = (bar: TimelineBar) => {
    const start = Math.max(Date.parse(bar.start), from);
    const end = bar.end ? Date.parse(bar.end) : Date.parse(timeline.to);
    return { left: `${((start - from) / span) * 100}%`, width: `max(3px, ${((end - start) / span) * 100}%)` };
  };
  return (
    <section className="lane-group" aria-label={title}>
      <h3>{title}</h3>
      {lanes.length === 0 ? <p className="empty">Nothing in this window.</p> : null}
      {lanes.map((lane) => (
        <div className="lane" key={lane.name}>
          <div className="lane-name" title={lane.name}>
            {lane.name}
          </div>
          <ul className="lane-track" aria-label={`${lane.name}: ${lane.bars.length} bars`}>
            {lane.bars.map((bar) => {
              const took = (bar.end ? Date.parse(bar.end) : Date.parse(timeline.to)) - Date.parse(bar.start);
              const words = `${bar.label}, ${clockTime(bar.start)}, ${bar.end ? duration(took) : "still running"}${bar.outcome ? `, ${bar.outcome}` : ""}`;
              return (
                <li
                  key={`${bar.label}:${bar.start}`}
                  className={`bar ${outcomeClass(bar)}`}
                  style={position(bar)}
                  title={words}
                  aria-label={words}
                />
              );
            })}
          </ul>
        </div>
      ))}
    </section>
  );
}

function ConflictMarks({ marks, timeline }: { marks: TimelineMark[]; timeline: Timeline }) {
  const from = Date.parse(timeline.from);
  const span = Date.parse(timeline.to) - from;
  const byPath = new Map<string, TimelineMark[]>();
  for (const mark of marks) byPath.set(mark.path, [...(byPath.get(mark.path) ?? []), mark]);
  return (
    <section className="lane-group" aria-label="Conflicts">
      <h3>Conflicts</h3>
      {marks.length === 0 ? (
        <p className="empty">No two writers touched one file without a lock in this window.</p>
      ) : null}
      {[...byPath].map(([path, pathMarks]) => (
        <div className="lane" key={path}>
          <div className="lane-name" title={path}>
            {path}
          </div>
          <ul className="lane-track" aria-label={`${path}: ${pathMarks.length} conflicts`}>
            {pathMarks.map((mark) => {
              const words = `Conflict: ${mark.writers.join(" and ")} both wrote ${mark.path}, ${clockTime(mark.at)}; fix: LOCKS: ${mark.resource}`;
              return (
                <li
                  key={mark.at}
                  className="conflict-mark"
                  style={{ left: `${((Date.parse(mark.at) - from) / span) * 100}%` }}
                  title={words}
                  aria-label={words}
                />
              );
            })}
          </ul>
        </div>
      ))}
    </section>
  );
}

function Axis({ timeline }: { timeline: Timeline }) {
  const from = Date.parse(timeline.from);
  const to = Date.parse(timeline.to);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((fraction) => ({
    fraction,
    at: new Date(from + (to - from) * fraction),
  }));
  return (
    <div className="axis" aria-hidden="true">
      <div className="lane-name" />
      <div className="axis-track">
        {ticks.map((tick) => (
          <span
            key={tick.fraction}
            className={tick.fraction === 0.25 || tick.fraction === 0.75 ? "axis-minor" : undefined}
            style={{ left: `${tick.fraction * 100}%` }}
          >
            {clockTime(tick.at)}
          </span>
        ))}
      </div>
    </div>
  );
}

export function TimelineView() {
  const [hours, setHours] = useState(6);
  const [internal, setInternal] = useState(false);
  const query = useLiveQuery("timeline", { hours });
  const lanes = useMemo(
    () =>
      query.state === "ready"
        ? {
            workers: lanesOf(query.data.workers),
            // Switchyard's own SHARED_MIND.md lock is bookkeeping, not contention the operator manages.
            locks: lanesOf(query.data.locks.filter((bar) => internal || bar.lane !== SHARED_MIND_LOCK)),
          }
        : undefined,
    [query, internal],
  );
  return (
    <div className="timeline panel">
      <div className="toolbar">
        <h2>Timeline</h2>
        {/* biome-ignore lint/a11y/useSemanticElements: a segmented choice of toggle buttons */}
        <div className="segmented" role="group" aria-label="Time window">
          {WINDOWS.map((window) => (
            <button
              key={window.hours}
              type="button"
              aria-pressed={hours === window.hours}
              onClick={() => setHours(window.hours)}
            >
              {window.label}
            </button>
          ))}
        </div>
        <label className="checkbox-label">
          <input type="checkbox" checked={internal} onChange={(event) => setInternal(event.target.checked)} />
          Switchyard's own locks
        </label>
        <span className="legend">
          <span>
            <span className="bar-ok swatch" /> done, released
          </span>
          <span>
            <span className="bar-bad swatch" /> failed
          </span>
          <span>
            <span className="bar-stale swatch" /> stale lock, removed
          </span>
          <span>
            <span className="bar-muted swatch" /> interrupted
          </span>
          <span>
            <span className="bar-live swatch" /> live
          </span>
          <span>
            <span className="conflict-mark swatch" /> conflict
          </span>
        </span>
      </div>
      {query.state === "error" ? <p className="fail-text">{query.reason}</p> : null}
      {query.state === "ready" && lanes ? (
        <>
          <Axis timeline={query.data} />
          <LaneGroup title="Workers" lanes={lanes.workers} timeline={query.data} />
          <LaneGroup title="Locks" lanes={lanes.locks} timeline={query.data} />
          <ConflictMarks marks={query.data.conflicts ?? []} timeline={query.data} />
        </>
      ) : null}
    </div>
  );
}
