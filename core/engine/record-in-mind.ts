/**
 * The observational update of SHARED_MIND.md after a verified result: the agent's own
 * subsection lists its latest outcomes, newest first, written only after the app checked them.
 */
import { readSharedMind, setAgentState } from "../../shared/shared-mind.js";
import { editSharedMind } from "../state/shared-mind-store.js";

/** How many recent outcomes an agent's subsection keeps. */
const RECENT_OUTCOMES = 5;
/**
 * Outcomes finishing within this long are written in one locked edit: a drain of quick tasks
 * costs a few writes a second, not one per task. Nobody waits on it: the worker's slot is free.
 */
const GATHER_MS = 250;

export function outcomeLine(at: string, id: string, task: string, outcome: string): string {
  return `- ${at.slice(0, 16)}Z ${id}: ${task.split("\n")[0]?.slice(0, 120)} → ${outcome}`;
}

export async function recordOutcomeInMind(
  root: string,
  agent: string,
  line: string,
  staleAfterMinutes: number,
): Promise<void> {
  await editSharedMind(
    root,
    agent,
    (text) => {
      const previous = (readSharedMind(text).agentStates[agent] ?? "")
        .split("\n")
        .filter((entry) => entry.startsWith("- "));
      const state = [line, ...previous].slice(0, RECENT_OUTCOMES).join("\n");
      return setAgentState(text, agent, state, new Date().toISOString());
    },
    staleAfterMinutes,
    GATHER_MS,
  );
}
