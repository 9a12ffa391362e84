// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { OverviewView } from "../../renderer/views/overview/OverviewView.js";
import { connectedStore, makeStatus, makeTask } from "./crew-fixtures.js";
import { renderWithStore } from "./render-view.js";

afterEach(cleanup);

describe("Overview", () => {
  it("lists approvals first among the alerts, with Approve / Queue / Reject", async () => {
    const { store, bridge } = connectedStore(
      makeStatus({
        awaitingApproval: [
          makeTask("big-refactor", {
            task: "Refactor the billing module",
            route: { tier: 3, model: "opus", reason: "judgement" },
            approval: {
              state: "awaiting",
              reason: "tier 3 always asks first",
              estimatedCostUsd: 1.5,
              requestedAt: "2026-04-09T21:00:00Z",
            },
          }),
        ],
        failed: [
          {
            id: "broken",
            file: "coordination/failed/broken.md",
            task: "Broken one",
            finishedAt: "2026-04-09T21:10:00.000Z",
            footer: { status: "failed", agent: "agent-a", reason: "exited with code 1" },
          },
        ],
      }),
    );
    renderWithStore(store, <OverviewView />);
    const alerts = within(screen.getByRole("region", { name: "Needs you" })).getAllByRole("listitem");
    expect(alerts[0]?.textContent).toContain("Refactor the billing module");
    expect(alerts[0]?.textContent).toContain("tier 3 always asks first · about $1.50");
    expect(alerts[1]?.textContent).toContain("exited with code 1");
    fireEvent.click(screen.getByRole("button", { name: "Approve Approve? Refactor the billing module" }));
    await Promise.resolve();
    expect(bridge.calls.at(-1)).toEqual({ name: "approve", params: { id: "big-refactor" } });
  });

  it("shows today's spend per tier against its daily budget", () => {
    const status = makeStatus();
    status.costs["2"] = { today: 4, month: 20, running: 0, budget: { daily: 5, monthly: 100 } };
    const { store } = connectedStore(status);
    renderWithStore(store, <OverviewView />);
    const meter = screen.getByRole("meter", { name: "Tier 2 · Sonnet: $4.00 of $5.00" });
    expect(meter.getAttribute("aria-valuenow")).toBe("4");
    expect(meter.className).toContain("meter-high");
    expect(screen.getByText("Nothing needs you. The crew is working on its own.")).toBeTruthy();
  });

  it("shows the heartbeat's last and next beat", () => {
    const { store } = connectedStore(makeStatus());
    renderWithStore(store, <OverviewView />);
    expect(screen.getByText("Last heartbeat").nextElementSibling?.textContent).toMatch(/ago|now/);
    expect(screen.getByText("Next heartbeat").nextElementSibling?.textContent).toMatch(/in |ago|now/);
  });
});
