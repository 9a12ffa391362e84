/**
 * The gate every task passes before it may run (README, "Tiers, routing, costs and approvals"): tier 3, APPROVAL:
 * required, tasks from Telegram or Ask the crew, and estimates above `approval.aboveUsd` wait for the
 * operator; a tier over its budget holds ordinary work and asks before urgent work; a
 * subscription tier whose window is used up waits for the window. Pure: the engine and the
 * status view both ask it, so what is shown is what happens.
 */
import type { ApprovalInfo } from "../../shared/status.js";
import { clockWords } from "../../shared/time-words.js";
import type { TaskFields } from "../../shared/task-file.js";
import type { Route } from "../routing/router.js";

export interface BudgetState {
  /** Set when the tier has spent its daily or monthly budget. */
  overBudget?: { spent: number; budget: number; period: "daily" | "monthly"; resetsAt: string };
  /** Set when a subscription tier's rolling window has no runs left. */
  windowFull?: { used: number; limit: number; resetsAt: string };
}

export interface GateInput {
  fields: TaskFields;
  route: Route;
  estimatedCostUsd: number;
  aboveUsd: number;
  budget: BudgetState;
  decision?: ApprovalInfo;
  now: Date;
}

/** Why a task is held: the operator's decision, a budget spent, or a subscription window full. */
export type HoldCause = "rejected" | "queued" | "budget" | "window";

export type GateVerdict =
  | { action: "run" }
  | { action: "hold"; reason: string; cause: HoldCause }
  | { action: "ask"; reason: string };

const usd = (value: number) => `$${value.toFixed(2)}`;

/** Why this task needs the operator's yes, or undefined when it does not. */
export function approvalReason(input: GateInput): string | undefined {
  const { fields, route, estimatedCostUsd, aboveUsd, budget } = input;
  // The route's tier is the model's; a task that declares tier 3 asks first whatever model it names.
  if (route.tier === 3 || fields.tier === 3) return "tier 3 (highest stakes) always asks first";
  if (fields.approvalRequired) return "the task says APPROVAL: required";
  if (fields.from?.startsWith("telegram:")) return "tasks sent from Telegram ask first";
  // Triage wrote it from a message (and from files others can write into): the operator says yes.
  if (fields.from === "window") return "tasks triage wrote from Ask the crew ask first";
  if (estimatedCostUsd > aboveUsd)
    return `estimated ${usd(estimatedCostUsd)} is above the ${usd(aboveUsd)} approval threshold`;
  if (budget.overBudget && fields.priority === "urgent")
    return `tier ${route.tier} is over its ${budget.overBudget.period} budget (${usd(budget.overBudget.spent)} of ${usd(budget.overBudget.budget)}); urgent work asks first`;
  return undefined;
}

export function decideGate(input: GateInput): GateVerdict {
  const { decision, budget, route, now } = input;
  if (decision?.state === "approved") return { action: "run" };
  if (decision?.state === "rejected")
    return { action: "hold", reason: "rejected by the operator", cause: "rejected" };
  if (decision?.state === "queued") {
    if (decision.until && Date.parse(decision.until) > now.getTime())
      return {
        action: "hold",
        reason: `queued by the operator until ${clockWords(decision.until)}`,
        cause: "queued",
      };
    return { action: "run" };
  }
  const ask = approvalReason(input);
  if (ask) return { action: "ask", reason: ask };
  if (budget.overBudget)
    return {
      action: "hold",
      cause: "budget",
      reason: `tier ${route.tier} is over its ${budget.overBudget.period} budget (${usd(budget.overBudget.spent)} of ${usd(budget.overBudget.budget)}); held until ${clockWords(budget.overBudget.resetsAt)}`,
    };
  if (budget.windowFull)
    return {
      action: "hold",
      cause: "window",
      reason: `waits for the subscription window (${budget.windowFull.used} of ${budget.windowFull.limit} runs used; resets at ${clockWords(budget.windowFull.resetsAt)})`,
    };
  return { action: "run" };
}
