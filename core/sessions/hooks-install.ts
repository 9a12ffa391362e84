/**
 * `switchyard hooks install` and `hooks remove` on disk: the crew root's
 * `.claude/settings.local.json` (Claude Code's per-project settings that stay out of git) gains
 * Switchyard's hooks, and `.switchyard/hooks.json` records exactly which commands were added and
 * whether the file or folder had to be created, so removing takes back only that.
 */
import { mkdir, readFile, rmdir, unlink } from "node:fs/promises";
import { dirname, join } from "node:path";
import { crewPaths, pathExists } from "../crew-root.js";
import { writeAtomic } from "../fs/atomic-write.js";
import { SWITCHYARD_BIN } from "../package-root.js";
import {
  HOOK_EVENTS,
  looksLikeOurs,
  type Settings,
  settingsProblem,
  switchyardHandlers,
  withHandlers,
  withoutHandlers,
} from "./hook-settings.js";

export const settingsPath = (root: string) => join(root, ".claude", "settings.local.json");

interface InstallRecord {
  installedAt: string;
  commands: string[];
  createdFile: boolean;
  createdDir: boolean;
  /** The operator's file as it was before the first install, restored byte for byte if nothing else changed. */
  originalText?: string;
}

export type HooksResult = { ok: true; path: string; detail: string } | { ok: false; reason: string };

async function readSettings(
  path: string,
): Promise<{ settings: Settings; existed: boolean; text: string } | { problem: string }> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { settings: {}, existed: false, text: "" };
    return { problem: (error as Error).message };
  }
  if (!text.trim()) return { settings: {}, existed: true, text };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { problem: `it is not valid JSON (${(error as Error).message})` };
  }
  const problem = settingsProblem(json);
  return problem ? { problem } : { settings: json as Settings, existed: true, text };
}

async function readRecord(root: string): Promise<InstallRecord | undefined> {
  try {
    return JSON.parse(await readFile(crewPaths(root).hooksInstalled, "utf8")) as InstallRecord;
  } catch {
    return undefined;
  }
}

const unchanged = (path: string, problem: string) =>
  `${path} was left unchanged: ${problem}. Fix it by hand, then run this again.`;

export async function installHooks(
  root: string,
  options: { waitSeconds: number; node?: string; bin?: string; now?: Date },
): Promise<HooksResult> {
  const path = settingsPath(root);
  const createdDir = !(await pathExists(dirname(path)));
  const read = await readSettings(path);
  if ("problem" in read) return { ok: false, reason: unchanged(path, read.problem) };
  const handlers = switchyardHandlers(
    options.node ?? process.execPath,
    options.bin ?? SWITCHYARD_BIN,
    root,
    options.waitSeconds,
  );
  const previous = await readRecord(root);
  const isOurs = (command: string) =>
    previous?.commands.includes(command) === true || looksLikeOurs(root)(command);
  const merged = withHandlers(read.settings, handlers, isOurs);
  await mkdir(dirname(path), { recursive: true });
  await writeAtomic(path, `${JSON.stringify(merged, null, 2)}\n`);
  const record: InstallRecord = {
    installedAt: (options.now ?? new Date()).toISOString(),
    commands: HOOK_EVENTS.map((event) => handlers[event].command),
    // Remembered from the first install: a re-install must not claim the operator's file as ours.
    createdFile: previous ? previous.createdFile : !read.existed,
    createdDir: previous ? previous.createdDir : createdDir,
    ...(previous
      ? previous.originalText === undefined
        ? {}
        : { originalText: previous.originalText }
      : read.existed
        ? { originalText: read.text }
        : {}),
  };
  await mkdir(crewPaths(root).appData, { recursive: true });
  await writeAtomic(crewPaths(root).hooksInstalled, `${JSON.stringify(record, null, 2)}\n`, {
    durable: false,
  });
  return {
    ok: true,
    path,
    detail: `${previous ? "updated" : "added"} ${HOOK_EVENTS.length} hooks (${HOOK_EVENTS.join(", ")})`,
  };
}

export async function removeHooks(root: string): Promise<HooksResult> {
  const path = settingsPath(root);
  const record = await readRecord(root);
  const read = await readSettings(path);
  if ("problem" in read) return { ok: false, reason: unchanged(path, read.problem) };
  if (!read.existed && !record) return { ok: true, path, detail: "no Switchyard hooks were installed" };
  const isOurs = (command: string) =>
    record?.commands.includes(command) === true || looksLikeOurs(root)(command);
  const { settings, removed } = withoutHandlers(read.settings, isOurs);
  if (Object.keys(settings).length === 0 && record?.createdFile) {
    await unlink(path).catch(() => undefined);
    if (record.createdDir) await rmdir(dirname(path)).catch(() => undefined); // only if empty
  } else if (removed > 0) {
    const original = record?.originalText;
    // Untouched since the install but for our hooks: put the operator's own bytes back.
    const restore = original !== undefined && sameJson(settings, original) ? original : undefined;
    await writeAtomic(path, restore ?? `${JSON.stringify(settings, null, 2)}\n`);
  }
  await unlink(crewPaths(root).hooksInstalled).catch(() => undefined);
  return { ok: true, path, detail: removed ? `removed ${removed} hooks` : "no Switchyard hooks were there" };
}

/** JSON with its object keys sorted, so two values compare whatever order their keys came in. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === "object" && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b)))
      : item,
  );

function sameJson(value: unknown, text: string): boolean {
  try {
    return canonical(value) === canonical(text.trim() ? JSON.parse(text) : {});
  } catch {
    return false;
  }
}

/** Whether this root's settings carry Switchyard's hooks (for `panes up` and the status). */
export async function hooksInstalled(root: string): Promise<boolean> {
  return (await readRecord(root)) !== undefined;
}
