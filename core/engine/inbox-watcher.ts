/**
 * Watches every inbox under `coordination/` so a dropped task is seen at once, lock removals
 * in `in_progress/` so a task waiting on a lock is retried, and approvals.json for the
 * operator's decisions. One inotify watch per folder (`fs.watch`), never a listing per
 * change: what a change costs does not grow with the queue. Events name the file; the
 * engine keeps its own index of what waits.
 *
 * Events can be lost (a burst overflows the kernel's queue; ARCHITECTURE.md, "Heartbeat,
 * schedules, notifications"), so after a burst the watcher asks for a sweep: one listing
 * of each inbox, compared by name with what the engine knows. The heartbeat's rescan stays
 * the last safety net.
 */
import { type FSWatcher, watch } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { isIgnoredFileName, isTaskFileName } from "../../shared/task-file.js";
import { agentFromInboxDir, crewPaths } from "../crew-root.js";

export interface InboxWatcherEvents {
  /**
   * A task file appeared or changed. `complete` when it arrived by a rename or a hard link
   * from a temp name (ARCHITECTURE.md, "Task files"): it needs no settle wait.
   */
  onTaskFile(path: string, agent: string, complete: boolean): void;
  /** A task file left its inbox (claimed by another host, removed by hand). */
  onTaskGone(path: string): void;
  onLockReleased(): void;
  /** An operator decided on an approval (possibly from another process: the CLI). */
  onApprovalsChanged(): void;
  /** Events flowed: compare the inboxes with what is known, in case some were lost. */
  onSweepDue(): void;
}

export interface InboxWatcher {
  close(): Promise<void>;
}

/** How long after the first event of a burst the sweep runs (and at most how often). */
const SWEEP_AFTER_MS = 2_000;

interface FolderEvent {
  type: string;
  name: string;
}

/**
 * Resolves once every folder is watched: files added before that get no event, so the caller
 * must scan only after this resolves to miss nothing.
 */
export async function watchInboxes(root: string, events: InboxWatcherEvents): Promise<InboxWatcher> {
  const { coordination, inProgress, appData, approvals } = crewPaths(root);
  const approvalsName = approvals.slice(appData.length + 1);
  const watchers = new Map<string, FSWatcher>();
  let sweepTimer: NodeJS.Timeout | undefined;
  let closed = false;

  const sweepSoon = () => {
    if (sweepTimer || closed) return;
    sweepTimer = setTimeout(() => {
      sweepTimer = undefined;
      if (!closed) events.onSweepDue();
    }, SWEEP_AFTER_MS);
    sweepTimer.unref();
  };

  /** Watches `dir`, handing each tick's events to `onBatch` in order (inotify pairs stay adjacent). */
  const watchFolder = (dir: string, onBatch: (batch: FolderEvent[]) => void): void => {
    if (watchers.has(dir) || closed) return;
    let batch: FolderEvent[] = [];
    let watcher: FSWatcher;
    try {
      watcher = watch(dir, (type, name) => {
        if (name === null) return sweepSoon(); // the kernel dropped events: look again
        if (batch.length === 0)
          setImmediate(() => {
            const events = batch;
            batch = [];
            onBatch(events);
          });
        batch.push({ type, name });
      });
    } catch {
      return; // the folder went away before it could be watched; the sweep will notice
    }
    watcher.on("error", () => {
      watcher.close();
      watchers.delete(dir);
      sweepSoon();
    });
    watchers.set(dir, watcher);
  };

  const watchInbox = (dirName: string, agent: string): void => {
    const dir = join(coordination, dirName);
    watchFolder(dir, (batch) => {
      sweepSoon();
      void inboxBatch(dir, agent, batch);
    });
  };

  const inboxBatch = async (dir: string, agent: string, batch: FolderEvent[]): Promise<void> => {
    const seen = new Set<string>();
    for (const [index, event] of batch.entries()) {
      if (seen.has(event.name) || !isTaskFileName(event.name) || isIgnoredFileName(event.name)) continue;
      seen.add(event.name);
      const previous = batch[index - 1];
      // A rename within the folder is two adjacent events: the temp name leaving, this one arriving.
      const fromTemp =
        event.type === "rename" && previous?.type === "rename" && isIgnoredFileName(previous.name)
          ? join(dir, previous.name)
          : undefined;
      void examineEvent(join(dir, event.name), agent, fromTemp);
    }
  };

  const examineEvent = async (path: string, agent: string, fromTemp: string | undefined) => {
    const [info, tempGone] = await Promise.all([
      stat(path).catch(() => undefined),
      fromTemp
        ? stat(fromTemp).then(
            () => false,
            () => true,
          )
        : false,
    ]);
    if (closed) return;
    if (!info) return events.onTaskGone(path);
    if (!info.isFile()) return;
    // Moved in from a temp name, or hard-linked while the temp still exists: written in full.
    const complete = info.size > 0 && (tempGone || info.nlink > 1);
    events.onTaskFile(path, agent, complete);
  };

  const coordinationBatch = (batch: FolderEvent[]) => {
    for (const name of new Set(batch.map((event) => event.name))) {
      const agent = agentFromInboxDir(name);
      if (!agent) continue;
      void stat(join(coordination, name)).then(
        (info) => {
          if (!info.isDirectory() || watchers.has(join(coordination, name))) return;
          watchInbox(name, agent);
          events.onSweepDue(); // files may have landed before the watch began
        },
        () => {
          watchers.get(join(coordination, name))?.close();
          watchers.delete(join(coordination, name));
        },
      );
    }
  };

  watchFolder(coordination, coordinationBatch);
  for (const entry of await readdir(coordination, { withFileTypes: true }).catch(() => [])) {
    const agent = entry.isDirectory() ? agentFromInboxDir(entry.name) : undefined;
    if (agent) watchInbox(entry.name, agent);
  }
  watchFolder(inProgress, (batch) => {
    const locks = batch.filter((event) => event.type === "rename" && event.name.endsWith(".lock"));
    if (locks.length === 0) return;
    void Promise.all(
      locks.map((event) =>
        stat(join(inProgress, event.name)).then(
          () => false,
          () => true,
        ),
      ),
    ).then((gone) => {
      if (!closed && gone.some(Boolean)) events.onLockReleased();
    });
  });
  watchFolder(appData, (batch) => {
    if (batch.some((event) => event.name === approvalsName)) events.onApprovalsChanged();
  });

  return {
    async close() {
      closed = true;
      clearTimeout(sweepTimer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}
