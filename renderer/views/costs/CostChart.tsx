/** Spend per day as stacked bars, one colour per tier; a table of the same numbers for screen readers. */
import { useNarrow } from "../../components/use-narrow.js";
import { TIER_NAMES, TIERS, usd } from "../../format.js";
import { axisMax, type CostDay } from "./cost-days.js";

const HEIGHT = 220;
const PAD = { top: 12, right: 8, bottom: 24, left: 52 };

export function CostChart({ columns }: { columns: CostDay[] }) {
  // Drawn at about the size it is shown, so its labels stay readable in a narrow window.
  const narrow = useNarrow();
  const WIDTH = narrow ? 380 : 720;
  const labelEvery = narrow ? 10 : 5;
  const max = axisMax(columns);
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotWidth / columns.length;
  const y = (value: number) => PAD.top + plotHeight - (value / max) * plotHeight;
  const total = columns.reduce((sum, column) => sum + column.total, 0);
  return (
    <figure className="cost-chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`Spend per day for ${columns.length} days, ${usd(total)} in all`}
      >
        {[0, 0.5, 1].map((fraction) => (
          <g key={fraction} className="gridline">
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(max * fraction)} y2={y(max * fraction)} />
            <text x={PAD.left - 6} y={y(max * fraction) + 4} textAnchor="end">
              {usd(max * fraction)}
            </text>
          </g>
        ))}
        {columns.map((column, index) => {
          let base = 0;
          return (
            <g key={column.day}>
              {TIERS.map((tier) => {
                const value = column.byTier[tier];
                if (value <= 0) return null;
                const top = y(base + value);
                const height = y(base) - top;
                base += value;
                return (
                  <rect
                    key={tier}
                    className={`tier-${tier}`}
                    x={PAD.left + index * slot + slot * 0.15}
                    width={slot * 0.7}
                    y={top}
                    height={Math.max(height, 1)}
                  >
                    <title>{`${column.day} · tier ${tier}: ${usd(value)}`}</title>
                  </rect>
                );
              })}
              {index % labelEvery === 0 || index === columns.length - 1 ? (
                // The last day's label ends at the chart's edge instead of running past it.
                <text
                  className="axis-label"
                  x={index === columns.length - 1 ? WIDTH - PAD.right : PAD.left + index * slot + slot / 2}
                  y={HEIGHT - 6}
                  textAnchor={index === columns.length - 1 ? "end" : "middle"}
                >
                  {column.day.slice(5)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption className="legend">
        {TIERS.map((tier) => (
          <span key={tier}>
            <svg className="swatch" viewBox="0 0 10 10" aria-hidden="true">
              <rect className={`tier-${tier}`} width="10" height="10" rx="2" />
            </svg>
            Tier {tier} · {TIER_NAMES[tier]}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
