/**
 * What a budget alert offers: raise today's budget once (by one more day's budget, for today
 * only), or run the tasks the budget holds anyway (each approved, as the operator would one by one).
 */
import type { ActionResult } from "../../shared/bridge.js";
import type { Status } from "../../shared/status.js";
import { decideApproval } from "../approvals/approval-actions.js";
import type { CrewContext } from "../crew-context.js";
import { BudgetRaises } from "./budget-raises.js";

const usd = (value: number) => `$${value.toFixed(2)}`;

export async function raiseTodaysBudget(crew: CrewContext, tier: number): Promise<ActionResult> {
  const now = crew.now();
  const raises = BudgetRaises.for(crew.root);
  const daily = crew.config().tiers[String(tier) as "0"]?.budget?.daily;
  if (daily === undefined) return { ok: false, reason: `tier ${tier} has no daily budget to raise` };
  const configured = daily - raises.extraToday(tier, now);
  if (configured <= 0) return { ok: false, reason: `tier ${tier}'s daily budget is $0: set one in Settings` };
  await raises.raise(tier, configured, now);
  return { ok: true, detail: `tier ${tier}'s budget is ${usd(daily + configured)} for today only` };
}

/** Approves every task a budget or window holds on this tier, as `status` shows them now. */
export async function runHeldTasks(crew: CrewContext, status: Status, tier: number): Promise<ActionResult> {
  const held = Object.values(status.pending)
    .flat()
    .filter((task) => task.heldBy && (task.route?.tier ?? task.tier) === tier);
  if (held.length === 0) return { ok: false, reason: `no task is held on tier ${tier}` };
  for (const task of held) await decideApproval(crew.root, task.id, "approve");
  return {
    ok: true,
    detail: `${held.length} held task${held.length === 1 ? "" : "s"} on tier ${tier} will run`,
  };
}
