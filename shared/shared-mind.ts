/**
 * SHARED_MIND.md (ARCHITECTURE.md, "SHARED_MIND.md") as text with known regions. Every edit touches one region (an
 * agent's `### <agent>` subsection, the `Last updated:` line, the end of the learnings list)
 * and keeps every other byte, so agents that edit the file by hand never lose their words.
 */

export const SECTION_ACTIVE_STATE = "ACTIVE STATE";
export const SECTION_NEEDED_NEXT = "WHAT'S NEEDED NEXT";
export const SECTION_LEARNINGS = "WHAT EACH AGENT HAS LEARNED";

export const SHARED_MIND_TEMPLATE = `# SHARED_MIND.md
## ${SECTION_ACTIVE_STATE}
Last updated: never | switchyard
## ${SECTION_NEEDED_NEXT}
## ${SECTION_LEARNINGS}
[append-only section — never deleted]
`;

export interface Learning {
  /** The whole line as written, e.g. `- 2026-04-09 [agent-a]: Reddit blocks body links`. */
  line: string;
  date?: string;
  /** Who learned it, when the line says (`[agent-a]` after the date); the seed's lines do not. */
  agent?: string;
  text: string;
}

export interface SharedMindView {
  lastUpdated?: { at: string; agent: string };
  /** `### <agent>` subsections of ACTIVE STATE, text without the heading. */
  agentStates: Record<string, string>;
  /** Lines of ACTIVE STATE outside any subsection (the seed's bullet list). */
  stateLines: string[];
  neededNext: string[];
  learnings: Learning[];
}

interface Section {
  title: string;
  /** Index of the `## ` heading line, and the first index after the section. */
  start: number;
  end: number;
}

/** Lines with their endings kept, so joining them gives back the exact input. */
const splitKeepingEndings = (text: string): string[] => text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
const lineText = (line: string): string => line.replace(/\r?\n$/, "");
const eol = (lines: readonly string[]): string =>
  lines.some((line) => line.endsWith("\r\n")) ? "\r\n" : "\n";

function findSections(lines: readonly string[]): Section[] {
  const sections: Section[] = [];
  lines.forEach((line, index) => {
    const match = /^##(?!#)\s*(.*?)\s*$/.exec(lineText(line));
    if (!match) return;
    const previous = sections.at(-1);
    if (previous) previous.end = index;
    sections.push({ title: (match[1] ?? "").toUpperCase(), start: index, end: lines.length });
  });
  return sections;
}

const findSection = (lines: readonly string[], title: string): Section | undefined =>
  findSections(lines).find((section) => section.title.startsWith(title));

const AGENT_HEADING = /^###\s+(.+?)\s*$/;

const LEARNING_LINE = /^\s*[-*]\s+(?:(\d{4}-\d{2}-\d{2})(?:\s*\[([^\]\n]+)\])?\s*:\s*)?(.*\S)\s*$/;

export function parseLearningLine(line: string): Learning | undefined {
  const match = LEARNING_LINE.exec(lineText(line));
  if (!match) return undefined;
  return {
    line: lineText(line).trimEnd(),
    text: match[3] ?? "",
    ...(match[1] ? { date: match[1] } : {}),
    ...(match[2]?.trim() ? { agent: match[2].trim() } : {}),
  };
}

export function readSharedMind(text: string): SharedMindView {
  const lines = splitKeepingEndings(text);
  const view: SharedMindView = { agentStates: {}, stateLines: [], neededNext: [], learnings: [] };
  const active = findSection(lines, SECTION_ACTIVE_STATE);
  if (active) {
    let agent: string | undefined;
    for (const line of lines.slice(active.start + 1, active.end).map(lineText)) {
      const heading = AGENT_HEADING.exec(line);
      const updated = /^Last updated:\s*(.*?)\s*(?:\|\s*(.*?)\s*)?$/i.exec(line);
      if (heading) {
        agent = heading[1] ?? "";
        view.agentStates[agent] = "";
      } else if (updated && agent === undefined && !view.lastUpdated) {
        // The first stamp, the one setAgentState updates; a later one is an ordinary line.
        view.lastUpdated = { at: updated[1] ?? "", agent: updated[2] ?? "" };
      } else if (agent !== undefined) {
        view.agentStates[agent] = `${view.agentStates[agent]}${line}\n`;
      } else if (line.trim()) {
        view.stateLines.push(line);
      }
    }
    for (const [name, state] of Object.entries(view.agentStates)) view.agentStates[name] = state.trim();
  }
  const next = findSection(lines, SECTION_NEEDED_NEXT);
  if (next)
    view.neededNext = lines
      .slice(next.start + 1, next.end)
      .map(lineText)
      .filter((line) => line.trim());
  view.learnings = learningsOf(lines);
  return view;
}

function learningsOf(lines: readonly string[]): Learning[] {
  const section = findSection(lines, SECTION_LEARNINGS);
  if (!section) return [];
  return lines.slice(section.start + 1, section.end).flatMap((line) => parseLearningLine(line) ?? []);
}

/** Makes sure the three sections exist, appending missing ones at the end (never reordering). */
function ensureSection(lines: string[], title: string): Section {
  const existing = findSection(lines, title);
  if (existing) return existing;
  const newline = eol(lines);
  if (lines.length > 0 && !lines.at(-1)?.endsWith("\n")) lines[lines.length - 1] += newline;
  lines.push(`## ${title}${newline}`);
  return { title, start: lines.length - 1, end: lines.length };
}

/** Index just after the last non-blank line of a section, where appended lines belong. */
function endOfContent(lines: readonly string[], section: Section): number {
  let index = section.end;
  while (index > section.start + 1 && lineText(lines[index - 1] ?? "").trim() === "") index--;
  return index;
}

