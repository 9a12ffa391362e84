/** Spend per tier per day over 30 days, from the ledger, with today's and this month's meters against budgets. */
import { useMemo } from "react";
import type { AlwaysOn } from "../../../shared/status.js";
import { useLiveQuery } from "../../components/use-live-query.js";
import { TIER_NAMES, TIERS, usd } from "../../format.js";
import { useCrew } from "../../store/store-context.js";
import { CostChart } from "./CostChart.js";
import { costDays } from "./cost-days.js";
import "./costs.css";

const DAYS = 30;

export function CostsView() {
  const query = useLiveQuery("dailyCosts", { days: DAYS });
  const costs = useCrew((state) => state.status?.costs);
  const alwaysOn = useCrew((state) => state.status?.alwaysOn);
  const generatedAt = useCrew((state) => state.status?.generatedAt);
  const columns = useMemo(
    () =>
      query.state === "ready"
        ? costDays(query.data, DAYS, generatedAt ? new Date(generatedAt) : new Date())
        : [],
    [query, generatedAt],
  );
  const totals = TIERS.map((tier) => columns.reduce((sum, column) => sum + column.byTier[tier], 0));
  return (
    <div className="costs">
      <section className="panel" aria-labelledby="costs-chart">
        <h2 id="costs-chart">Spend per day · last {DAYS} days</h2>
        {query.state === "error" ? <p className="fail-text">{query.reason}</p> : null}
        {query.state === "ready" ? (
          <CostChart columns={columns} />
        ) : (
          <p className="empty">Reading the ledger…</p>
        )}
      </section>
      <section className="panel" aria-labelledby="costs-table">
        <h2 id="costs-table">Per tier</h2>
        <table className="table numeric-table stack-narrow">
          <thead>
            <tr>
              <th scope="col">Tier</th>
              <th scope="col">Today</th>
              <th scope="col">Daily budget</th>
              <th scope="col">This month</th>
              <th scope="col">Monthly budget</th>
              <th scope="col">{DAYS} days</th>
            </tr>
          </thead>
          <tbody>
            {TIERS.map((tier) => {
              const cost = costs?.[String(tier) as "0"];
              return (
                <tr key={tier} data-tier={tier}>
                  <th scope="row">
                    {tier} · {TIER_NAMES[tier]}
                  </th>
                  <td data-label="Today">
                    {usd(cost?.today ?? 0)}
                    {cost?.running ? (
                      <span className="meter-running"> + ≈{usd(cost.running)} running</span>
                    ) : null}
                  </td>
                  <td data-label="Daily budget">
                    {cost?.budget.daily == null ? "—" : usd(cost.budget.daily)}
                  </td>
                  <td data-label="This month">{usd(cost?.month ?? 0)}</td>
                  <td data-label="Monthly budget">
                    {cost?.budget.monthly == null ? "—" : usd(cost.budget.monthly)}
                  </td>
                  <td data-label={`${DAYS} days`}>{usd(totals[tier] ?? 0)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      {alwaysOn ? <AlwaysOnUsage usage={alwaysOn} /> : null}
    </div>
  );
}

const count = (value: number) => value.toLocaleString("en");

/** The always-on agent's own model calls today: triage, and the heartbeat against its token cap. */
function AlwaysOnUsage({ usage }: { usage: AlwaysOn }) {
  const { triage, heartbeat } = usage;
  return (
    <section className="panel" aria-labelledby="costs-always-on">
      <h2 id="costs-always-on">The always-on agent today</h2>
      <table className="table numeric-table">
        <thead>
          <tr>
            <th scope="col">Calls for</th>
            <th scope="col">Calls</th>
            <th scope="col">Tokens</th>
            <th scope="col">Spend</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Triage (Telegram, Ask the crew)</th>
            <td>{count(triage.calls)}</td>
            <td>{count(triage.tokens)}</td>
            <td>{usd(triage.usd)}</td>
          </tr>
          <tr>
            <th scope="row">Heartbeat check-in</th>
            <td>{count(heartbeat.calls)}</td>
            <td>
              {count(heartbeat.tokens)} of {count(heartbeat.tokenCap)}
            </td>
            <td>{usd(heartbeat.usd)}</td>
          </tr>
        </tbody>
      </table>
      <p className="muted">Counted in their tier's meter above; the check-in stops for the day at its cap.</p>
    </section>
  );
}
