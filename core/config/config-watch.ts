/**
 * Hand edits of `switchyard.json` reach the running crew (ARCHITECTURE.md, "When a config
 * change takes effect"): the root folder is watched for changes to the file, and each change
 * is read once it settles. A valid file that differs from what runs is applied; an invalid one
 * is reported and the last good config keeps running. The heartbeat calls `check()` too, in
 * case a file event was missed.
 */
import { type FSWatcher, watch } from "node:fs";
import { type Config, parseConfig } from "../../shared/config.js";
import { crewPaths } from "../crew-root.js";
import { readIfExists } from "../fs/read-if-exists.js";
import type { Notifier } from "../notify/notifier.js";

export interface ConfigWatchOptions {
  /** The config the crew runs on now. */
  current: () => Config;
  /** Switches the running crew to a new config. */
  apply: (config: Config) => Promise<void>;
  notifier: Pick<Notifier, "notify">;
  /** The host's log, for an invalid edit. */
  warn?: (line: string) => void;
}

/** Editors write a file in steps (truncate, write, rename): read once it has been quiet this long. */
const SETTLE_MS = 150;

export class ConfigWatch {
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** The text last seen (applied or refused), so one edit is acted on once. */
  private lastText: string | undefined;
  private checking: Promise<void> = Promise.resolve();
  /** What is wrong with the file on disk while the crew runs on its last good config. */
  private invalid: string[] = [];

  constructor(
    private readonly root: string,
    private readonly options: ConfigWatchOptions,
  ) {}

  /** For the status: what is wrong with switchyard.json right now, if anything. */
  problems(): string[] {
    return this.invalid.map(
      (problem) => `switchyard.json: ${problem} (the crew runs on its last good config)`,
    );
  }

  /** Starts watching; `runningText` is the text the crew was opened with. */
  start(runningText: string | undefined): void {
    this.lastText = runningText;
    const name = "switchyard.json";
    try {
      this.watcher = watch(this.root, { persistent: false }, (_event, file) => {
        if (file === null || file === name) this.schedule();
      });
      this.watcher.on("error", () => undefined); // the root went away: the heartbeat's check still runs
    } catch {
      // No watching here (an unusual file system): the heartbeat's check is the fallback.
    }
  }

  /** The text the crew now runs on (a save from the Settings view), so its file event is no news. */
  saved(text: string): void {
    this.lastText = text;
    this.invalid = [];
  }

  close(): void {
    clearTimeout(this.timer);
    this.watcher?.close();
  }

  /** Reads the file and acts if it changed since last seen. Safe to call at any time. */
  check(): Promise<void> {
    this.checking = this.checking.then(() => this.read());
    return this.checking;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.check(), SETTLE_MS);
    this.timer.unref();
  }

  private async read(): Promise<void> {
    let text: string | undefined;
    try {
      text = (await readIfExists(crewPaths(this.root).config)) ?? "";
    } catch (error) {
      const problem = `it cannot be read: ${(error as Error).message}`;
      if (this.lastText === problem) return;
      this.lastText = problem;
      await this.refuse([problem]);
      return;
    }
    if (text === this.lastText) return;
    this.lastText = text;
    const parsed = parseConfig(text);
    await (parsed.ok ? this.applyEdit(parsed.config) : this.refuse(parsed.problems));
  }

  /** A valid edit: the crew switches to it, and says what changed. */
  private async applyEdit(config: Config): Promise<void> {
    const before = this.options.current();
    const changed = (Object.keys(config) as (keyof Config)[]).filter(
      (key) => JSON.stringify(config[key]) !== JSON.stringify(before[key]),
    );
    this.invalid = [];
    await this.options.apply(config);
    await this.options.notifier.notify({
      kind: "info",
      priority: "normal",
      title: "switchyard.json changed: the crew runs on the new config",
      body: changed.length ? `Changed: ${changed.join(", ")}.` : "Nothing that matters changed.",
      where: "switchyard.json",
    });
  }

  /** An invalid edit: the last good config keeps running; the log, the feed and the status say why. */
  private async refuse(problems: string[]): Promise<void> {
    this.invalid = problems;
    this.options.warn?.(
      `switchyard.json is invalid; the crew keeps its last good config:\n  ${problems.join("\n  ")}`,
    );
    await this.options.notifier.notify({
      kind: "info",
      priority: "high",
      title: "switchyard.json is invalid: the crew keeps its last good config",
      body: problems.join("\n"),
      where: "switchyard.json",
    });
  }
}
