/**
 * A spend meter: amount against a budget, or just the amount when there is no budget. What the
 * running workers have spent so far is shown on top, marked as an estimate (it becomes the
 * workers' own figures when they end); a subscription tier shows its rolling window of runs.
 */
import type { Status } from "../../shared/status.js";
import { clockTime, usd } from "../format.js";
import "./meter.css";

type TierCost = Status["costs"]["0"];

function WindowLine({ window }: { window: NonNullable<TierCost["window"]> }) {
  const runs = `${window.used}${window.limit === null ? "" : ` of ${window.limit}`} run${window.used === 1 && window.limit === null ? "" : "s"}`;
  const reset = window.resetsAt
    ? window.limit !== null && window.used >= window.limit
      ? `; the next frees up at ${clockTime(window.resetsAt)}`
      : `; the oldest leaves the window at ${clockTime(window.resetsAt)}`
    : "";
  return (
    <div className="meter-window muted">
      Subscription: {runs} in the last {window.hours} h{window.limit === null ? " (no limit set)" : ""}
      {reset}
    </div>
  );
}

export function Meter({
  label,
  cost,
  period = "today",
}: {
  label: string;
  cost: TierCost;
  period?: "today" | "month";
}) {
  const value = period === "today" ? cost.today : cost.month;
  const max = period === "today" ? cost.budget.daily : cost.budget.monthly;
  const running = cost.running;
  const total = value + running;
  const fraction = max ? Math.min(1, total / max) : 0;
  const level = max === null ? "none" : fraction >= 1 ? "over" : fraction >= 0.8 ? "high" : "ok";
  const words = `${usd(value)}${running > 0 ? ` + ≈${usd(running)} running` : ""}${max === null ? "" : ` of ${usd(max)}`}`;
  return (
    <div className="meter">
      <div className="meter-head">
        <span>{label}</span>
        <span className="numeric">
          {usd(value)}
          {running > 0 ? (
            <span
              className="meter-running"
              title="what the running workers have spent so far, estimated from their tokens"
            >
              {" "}
              + ≈{usd(running)} running
            </span>
          ) : null}
          {max === null ? (
            <span className="muted"> · no budget</span>
          ) : (
            <span className="muted"> of {usd(max)}</span>
          )}
        </span>
      </div>
      {/* biome-ignore lint/a11y/useSemanticElements: <meter> cannot be styled the same in every engine */}
      <div
        className={`meter-track meter-${level}`}
        role="meter"
        aria-label={`${label}: ${words}`}
        aria-valuemin={0}
        aria-valuemax={max ?? Math.max(total, 1)}
        aria-valuenow={total}
      >
        <div
          className="meter-fill"
          style={{ width: `${(max === null ? 0 : Math.min(1, value / max)) * 100}%` }}
        />
        <div
          className="meter-fill meter-fill-running"
          style={{ width: `${(max === null ? 0 : Math.max(0, fraction - Math.min(1, value / max))) * 100}%` }}
        />
      </div>
      {cost.window ? <WindowLine window={cost.window} /> : null}
    </div>
  );
}
