/**
 * What the status shows of `completed/` and `failed/`: the newest finished tasks (at most
 * `ARCHIVED_LISTED` of each, with their footers) and how many there are. A running host
 * keeps it up to date from the folder's file events, reading only the files that changed,
 * so a status costs the same with 10 or 100,000 archived tasks; a one-off reader (the CLI
 * without a host) lists the folder once. Memory is bounded: summaries of the listed tasks
 * and a count, never one entry per archived file. Its file steps are synchronous (small files,
 * and a draining engine keeps the thread pool busy: ARCHITECTURE.md, "File access").
 */
import { type FSWatcher, lstatSync, readdirSync, watch } from "node:fs";
import { join, relative } from "node:path";
import { type ArchivedTask, byNewest } from "../../shared/status.js";
import { footerOf, isIgnoredFileName, isTaskFileName, taskIdFromFileName } from "../../shared/task-file.js";
import { crewPaths } from "../crew-root.js";
import { kindOf } from "../fs/regular-file.js";
import { readTaskSync, type TaskFileEntry } from "./task-store.js";

/** How many of each folder the status lists, newest first; the rest are counted. */
export const ARCHIVED_LISTED = 1_000;
/** A changing folder is counted again at most this often (listing 100,000 names costs). */
const RECOUNT_EVERY_MS = 1_000;

interface Listed {
  mtimeMs: number;
  size: number;
  task: ArchivedTask;
}

export interface ArchiveSnapshot {
  tasks: ArchivedTask[];
  count: number;
}

const isArchiveName = (name: string) => isTaskFileName(name) && !isIgnoredFileName(name);

/** A finished task's summary; a file that never parsed reports its reason. */
export function summarizeArchived(root: string, entry: TaskFileEntry): ArchivedTask | undefined {
  const read = readTaskSync(entry);
  if (!read) return undefined;
  const base = {
    id: taskIdFromFileName(entry.fileName),
    file: relative(root, entry.path),
    finishedAt: new Date(entry.mtimeMs).toISOString(),
  };
  if (!read.ok) {
    const footer = read.bytes ? footerOf(read.bytes.toString("utf8")) : undefined;
    return { ...base, problem: footer?.reason ?? read.problem, ...(footer ? { footer } : {}) };
  }
  return {
    ...base,
    task: read.task.fields.task,
    ...(read.task.footer
      ? { footer: read.task.footer, finishedAt: read.task.footer.finished ?? base.finishedAt }
      : {}),
  };
}

export class ArchiveFolder {
  private listed = new Map<string, Listed>();
  private count = 0;
  /** The whole folder must be listed again (never read, or the kernel dropped events). */
  private stale = true;
  private readonly touched = new Set<string>();
  private recountDue = false;
  private countedAt = 0;
  private recountTimer: NodeJS.Timeout | undefined;
  private watcher: FSWatcher | undefined;
  private sorted: ArchivedTask[] | undefined;

  constructor(
    private readonly root: string,
    private readonly dir: string,
    /** Told when a later snapshot would differ (a deferred recount is due). */
    private readonly onChange: () => void = () => undefined,
  ) {}

  /** Follows the folder's file events from now on (a host); without it every snapshot lists it. */
  watch(): void {
    if (this.watcher) return;
    try {
      this.watcher = watch(this.dir, (_type, name) => {
        if (name === null) this.stale = true;
        else if (isArchiveName(name)) this.touched.add(name);
        // Nobody asked for a while (no window open): a listing later costs less than remembering every name.
        if (this.touched.size > ARCHIVED_LISTED) {
          this.touched.clear();
          this.stale = true;
        }
      });
      this.watcher.on("error", () => {
        this.watcher?.close();
        this.watcher = undefined;
        this.stale = true;
      });
    } catch {
      this.stale = true; // no folder yet: it is listed on every snapshot until it can be watched
    }
  }

  close(): void {
    this.watcher?.close();
    this.watcher = undefined;
    clearTimeout(this.recountTimer);
  }

  async snapshot(): Promise<ArchiveSnapshot> {
    if (this.stale || !this.watcher) await this.relist();
    else if (this.touched.size > 0) await this.applyTouched();
    if (this.recountDue) await this.recountSoon();
    this.sorted ??= [...this.listed.values()].map((listed) => listed.task).sort(byNewest);
    return { tasks: this.sorted, count: Math.max(this.count, this.listed.size) };
  }

