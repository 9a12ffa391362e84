/**
 * The engine's side of the approval gate (README, "Tiers, routing, costs and approvals"):
 * routes each waiting task once, asks `decideGate` whether it may run, and asks the operator
 * when it must. A task is gated when it arrives; all of them again only when what the gate
 * reads changed (the config, approvals.json, a tier's estimate, budget or usage-limit hold,
 * the minute), so a dispatch costs the same with 10 or 10,000 tasks waiting. A decision
 * counts only for the file and bytes it was made on (approval-store.ts).
 */
import type { Config } from "../../shared/config.js";
import type { ApprovalInfo } from "../../shared/status.js";
import { decideGate } from "../approvals/approval-gate.js";
import { ApprovalsUnreadable, decisionFor } from "../approvals/approval-store.js";
import { type TierOutlook, tierOutlooks } from "../costs/budget.js";
import type { CrewContext } from "../crew-context.js";
import { routeTask } from "../routing/router.js";
import { askForApproval } from "./approval-requests.js";
import type { PendingTask, TaskQueue } from "./task-queue.js";

/** How a wait for a busy lock is worded (lock-store.ts), to retry it when a lock is released. */
export const LOCK_WAIT = "waiting for lock ";

/** Why a tier's tasks must wait whatever the gate says (a usage limit, a worker command that fails). */
export interface TierWaits {
  reason(tier: number): string | undefined;
  /** Changes whenever a wait starts or ends. */
  key(): string;
}

/** Why an agent's tasks wait whatever the gate would say: it is paused (concurrency 0). */
export const pausedReason = (config: Config, agent: string): string | undefined =>
  (config.agents[agent]?.concurrency ?? 1) === 0 ? `${agent} is paused (concurrency 0)` : undefined;

interface GateInputs {
  outlook: (tier: number) => TierOutlook;
  /** Undefined while approvals.json cannot be read: tasks that need a decision wait. */
  decisions: Readonly<Record<string, ApprovalInfo>> | undefined;
  key: string;
}

export class TaskGate {
  /** What every waiting task was last gated under; when it changes, all are gated again. */
  private gatedUnder: { config: Config; key: string } | undefined;
  /** Tasks the last pass found needing the operator's decision, not asked yet. */
  private readonly asks: { task: PendingTask; reason: string; estimatedCostUsd: number }[] = [];

  constructor(
    private readonly crew: CrewContext,
    private readonly holds: TierWaits,
    /** Told when approvals.json cannot be read (the engine reports it), and when it can again. */
    private readonly onApprovals: (problem: ApprovalsUnreadable | undefined) => Promise<void>,
  ) {}

  /** Everything is gated again at the next pass (the config changed). */
  reset(): void {
    this.gatedUnder = undefined;
  }

  /**
   * Gates the queue's new tasks (all of them when the inputs changed; lock waiters too when
   * `locksChanged`), holding back those that must wait and asking the operator where needed.
   * Returns how many tasks it gated (what the status shows of them may have changed).
   */
  async pass(queue: TaskQueue<PendingTask>, locksChanged: boolean): Promise<number> {
    const config = this.crew.config();
    const inputs = await this.inputs(config);
    const everyone = this.gatedUnder?.config !== config || this.gatedUnder.key !== inputs.key;
    this.gatedUnder = { config, key: inputs.key };
    const fresh = queue.takeFresh();
    const toGate = everyone ? [...queue.values()] : fresh;
    if (!everyone && locksChanged)
      for (const task of queue.heldTasks()) if (task.waitingFor?.startsWith(LOCK_WAIT)) toGate.push(task);
    for (const task of toGate) {
      // A decision counts only for this file with these bytes (an edit asks again).
      task.decision = inputs.decisions && decisionFor(inputs.decisions as Record<string, ApprovalInfo>, task);
      // The operator's "run now" goes first, past the concurrency limits, a paused agent's too.
      task.runNow = task.decision?.runNow === true;
      const paused = task.runNow ? undefined : pausedReason(config, task.agent);
      if (paused) {
        // Not a question for the operator while it cannot run: the gate asks once the agent runs again.
        task.verdict = { action: "hold", reason: paused };
        queue.setWaiting(task, paused);
        continue;
      }
      task.route ??= await routeTask(
        task.fields,
        task.agent,
        config,
        this.crew.classifier(),
        this.crew.now(),
      );
      queue.setWaiting(task, await this.gate(task, config, inputs));
    }
    return toGate.length;
  }

  /** What the gate reads besides the task, with a key that changes when any of it does. */
  private async inputs(config: Config): Promise<GateInputs> {
    const now = this.crew.now();
    const outlook = tierOutlooks(await this.crew.spend.totals(), config, now);
    let approvals: { version: string; decisions: Readonly<Record<string, ApprovalInfo>> } | undefined;
    try {
      approvals = await this.crew.approvals.read();
      await this.onApprovals(undefined);
    } catch (error) {
      if (!(error instanceof ApprovalsUnreadable)) throw error;
      await this.onApprovals(error);
    }
    const outlooks = [0, 1, 2, 3].map((tier) => outlook(tier));
    const minute = Math.floor(now.getTime() / 60_000);
    return {
      outlook,
      decisions: approvals?.decisions,
      key: `${approvals?.version ?? "unreadable"}|${minute}|${this.holds.key()}|${JSON.stringify(outlooks)}`,
    };
  }

  /** The gate's verdict on the task, recorded on it; returns why it must wait, if it must. */
  private async gate(task: PendingTask, config: Config, inputs: GateInputs): Promise<string | undefined> {
    const route = task.route;
    if (!route) return undefined;
    const { decision } = task;
    const held = this.holds.reason(route.tier);
    if (held) {
      task.verdict = { action: "hold", reason: held };
      return held;
    }
    const { estimatedCostUsd, budget } = inputs.outlook(route.tier);
    const verdict = decideGate({
      fields: task.fields,
      route,
      estimatedCostUsd,
      aboveUsd: config.approval.aboveUsd,
      budget,
      now: this.crew.now(),
      ...(decision ? { decision } : {}),
    });
    task.verdict =
      verdict.action === "run"
        ? { action: "run" }
        : { ...verdict, ...(verdict.action === "ask" ? { estimatedCostUsd } : {}) };
    if (verdict.action === "run") return undefined;
    if (verdict.action === "hold") return verdict.reason;
    if (!inputs.decisions)
      return `awaiting approval: ${verdict.reason} (approvals.json is unreadable: fix or delete it)`;
    if (!decision) this.asks.push({ task, reason: verdict.reason, estimatedCostUsd });
    return `awaiting approval: ${verdict.reason}`;
  }

  /**
   * Asks the operator about the tasks the last pass found waiting for a decision; called once
   * the status shows them waiting, so the question never arrives before what it is about.
   */
  async askOperator(queue: TaskQueue<PendingTask>): Promise<void> {
    const asks = this.asks.splice(0);
    for (const { task, reason, estimatedCostUsd } of asks) {
      const { after } = await askForApproval(this.crew, task, reason, estimatedCostUsd);
      if (after)
        queue.setWaiting(
          task,
          `awaiting approval after ${after}, which has the same id: rename one to decide on each (${reason})`,
        );
    }
  }
}