function insertLines(lines: string[], at: number, added: string[]): void {
  const newline = eol(lines);
  if (at > 0 && !lines[at - 1]?.endsWith("\n")) lines[at - 1] += newline;
  lines.splice(at, 0, ...added.map((line) => `${line}${newline}`));
}

/** The agent a `### <agent>` heading names, read the same way as readSharedMind reads it. */
const agentOfHeading = (line: string): string | undefined => AGENT_HEADING.exec(lineText(line))?.[1];

/**
 * Replaces agent's own `### <agent>` subsection (or adds it at the end of ACTIVE STATE) and
 * stamps `Last updated:`. Nothing else in the file changes.
 */
export function setAgentState(text: string, agent: string, state: string, at: string): string {
  const lines = splitKeepingEndings(text);
  let section = ensureSection(lines, SECTION_ACTIVE_STATE);
  const stateLines = state.split(/\r?\n/).filter((line, index, all) => line.trim() || index < all.length - 1);
  const headingIndex = lines.findIndex(
    (line, index) => index > section.start && index < section.end && agentOfHeading(line) === agent,
  );
  if (headingIndex >= 0) {
    let end = headingIndex + 1;
    while (end < section.end && !/^###?\s/.test(lineText(lines[end] ?? ""))) end++;
    // Keep the blank lines that separated this subsection from the next one.
    while (end > headingIndex + 1 && lineText(lines[end - 1] ?? "").trim() === "") end--;
    lines.splice(headingIndex + 1, end - headingIndex - 1);
    insertLines(lines, headingIndex + 1, stateLines);
  } else {
    insertLines(lines, endOfContent(lines, section), [`### ${agent}`, ...stateLines]);
  }
  section = findSection(lines, SECTION_ACTIVE_STATE) ?? section;
  const stamp = `Last updated: ${at} | ${agent}`;
  // The stamp lives before the first subsection (where readSharedMind reads it): a "Last
  // updated:" line inside another agent's subsection is that agent's text, not ours to stamp.
  let preambleEnd = section.start + 1;
  while (preambleEnd < section.end && agentOfHeading(lines[preambleEnd] ?? "") === undefined) preambleEnd++;
  const stampIndex = lines.findIndex(
    (line, index) => index > section.start && index < preambleEnd && /^Last updated:/i.test(lineText(line)),
  );
  if (stampIndex >= 0) lines[stampIndex] = stamp + (lines[stampIndex]?.match(/\r?\n$/)?.[0] ?? "");
  else insertLines(lines, section.start + 1, [stamp]);
  return lines.join("");
}

const oneLine = (text: string) => text.replace(/\s*[\r\n\u2028\u2029]\s*/g, " ").trim();

/**
 * One learning as a single line, naming who learned it: a line break inside it (CR, LF, U+2028/9
 * included) would split it into a non-learning.
 */
export const formatLearning = (date: string, text: string, agent?: string): string =>
  `- ${date}${agent ? ` [${oneLine(agent).replace(/[[\]]/g, "")}]` : ""}: ${oneLine(text)}`;

/** Learnings are the same when their words are, whoever wrote them, case and spacing aside. */
const sameWords = (text: string) =>
  oneLine(text)
    .toLowerCase()
    .replace(/\s+/g, " ")
    .replace(/[.!]+$/, "");

/** The learning already in the file that says `text`, if any. */
export function findLearning(mind: string, text: string): Learning | undefined {
  const words = sameWords(text);
  return learningsOf(splitKeepingEndings(mind)).find((learning) => sameWords(learning.text) === words);
}

/** Appends learning lines at the end of the learnings section; the rest of the file is kept. */
export function appendLearningLines(text: string, learningLines: readonly string[]): string {
  if (learningLines.length === 0) return text;
  const lines = splitKeepingEndings(text);
  const section = ensureSection(lines, SECTION_LEARNINGS);
  insertLines(lines, endOfContent(lines, section), [...learningLines]);
  return lines.join("");
}

/** Appends a learning unless the file already has it (the same learning is never added twice). */
export const appendLearning = (text: string, date: string, learning: string, agent?: string): string =>
  findLearning(text, learning) ? text : appendLearningLines(text, [formatLearning(date, learning, agent)]);

/** Learning lines in `before` that `after` no longer has: these must be restored (ARCHITECTURE.md, "SHARED_MIND.md"). */
export function lostLearnings(before: string, after: string): string[] {
  const kept = new Set(learningsOf(splitKeepingEndings(after)).map((learning) => learning.line.trim()));
  return learningsOf(splitKeepingEndings(before))
    .map((learning) => learning.line)
    .filter((line) => !kept.has(line.trim()));
}

/** The learning lines beyond the newest `keep`, oldest first: what an archive pass moves out. */
export function oldLearningLines(text: string, keep: number): string[] {
  const learnings = learningsOf(splitKeepingEndings(text));
  return learnings.slice(0, Math.max(0, learnings.length - keep)).map((learning) => learning.line);
}

/** Removes these learning lines (once each) from the learnings section; every other byte is kept. */
export function removeLearningLines(text: string, lines: readonly string[]): string {
  const remove = new Set(lines.map((line) => line.trim()));
  const all = splitKeepingEndings(text);
  const section = findSection(all, SECTION_LEARNINGS);
  if (!section || remove.size === 0) return text;
  const kept = all.filter((line, index) => {
    if (index <= section.start || index >= section.end) return true;
    const learning = parseLearningLine(line);
    if (!learning || !remove.has(learning.line.trim())) return true;
    remove.delete(learning.line.trim());
    return false;
  });
  return kept.join("");
}
