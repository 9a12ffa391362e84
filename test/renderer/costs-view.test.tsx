// @vitest-environment happy-dom
import { cleanup, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { axisMax, costDays } from "../../renderer/views/costs/cost-days.js";
import { CostsView } from "../../renderer/views/costs/CostsView.js";
import { connectedStore, makeStatus, NOW } from "./crew-fixtures.js";
import { renderWithStore } from "./render-view.js";

afterEach(cleanup);

describe("Costs", () => {
  it("charts 30 days per tier from the ledger and totals them per tier", async () => {
    const status = makeStatus();
    status.costs["3"] = { today: 1.2, month: 3.7, running: 0, budget: { daily: 5, monthly: null } };
    const { store, bridge } = connectedStore(status, {
      dailyCosts: () => [
        { day: "2026-04-09", tier: 3, usd: 1.2 },
        { day: "2026-04-01", tier: 3, usd: 2.5 },
        { day: "2026-04-09", tier: 1, usd: 0.05 },
      ],
    });
    renderWithStore(store, <CostsView />);
    await screen.findByRole("img", { name: "Spend per day for 30 days, $3.75 in all" });
    const opus = screen.getByRole("row", { name: /3 · Opus/ });
    expect(
      within(opus)
        .getAllByRole("cell")
        .map((cell) => cell.textContent),
    ).toEqual(["$1.20", "$5.00", "$3.70", "—", "$3.70"]);
    expect(bridge.calls.find((call) => call.name === "dailyCosts")?.params).toEqual({ days: 30 });
  });

  it("asks the ledger again after the core pushes a change", async () => {
    let calls = 0;
    const { store, bridge } = connectedStore(makeStatus(), {
      dailyCosts: () => {
        calls++;
        return [];
      },
    });
    renderWithStore(store, <CostsView />);
    await waitFor(() => expect(calls).toBe(1));
    bridge.emit({ kind: "status", status: makeStatus() });
    await waitFor(() => expect(calls).toBe(2));
  });

  it("shows the always-on agent's own calls today, the heartbeat's against its token cap", async () => {
    const status = makeStatus({
      alwaysOn: {
        triage: { calls: 3, tokens: 4210, usd: 0.0048 },
        heartbeat: { calls: 1, tokens: 812, usd: 0, tokenCap: 20_000 },
      },
    });
    const { store } = connectedStore(status, { dailyCosts: () => [] });
    renderWithStore(store, <CostsView />);
    const panel = screen.getByRole("region", { name: "The always-on agent today" });
    const cells = (name: RegExp) =>
      within(within(panel).getByRole("row", { name }))
        .getAllByRole("cell")
        .map((cell) => cell.textContent);
    expect(cells(/Triage/)).toEqual(["3", "4,210", "$0.0048"]);
    expect(cells(/Heartbeat check-in/)).toEqual(["1", "812 of 20,000", "$0.00"]);
    await screen.findByRole("img");
  });

  it("lays out a column for every day, empty days included, and a round axis", () => {
    const columns = costDays([{ day: "2026-04-08", tier: 2, usd: 0.3 }], 3, new Date(NOW));
    expect(columns.map((column) => [column.day, column.total])).toEqual([
      ["2026-04-07", 0],
      ["2026-04-08", 0.3],
      ["2026-04-09", 0],
    ]);
    expect(axisMax(columns)).toBe(0.5);
    expect(axisMax([])).toBe(1);
  });
});
