/**
 * What the gate will decide for a task sitting in an inbox, before the engine gets to it: the
 * route the rules give (or the one recorded with an earlier approval request) and the verdict.
 * The status view and the always-on agent's "queued for …" reply both ask here, so what they
 * say is what the engine then does.
 */
import type { Config } from "../../shared/config.js";
import type { ApprovalInfo } from "../../shared/status.js";
import type { TaskFields } from "../../shared/task-file.js";
import type { TierOutlook } from "../costs/budget.js";
import { type Route, routeByRules } from "../routing/router.js";
import { decideGate, type GateVerdict } from "./approval-gate.js";

export interface GatePreview {
  route: Route;
  verdict: GateVerdict;
  estimatedCostUsd: number;
}

export function previewGate(input: {
  fields: TaskFields;
  agent: string;
  config: Config;
  /** Estimates and budgets per tier (one ledger scan shared by many tasks). */
  outlook: (tier: number) => TierOutlook;
  decision?: ApprovalInfo;
  now: Date;
}): GatePreview {
  const { fields, agent, config, decision, now } = input;
  const route = decision?.route ?? routeByRules(fields, agent, config, now);
  const { estimatedCostUsd, budget } = input.outlook(route.tier);
  const verdict = decideGate({
    fields,
    route,
    estimatedCostUsd,
    aboveUsd: config.approval.aboveUsd,
    budget,
    now,
    ...(decision ? { decision } : {}),
  });
  return { route, verdict, estimatedCostUsd };
}
