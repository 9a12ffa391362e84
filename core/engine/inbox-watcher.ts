/**
 * Watches every inbox under `coordination/` so a dropped task is seen within a second, and
 * lock removals in `in_progress/` so a task waiting on a lock is retried at once. Events can
 * be missed (ARCHITECTURE.md, "Heartbeat, schedules, notifications"); the heartbeat's rescan is the safety net, not this.
 */
import { basename, dirname, sep } from "node:path";
import { type FSWatcher, watch } from "chokidar";
import { isIgnoredFileName, isTaskFileName } from "../../shared/task-file.js";
import { agentFromInboxDir, crewPaths } from "../crew-root.js";

export interface InboxWatcherEvents {
  onTaskFile(path: string, agent: string): void;
  onLockReleased(): void;
  /** An operator decided on an approval (possibly from another process: the CLI). */
  onApprovalsChanged(): void;
}

/**
 * Resolves once the watcher is ready: files added before that count as "initial" and get no
 * event, so the caller must rescan only after this resolves to miss nothing.
 */
export async function watchInboxes(root: string, events: InboxWatcherEvents): Promise<FSWatcher> {
  const { coordination, inProgress, completed, failed, appData, approvals } = crewPaths(root);
  // The archives only grow and nothing here reacts to them: watching 10,000 finished tasks
  // cost ~60 MiB of RSS for nothing. In the app's own folder only approvals.json matters.
  // (approvals.json is watched through its folder: chokidar given a path that does not exist
  // yet stopped reporting drops in the inboxes of the same watcher.)
  const archives = new Set([completed, failed]);
  const isIgnored = (path: string, isFile: boolean): boolean =>
    archives.has(path) ||
    archives.has(dirname(path)) ||
    (path.startsWith(`${appData}${sep}`) && path !== approvals) ||
    (isFile && isIgnoredFileName(basename(path)));
  const watcher = watch([coordination, appData], {
    ignoreInitial: true,
    depth: 1,
    ignored: (path, stats) => isIgnored(path, Boolean(stats?.isFile())),
  });
  const onFile = (path: string) => {
    const agent = agentFromInboxDir(basename(dirname(path)));
    if (agent && dirname(dirname(path)) === coordination && isTaskFileName(basename(path)))
      events.onTaskFile(path, agent);
  };
  const onChange = (path: string) => (path === approvals ? events.onApprovalsChanged() : onFile(path));
  watcher.on("add", onChange);
  watcher.on("change", onChange);
  watcher.on("unlink", (path) => {
    if (dirname(path) === inProgress && path.endsWith(".lock")) events.onLockReleased();
  });
  await new Promise<void>((resolve) => watcher.once("ready", resolve));
  return watcher;
}
