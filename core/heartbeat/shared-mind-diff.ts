/**
 * What changed in SHARED_MIND.md between the version the app last saw and the one on disk:
 * new learnings, new state lines, new needed-next items, and learning lines someone removed
 * (which the app restores: learnings are append-only, ARCHITECTURE.md, "SHARED_MIND.md"). Pure, over the two texts.
 */
import { type Learning, lostLearnings, readSharedMind } from "../../shared/shared-mind.js";

export interface StateLine {
  /** The `### <agent>` subsection it is in; absent for ACTIVE STATE's own lines. */
  agent?: string;
  line: string;
}

export interface SharedMindChanges {
  newLearnings: Learning[];
  /** Learning lines the old version had and the new one lacks. */
  lostLearnings: string[];
  newStateLines: StateLine[];
  newNeededNext: string[];
  /** The `Last updated: … | <agent>` stamp, when it changed: who wrote last. */
  updatedBy?: string;
}

/**
 * The app's own observational lines (`- 2026-04-09T21:24Z <task-id>: … → done`, see
 * engine/record-in-mind): the task's notification already said it, so they are not news.
 */
const OUTCOME_LINE = /^- \d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z \S+: .* → /;

const stateLinesOf = (view: ReturnType<typeof readSharedMind>): StateLine[] => [
  ...view.stateLines.map((line) => ({ line: line.trim() })),
  ...Object.entries(view.agentStates).flatMap(([agent, state]) =>
    state
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line) => ({ agent, line })),
  ),
];

const keyOf = (state: StateLine) => `${state.agent ?? ""}\u0000${state.line}`;

export function diffSharedMind(before: string, after: string): SharedMindChanges {
  const old = readSharedMind(before);
  const now = readSharedMind(after);
  const knownLearnings = new Set(old.learnings.map((learning) => learning.line.trim()));
  const knownState = new Set(stateLinesOf(old).map(keyOf));
  const knownNeeded = new Set(old.neededNext.map((line) => line.trim()));
  const changes: SharedMindChanges = {
    newLearnings: now.learnings.filter((learning) => !knownLearnings.has(learning.line.trim())),
    lostLearnings: lostLearnings(before, after),
    newStateLines: stateLinesOf(now).filter(
      (state) => !knownState.has(keyOf(state)) && !OUTCOME_LINE.test(state.line),
    ),
    newNeededNext: now.neededNext.map((line) => line.trim()).filter((line) => !knownNeeded.has(line)),
  };
  const stamp = now.lastUpdated;
  if (stamp && (stamp.at !== old.lastUpdated?.at || stamp.agent !== old.lastUpdated?.agent) && stamp.agent)
    changes.updatedBy = stamp.agent;
  return changes;
}

export const hasChanges = (changes: SharedMindChanges): boolean =>
  changes.newLearnings.length > 0 ||
  changes.lostLearnings.length > 0 ||
  changes.newStateLines.length > 0 ||
  changes.newNeededNext.length > 0;