  /** Lists the folder: the count, the newest files, and a summary of each (reusing unchanged ones). */
  private async relist(): Promise<void> {
    this.stale = false;
    this.touched.clear();
    const names = this.names() ?? [];
    const entries = names
      .map((name) => this.entryOf(name))
      .filter((entry): entry is TaskFileEntry => entry !== undefined);
    this.count = entries.length;
    this.countedAt = Date.now();
    this.recountDue = false;
    const newest = entries.sort((a, b) => b.mtimeMs - a.mtimeMs).slice(0, ARCHIVED_LISTED);
    const listed = new Map<string, Listed>();
    for (const entry of newest) {
      const known = this.listed.get(entry.fileName);
      const unchanged = known && known.mtimeMs === entry.mtimeMs && known.size === entry.size;
      const task = unchanged ? known.task : summarizeArchived(this.root, entry);
      if (task) listed.set(entry.fileName, { mtimeMs: entry.mtimeMs, size: entry.size, task });
    }
    this.listed = listed;
    this.sorted = undefined;
  }

  /** Reads only the files events named: a new archive joins the list, a removed one leaves it. */
  private async applyTouched(): Promise<void> {
    const names = [...this.touched];
    this.touched.clear();
    this.recountDue = true;
    for (const name of names) {
      const entry = this.entryOf(name);
      const known = this.listed.get(name);
      if (!entry) {
        if (known) this.listed.delete(name);
        continue;
      }
      if (known && known.mtimeMs === entry.mtimeMs && known.size === entry.size) continue;
      const task = summarizeArchived(this.root, entry);
      if (task) this.listed.set(name, { mtimeMs: entry.mtimeMs, size: entry.size, task });
    }
    this.trim();
    this.sorted = undefined;
  }

  /** Keeps the newest `ARCHIVED_LISTED`; the ones dropped are still counted. */
  private trim(): void {
    if (this.listed.size <= ARCHIVED_LISTED) return;
    const oldestFirst = [...this.listed.entries()].sort((a, b) => a[1].mtimeMs - b[1].mtimeMs);
    for (const [name] of oldestFirst.slice(0, this.listed.size - ARCHIVED_LISTED)) this.listed.delete(name);
  }

  /** Counts the folder's files again, at most once per `RECOUNT_EVERY_MS` (then says it changed). */
  private async recountSoon(): Promise<void> {
    const wait = this.countedAt + RECOUNT_EVERY_MS - Date.now();
    if (wait > 0) {
      this.recountTimer ??= setTimeout(() => {
        this.recountTimer = undefined;
        this.onChange();
      }, wait);
      this.recountTimer.unref();
      return;
    }
    const names = this.names();
    if (names) this.count = names.length;
    this.countedAt = Date.now();
    this.recountDue = false;
  }

  private names(): string[] | undefined {
    try {
      return readdirSync(this.dir).filter(isArchiveName);
    } catch {
      return undefined; // no folder (yet)
    }
  }

  private entryOf(fileName: string): TaskFileEntry | undefined {
    const path = join(this.dir, fileName);
    try {
      const info = lstatSync(path);
      const entry: TaskFileEntry = { fileName, path, mtimeMs: info.mtimeMs, size: info.size };
      return info.isFile() ? entry : { ...entry, special: kindOf(info) };
    } catch {
      return undefined; // moved away meanwhile
    }
  }
}

/** Both archive folders, as the status shows them. */
export class ArchiveIndex {
  private readonly completed: ArchiveFolder;
  private readonly failed: ArchiveFolder;

  constructor(root: string, onChange?: () => void) {
    const { completed, failed } = crewPaths(root);
    this.completed = new ArchiveFolder(root, completed, onChange);
    this.failed = new ArchiveFolder(root, failed, onChange);
  }

  /** Follows both folders' file events (a host keeps one index for as long as it runs). */
  watch(): void {
    this.completed.watch();
    this.failed.watch();
  }

  close(): void {
    this.completed.close();
    this.failed.close();
  }

  async snapshot(): Promise<{ completed: ArchiveSnapshot; failed: ArchiveSnapshot }> {
    const [completed, failed] = await Promise.all([this.completed.snapshot(), this.failed.snapshot()]);
    return { completed, failed };
  }
}
