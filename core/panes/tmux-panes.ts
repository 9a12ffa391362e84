/**
 * Parallel tmux panes (the simplest crew, and the article's first pattern): N Claude Code
 * sessions side by side in one tmux session, each in the crew root so they share CLAUDE.md,
 * SHARED_MIND.md and the inboxes. tmux is driven with argument arrays, never a shell string.
 */
import { execa } from "execa";

export const DEFAULT_SESSION = "switchyard";

export interface Pane {
  index: number;
  pid: number;
  command: string;
  path: string;
  active: boolean;
}

async function tmux(args: string[]): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  try {
    const result = await execa("tmux", args, { reject: false });
    return { ok: result.exitCode === 0, stdout: result.stdout, stderr: result.stderr };
  } catch (error) {
    return { ok: false, stdout: "", stderr: (error as Error).message };
  }
}

export async function listPanes(session = DEFAULT_SESSION): Promise<Pane[]> {
  const result = await tmux([
    "list-panes",
    "-s",
    "-t",
    session,
    "-F",
    "#{pane_index}\t#{pane_pid}\t#{pane_current_command}\t#{pane_current_path}\t#{pane_active}",
  ]);
  if (!result.ok) return [];
  return result.stdout
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [index = "0", pid = "0", command = "", path = "", active = "0"] = line.split("\t");
      return { index: Number(index), pid: Number(pid), command, path, active: active === "1" };
    });
}

export type PanesResult = { ok: true; panes: Pane[] } | { ok: false; reason: string };

/**
 * Starts `count` panes running `command` in `root`. The command is typed into each pane's
 * shell, so when it exits the pane stays open for the operator.
 */
export async function panesUp(
  root: string,
  count: number,
  command: string,
  session = DEFAULT_SESSION,
  agents: readonly string[] = [],
): Promise<PanesResult> {
  /** Pane `index` runs as the next agent in turn: `switchyard hook` reads SWITCHYARD_AGENT. */
  const agentEnv = (index: number): string[] => {
    const agent = agents.length ? agents[index % agents.length] : undefined;
    return agent ? ["-e", `SWITCHYARD_AGENT=${agent}`, "-e", `SWITCHYARD_ROOT=${root}`] : [];
  };
  if ((await listPanes(session)).length > 0)
    return {
      ok: false,
      reason: `tmux session "${session}" already exists: attach with \`tmux attach -t ${session}\` or run \`switchyard panes down --session ${session}\``,
    };
  const created = await tmux([
    "new-session",
    "-d",
    "-s",
    session,
    "-c",
    root,
    "-x",
    "200",
    "-y",
    "50",
    ...agentEnv(0),
  ]);
  if (!created.ok)
    return { ok: false, reason: `tmux could not start: ${created.stderr.trim() || "is tmux installed?"}` };
  for (let pane = 1; pane < count; pane++) {
    const split = await tmux(["split-window", "-t", session, "-c", root, ...agentEnv(pane)]);
    if (!split.ok) return { ok: false, reason: `tmux could not split a pane: ${split.stderr.trim()}` };
    await tmux(["select-layout", "-t", session, "tiled"]);
  }
  const panes = await listPanes(session);
  for (const pane of panes) await tmux(["send-keys", "-t", `${session}:0.${pane.index}`, "-l", command]);
  for (const pane of panes) await tmux(["send-keys", "-t", `${session}:0.${pane.index}`, "Enter"]);
  return { ok: true, panes };
}

export async function panesDown(session = DEFAULT_SESSION): Promise<PanesResult> {
  const panes = await listPanes(session);
  if (panes.length === 0) return { ok: false, reason: `no tmux session "${session}"` };
  const killed = await tmux(["kill-session", "-t", session]);
  return killed.ok ? { ok: true, panes } : { ok: false, reason: killed.stderr.trim() };
}
