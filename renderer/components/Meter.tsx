/** A spend meter: amount against a budget, or just the amount when there is no budget. */
import { usd } from "../format.js";
import "./meter.css";

export function Meter({ label, value, max }: { label: string; value: number; max: number | null }) {
  const fraction = max ? Math.min(1, value / max) : 0;
  const level = max === null ? "none" : fraction >= 1 ? "over" : fraction >= 0.8 ? "high" : "ok";
  return (
    <div className="meter">
      <div className="meter-head">
        <span>{label}</span>
        <span className="numeric">
          {usd(value)}
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
        aria-label={`${label}: ${usd(value)}${max === null ? "" : ` of ${usd(max)}`}`}
        aria-valuemin={0}
        aria-valuemax={max ?? Math.max(value, 1)}
        aria-valuenow={value}
      >
        <div className="meter-fill" style={{ width: `${(max === null ? 0 : fraction) * 100}%` }} />
      </div>
    </div>
  );
}
