/**
 * The status with what only the running engine knows laid over it: the workers' live progress
 * and cost so far, and what the running attempts have spent (an estimate until they end). A
 * status read from the files also gets why each waiting task waits and the route the engine
 * chose for it; a status built from the engine's own queue has them already.
 */
import { resolve } from "node:path";
import type { PriceTable } from "../../shared/prices.js";
import type { Status } from "../../shared/status.js";
import { attemptCost } from "../costs/live-cost.js";
import type { Engine } from "./engine.js";

export type LiveEngineView = Pick<Engine, "workers" | "waiting" | "pendingRoutes">;

export function overlayLiveEngine(
  status: Status,
  engine: LiveEngineView,
  prices: PriceTable,
  { queueIncluded }: { queueIncluded: boolean },
): Status {
  const live = new Map(engine.workers().map((worker) => [worker.task, worker]));
  status.workers = status.workers.map((worker) => {
    const running = live.get(worker.task);
    return running
      ? { ...worker, progress: running.progress, attempt: running.attempt, cost: running.cost }
      : worker;
  });
  for (const running of live.values())
    if (!status.workers.some((worker) => worker.task === running.task)) status.workers.push(running);
  for (const running of live.values()) {
    const meter = status.costs[String(running.tier) as "0"];
    if (meter) meter.running += attemptCost(running.progress, prices).usd;
  }
  if (queueIncluded) return status;
  const waiting = new Map(engine.waiting().map((entry) => [resolve(entry.path), entry.reason]));
  const routes = engine.pendingRoutes();
  for (const tasks of Object.values(status.pending))
    for (const task of tasks) {
      const path = resolve(status.root, task.file);
      const reason = waiting.get(path);
      const route = routes.get(path);
      if (reason && !task.waitingFor) task.waitingFor = reason;
      if (route) task.route = route;
    }
  return status;
}
