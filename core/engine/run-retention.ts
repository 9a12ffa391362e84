/**
 * Run folders (`.switchyard/runs/<id>/`: the run record, the worker's raw output) of finished
 * tasks are kept for the newest `RUNS_KEPT` runs; older ones are removed. The task itself
 * stays archived in completed/ or failed/ with its footer, and its cost in the ledger: what
 * goes is the worker's raw log. Without this, every task ever run left a folder behind, and
 * everything that lists them (the timeline) grew with the history.
 */
import { readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { taskIdFromFileName } from "../../shared/task-file.js";
import { crewPaths } from "../crew-root.js";
import { mapBounded } from "../fs/bounded.js";

export const RUNS_KEPT = 1_000;

export class RunRetention {
  /** Finished runs, oldest first. */
  private finished: string[] = [];
  private pruning: Promise<void> = Promise.resolve();

  constructor(
    private readonly root: string,
    private readonly kept = RUNS_KEPT,
  ) {}

  /**
   * Learns the finished runs already on disk (every folder whose task is not claimed in
   * `in_progress/`), oldest first by the folder's last change, and prunes beyond the limit.
   */
  async start(): Promise<void> {
    const { runs, inProgress } = crewPaths(this.root);
    const claimed = new Set(
      (await readdir(inProgress).catch(() => [] as string[])).map((name) => taskIdFromFileName(name)),
    );
    const ids = (await readdir(runs).catch(() => [] as string[])).filter((id) => !claimed.has(id));
    const changed = await mapBounded(
      ids,
      async (id) => (await stat(join(runs, id)).catch(() => undefined))?.mtimeMs,
    );
    const known = ids.flatMap((id, index) => {
      const at = changed[index];
      return at === undefined ? [] : [{ id, at }];
    });
    const since = new Set(this.finished); // finished while this listing ran
    this.finished = [
      ...known
        .filter((run) => !since.has(run.id))
        .sort((a, b) => a.at - b.at)
        .map((run) => run.id),
      ...this.finished,
    ];
    this.prune();
  }

  /** A run finished (its record is final): it is kept until `kept` newer runs have finished. */
  finishedRun(id: string): void {
    this.finished.push(id);
    this.prune();
  }

  /** Resolves once the removals asked for so far are done. */
  settled(): Promise<void> {
    return this.pruning;
  }

  private prune(): void {
    const excess = this.finished.length - this.kept;
    if (excess <= 0) return;
    const removed = this.finished.splice(0, excess);
    const { runs } = crewPaths(this.root);
    this.pruning = this.pruning.then(() =>
      mapBounded(
        removed,
        (id) => rm(join(runs, id), { recursive: true, force: true }).catch(() => undefined),
        4,
      ).then(() => undefined),
    );
  }
}
