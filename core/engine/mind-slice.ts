/**
 * What a worker is given of SHARED_MIND.md, within a fixed budget however long the file has
 * grown: the agent's own ACTIVE STATE subsection, the crew's state lines, WHAT'S NEEDED NEXT,
 * then the learnings that share the most words with the task (newest first among equals).
 * The whole file stays where it is for a worker that needs more. A crew with 10,000
 * learnings pays for the budget, not the file, on every task.
 */
import { readFileSync, statSync } from "node:fs";
import { type Learning, readSharedMind, type SharedMindView } from "../../shared/shared-mind.js";
import { keywords } from "../agent/relevance.js";
import { crewPaths } from "../crew-root.js";

/** Characters per token, roughly, for English text and the budget's arithmetic. */
export const CHARS_PER_TOKEN = 4;

export interface MindSlice {
  text: string;
  learningsShown: number;
  learningsTotal: number;
}

/** Shares of the budget the state parts may take at most (the learnings get the rest). */
const OWN_STATE_SHARE = 0.25;
const CREW_STATE_SHARE = 0.15;
const NEEDED_NEXT_SHARE = 0.2;
const LINE_CHARS = 400;

const clip = (line: string, length = LINE_CHARS): string =>
  line.length <= length ? line : `${line.slice(0, length - 1)}…`;

/** Lines that fit in `chars`, in order; says how many were left out. */
function within(lines: readonly string[], chars: number): string[] {
  const kept: string[] = [];
  let used = 0;
  for (const [index, line] of lines.entries()) {
    const clipped = clip(line);
    const more = `…(${lines.length - index} more lines in SHARED_MIND.md)`;
    if (used + clipped.length + 1 > chars - more.length - 1) return [...kept, more];
    kept.push(clipped);
    used += clipped.length + 1;
  }
  return kept;
}

export function mindSlice(
  view: SharedMindView,
  agent: string,
  taskText: string,
  budgetTokens: number,
  wordsOf: (learning: Learning) => ReadonlySet<string> = (learning) => keywords(learning.text),
): MindSlice {
  const budget = budgetTokens * CHARS_PER_TOKEN;
  const parts: string[] = [];
  const section = (title: string, lines: readonly string[], share: number) => {
    if (lines.length === 0) return;
    parts.push(title, ...within(lines, Math.floor(budget * share)), "");
  };
  const own = (view.agentStates[agent] ?? "").split("\n").filter((line) => line.trim());
  section(`Your own state (ACTIVE STATE, ### ${agent}):`, own, OWN_STATE_SHARE);
  section("The crew's state (ACTIVE STATE):", view.stateLines, CREW_STATE_SHARE);
  section("WHAT'S NEEDED NEXT:", view.neededNext, NEEDED_NEXT_SHARE);
  const wanted = keywords(taskText);
  const ranked = view.learnings
    .map((learning, index) => {
      let score = 0;
      const words = wordsOf(learning);
      for (const word of wanted) if (words.has(word)) score++;
      return { learning, index, score };
    })
    .sort((a, b) => b.score - a.score || b.index - a.index);
  const total = view.learnings.length;
  const heading = (shown: number) =>
    `Learnings most relevant to this task (${shown} of ${total}; all of them are in SHARED_MIND.md):`;
  let used = parts.join("\n").length + heading(total).length + 1;
  const shown: string[] = [];
  for (const { learning } of ranked) {
    const line = clip(learning.line);
    if (used + line.length + 1 > budget) break;
    shown.push(line);
    used += line.length + 1;
  }
  if (shown.length) parts.push(heading(shown.length), ...shown);
  return { text: parts.join("\n").trim(), learningsShown: shown.length, learningsTotal: total };
}

/**
 * SHARED_MIND.md parsed once per version of the file (by inode, size and time), with each
 * learning's words kept by line, so ranking 10,000 learnings for a task reads no file and
 * tokenizes only lines it has not seen.
 */
export class MindReader {
  private cached: { signature: string; view: SharedMindView } | undefined;
  private words = new Map<string, ReadonlySet<string>>();

  constructor(private readonly root: string) {}

  slice(agent: string, taskText: string, budgetTokens: number): MindSlice {
    const view = this.view();
    return mindSlice(view, agent, taskText, budgetTokens, (learning) => this.wordsOf(learning));
  }

  private view(): SharedMindView {
    const path = crewPaths(this.root).sharedMind;
    let signature = "missing";
    try {
      const info = statSync(path);
      signature = `${info.ino}:${info.size}:${info.mtimeMs}`;
    } catch {
      // no SHARED_MIND.md yet: an empty view
    }
    if (this.cached?.signature === signature) return this.cached.view;
    let text = "";
    try {
      text = readFileSync(path, "utf8");
    } catch {
      // removed meanwhile
    }
    const view = readSharedMind(text);
    const lines = new Set(view.learnings.map((learning) => learning.line));
    for (const line of this.words.keys()) if (!lines.has(line)) this.words.delete(line); // bounded by the file
    this.cached = { signature, view };
    return view;
  }

  private wordsOf(learning: Learning): ReadonlySet<string> {
    let words = this.words.get(learning.line);
    if (!words) {
      words = keywords(learning.text);
      this.words.set(learning.line, words);
    }
    return words;
  }
}
