/** A running worker at a glance: who, which tier, how long, how far, what it last did. */
import type { WorkerSummary } from "../../../shared/status.js";
import { costWords, stopwatch } from "../../format.js";

export function WorkerFacts({ worker, now }: { worker: WorkerSummary; now: number }) {
  const progress = worker.progress;
  return (
    <dl className="inline-facts">
      <div>
        <dt>agent</dt>
        <dd>{worker.agent}</dd>
      </div>
      <div>
        <dt>tier</dt>
        <dd>
          {worker.tier}
          {worker.model ? <span className="muted"> · {worker.model}</span> : null}
        </dd>
      </div>
      <div>
        <dt>elapsed</dt>
        <dd className="numeric">{stopwatch(now - Date.parse(worker.startedAt))}</dd>
      </div>
      <div>
        <dt>turns</dt>
        <dd className="numeric">{progress?.turns ?? 0}</dd>
      </div>
      <div>
        <dt>cost so far</dt>
        <dd
          className="numeric"
          title={
            worker.cost?.estimate
              ? "an estimate from the tokens so far; the worker's own figure replaces it when it ends"
              : undefined
          }
        >
          {costWords(worker.cost)}
          {worker.cost?.estimate ? <span className="muted"> est.</span> : null}
        </dd>
      </div>
      {worker.attempt && worker.attempt > 1 ? (
        <div>
          <dt>attempt</dt>
          <dd className="numeric">{worker.attempt}</dd>
        </div>
      ) : null}
      <div className="wide">
        <dt>last tool</dt>
        <dd>{progress?.lastTool ?? "—"}</dd>
      </div>
    </dl>
  );
}

/**
 * A worker's progress has no known end, so the indicator shows activity: it moves while
 * output flows, and counts the lines seen so the operator can tell a busy worker from a stuck one.
 */
export function ProgressIndicator({ worker }: { worker: WorkerSummary }) {
  const lines = worker.progress?.lines ?? 0;
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={`${worker.task} progress: ${lines} lines of output`}
      aria-valuetext={`${lines} lines of output`}
    >
      <div className="progress-bar" />
    </div>
  );
}
