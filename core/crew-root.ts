/**
 * The crew root (ARCHITECTURE.md, "The crew root"): where it is, what lives in it, and `init`, which creates what is
 * missing and never touches what exists.
 */
import { constants } from "node:fs";
import { access, mkdir, readdir, realpath } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { SHARED_MIND_TEMPLATE } from "../shared/shared-mind.js";
import { createExclusive } from "./fs/atomic-write.js";

export const DEFAULT_AGENTS = ["agent-a", "agent-b"] as const;

/** Every path the app uses inside a root, in one place. */
function pathsOf(root: string) {
  const coordination = join(root, "coordination");
  const appData = join(root, ".switchyard");
  return {
    root,
    sharedMind: join(root, "SHARED_MIND.md"),
    /** Learnings moved out of SHARED_MIND.md once it holds more than `sharedMind.keepLearnings`. */
    learningsArchive: join(root, "SHARED_MIND.archive.md"),
    config: join(root, "switchyard.json"),
    claudeMd: join(root, "CLAUDE.md"),
    coordination,
    inProgress: join(coordination, "in_progress"),
    completed: join(coordination, "completed"),
    failed: join(coordination, "failed"),
    outputs: join(root, "outputs"),
    appData,
    runs: join(appData, "runs"),
    token: join(appData, "token"),
    heartbeat: join(appData, "heartbeat.json"),
    ledger: join(appData, "ledger.jsonl"),
    notifications: join(appData, "notifications.jsonl"),
    sharedMindSeen: join(appData, "shared-mind.seen.md"),
    schedules: join(appData, "schedules.json"),
    approvals: join(appData, "approvals.json"),
    /** What `switchyard hook` appends: one line per Claude Code hook call (SPEC §10). */
    sessionEvents: join(appData, "sessions", "events.jsonl"),
    /** Open permission requests and their answers, one file each. */
    permissions: join(appData, "permissions"),
    conflicts: join(appData, "conflicts.jsonl"),
    /** The hooks `hooks install` added, so `hooks remove` takes back exactly those. */
    hooksInstalled: join(appData, "hooks.json"),
    /** Which host runs this root (hosts/host-lock.ts). */
    hostRecord: join(appData, "host.json"),
  };
}
const known = new Map<string, Readonly<ReturnType<typeof pathsOf>>>();

/** Built once per root: every file step of every task asks for it. */
export function crewPaths(root: string): Readonly<ReturnType<typeof pathsOf>> {
  let paths = known.get(root);
  if (!paths) {
    paths = Object.freeze(pathsOf(root));
    known.set(root, paths);
  }
  return paths;
}
export type CrewPaths = ReturnType<typeof crewPaths>;

/** `for_agent_b` ⇄ `agent-b` (ARCHITECTURE.md, "Task files": underscores read as hyphens). */
export const agentFromInboxDir = (dirName: string): string | undefined =>
  dirName.startsWith("for_") && dirName.length > 4 ? dirName.slice(4).replace(/_/g, "-") : undefined;
export const inboxDirForAgent = (agent: string): string => `for_${agent.replace(/-/g, "_")}`;

/** The root from `--root`, else `$SWITCHYARD_ROOT`, else the current directory. */
export const resolveRoot = (flag: string | undefined, env = process.env, cwd = process.cwd()): string =>
  resolve(cwd, flag ?? env.SWITCHYARD_ROOT ?? ".");

/** True when `target` (absolute or root-relative) stays inside `root`. */
export function isInsideRoot(root: string, target: string): boolean {
  const rel = relative(resolve(root), resolve(root, target));
  return rel !== "" && !rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel);
}

/**
 * `target` (root-relative) resolved through every symlink on its way, if it exists and its real
 * path is inside the root's real path. A symlinked folder anywhere on the path that leads out
 * of the root (`outputs/etc-dir -> /etc`) is caught, not only a symlink as the last name.
 */
export async function realPathInsideRoot(
  root: string,
  target: string,
): Promise<{ ok: true; path: string } | { ok: false; why: "missing" | "outside" }> {
  if (!isInsideRoot(root, target)) return { ok: false, why: "outside" };
  let real: string;
  try {
    real = await realpath(resolve(root, target));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { ok: false, why: "missing" };
    throw error;
  }
  return isInsideRoot(await realpath(root), real) ? { ok: true, path: real } : { ok: false, why: "outside" };
}

export async function pathExists(path: string): Promise<boolean> {
  try {
    await access(path, constants.F_OK);
    return true;
  } catch {
    return false;
  }
}

export interface InitReport {
  root: string;
  created: string[];
  kept: string[];
}

/** Creates the layout; idempotent, and never overwrites a file or folder that exists. */
export async function initCrewRoot(root: string): Promise<InitReport> {
  const paths = crewPaths(root);
  const report: InitReport = { root, created: [], kept: [] };
  const note = (path: string, created: boolean) =>
    (created ? report.created : report.kept).push(relative(root, path) || ".");
  const dirs = [
    paths.root,
    paths.coordination,
    ...DEFAULT_AGENTS.map((agent) => join(paths.coordination, inboxDirForAgent(agent))),
    paths.inProgress,
    paths.completed,
    paths.failed,
    paths.outputs,
    paths.appData,
  ];
  for (const dir of dirs) {
    const existed = await pathExists(dir);
    await mkdir(dir, { recursive: true });
    if (dir !== paths.root) note(dir, !existed);
  }
  note(paths.sharedMind, await createExclusive(paths.sharedMind, SHARED_MIND_TEMPLATE));
  return report;
}

/** Names of agents that have an inbox folder, from the folder names. */
export async function listInboxes(root: string): Promise<{ agent: string; dir: string }[]> {
  const { coordination } = crewPaths(root);
  let entries: import("node:fs").Dirent[];
  try {
    entries = await readdir(coordination, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return entries
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      const agent = agentFromInboxDir(entry.name);
      return agent ? [{ agent, dir: join(coordination, entry.name) }] : [];
    })
    .sort((a, b) => a.agent.localeCompare(b.agent));
}
