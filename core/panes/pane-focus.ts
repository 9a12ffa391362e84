/**
 * A session's tmux pane, from the $TMUX_PANE its hook reported: where it is (`session:0.2`, for
 * "pane 2" and `tmux attach -t session`) and bringing it forward (select its window and pane)
 * when the operator clicks a waiting session. tmux runs with argument arrays on the socket the
 * hook saw, never through a shell.
 */
import { execa } from "execa";
import type { Pane } from "../../shared/sessions.js";

export interface PaneRef {
  id: string;
  /** The tmux server's socket ($TMUX's first field); the default server when absent. */
  socket?: string;
}

/** A pane id as tmux writes it (`%12`), and a socket as an absolute path: the log is only a file anyone in the root can write. */
const isPaneRef = (ref: PaneRef) =>
  /^%\d+$/.test(ref.id) && (ref.socket === undefined || /^\/[^\0]*$/.test(ref.socket));

async function tmux(ref: PaneRef, args: string[]): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  if (!isPaneRef(ref)) return { ok: false, stdout: "", stderr: `"${ref.id}" is not a tmux pane id` };
  try {
    const result = await execa("tmux", [...(ref.socket ? ["-S", ref.socket] : []), ...args], {
      reject: false,
      timeout: 3_000,
    });
    return { ok: result.exitCode === 0, stdout: String(result.stdout), stderr: String(result.stderr) };
  } catch (error) {
    return { ok: false, stdout: "", stderr: (error as Error).message };
  }
}

/** Where the pane is, or just its id when tmux cannot say (the pane or its server is gone). */
export async function describePane(ref: PaneRef): Promise<Pane> {
  const found = await tmux(ref, [
    "display-message",
    "-p",
    "-t",
    ref.id,
    "#{session_name}\t#{window_index}\t#{pane_index}",
  ]);
  const [session, window, index] = found.stdout.trim().split("\t");
  if (!found.ok || !session || window === undefined || index === undefined) return { id: ref.id };
  return { id: ref.id, session, index: Number(index), target: `${session}:${window}.${index}` };
}

export type FocusResult = { ok: true; detail: string } | { ok: false; reason: string };

/** Selects the pane's window and the pane, so an attached terminal shows it. */
export async function focusPane(ref: PaneRef): Promise<FocusResult> {
  const window = await tmux(ref, ["select-window", "-t", ref.id]);
  if (!window.ok)
    return {
      ok: false,
      reason: `tmux could not find pane ${ref.id}: ${window.stderr.trim() || "is it still open?"}`,
    };
  await tmux(ref, ["select-pane", "-t", ref.id]);
  const pane = await describePane(ref);
  const attach = pane.session ? `tmux attach -t ${pane.session}` : "tmux attach";
  return { ok: true, detail: `selected ${pane.target ?? ref.id}; not in front of it? run: ${attach}` };
}
