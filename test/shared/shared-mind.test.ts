/**
 * SHARED_MIND.md (ARCHITECTURE.md, "SHARED_MIND.md"): the seed's hand-written file parses and is kept byte for byte;
 * an agent replaces only its own `### <agent>` subsection; learnings are appended, never lost.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  appendLearning,
  appendLearningLines,
  findLearning,
  formatLearning,
  lostLearnings,
  parseLearningLine,
  readSharedMind,
  SHARED_MIND_TEMPLATE,
  setAgentState,
} from "../../shared/shared-mind.js";

const SEED_LEARNING =
  "- 2026-04-09: Reddit spam filter blocks body links from new accounts. Use inline content + first-comment for URL.";

/** The seed's SHARED_MIND.md, exactly as the article shows it. */
const SEED = `# SHARED_MIND.md
## ACTIVE STATE
Last updated: 2026-04-09T21:20Z | Agent A
- ClawMart: 14 listings rebranded (complete)
- dev.to: 6 articles live, all tagged claudecode
- Purchase flow: fully live (Stripe → ACE → Resend)
- Pending: Reddit posts ready in outputs/reddit_posts_ready.md
## WHAT'S NEEDED NEXT
1. Pull 1000 visitors to the funnel
2. First conversion = validate the stack
3. Iterate on what converts
## WHAT EACH AGENT HAS LEARNED
[append-only section — never deleted]
${SEED_LEARNING}
`;

const AT = "2026-04-10T08:00:00Z";
const crlf = (text: string) => text.replace(/\r?\n/g, "\r\n");
const hasBareLf = (text: string) => /(?<!\r)\n/.test(text);

/** The text from the `## ACTIVE STATE` line up to the next `## ` heading, and what is around it. */
function splitAtActiveState(text: string): { before: string; active: string; after: string } {
  const start = text.search(/^## ACTIVE STATE/m);
  if (start < 0) throw new Error("no ACTIVE STATE section");
  const next = text.slice(start + 1).search(/^##(?!#)/m);
  const end = next < 0 ? text.length : start + 1 + next;
  return { before: text.slice(0, start), active: text.slice(start, end), after: text.slice(end) };
}

/**
 * The raw bytes of `### <agent>` and its lines, up to the next heading. Blank lines at its end
 * are the separator before whatever comes next (a new subsection goes before them), not part of it.
 */
function subsection(text: string, agent: string): string | undefined {
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const start = lines.findIndex((line) => line.replace(/\r?\n$/, "") === `### ${agent}`);
  if (start < 0) return undefined;
  let end = start + 1;
  while (end < lines.length && !/^###?\s/.test(lines[end] ?? "")) end++;
  while (end > start + 1 && (lines[end - 1] ?? "").trim() === "") end--;
  return lines.slice(start, end).join("");
}

describe("readSharedMind: the seed's file", () => {
  it("reads the Last updated line, the state bullets, the next steps and the learning", () => {
    expect(readSharedMind(SEED)).toEqual({
      lastUpdated: { at: "2026-04-09T21:20Z", agent: "Agent A" },
      agentStates: {},
      stateLines: [
        "- ClawMart: 14 listings rebranded (complete)",
        "- dev.to: 6 articles live, all tagged claudecode",
        "- Purchase flow: fully live (Stripe → ACE → Resend)",
        "- Pending: Reddit posts ready in outputs/reddit_posts_ready.md",
      ],
      neededNext: [
        "1. Pull 1000 visitors to the funnel",
        "2. First conversion = validate the stack",
        "3. Iterate on what converts",
      ],
      learnings: [
        {
          line: SEED_LEARNING,
          date: "2026-04-09",
          text: "Reddit spam filter blocks body links from new accounts. Use inline content + first-comment for URL.",
        },
      ],
    });
  });

  it("does not count the '[append-only section]' note as a learning", () => {
    expect(readSharedMind(SEED).learnings).toHaveLength(1);
    expect(parseLearningLine("[append-only section — never deleted]")).toBeUndefined();
  });

  it("gives back the file byte for byte when nothing is appended", () => {
    expect(appendLearningLines(SEED, [])).toBe(SEED);
    expect(appendLearningLines(crlf(SEED), [])).toBe(crlf(SEED));
  });

  it("reads the same view from the seed with CRLF line endings", () => {
    expect(readSharedMind(crlf(SEED))).toEqual(readSharedMind(SEED));
  });

  it("reads the first Last updated line, the one setAgentState stamps, and keeps a second as a line", () => {
    const text = SEED.replace("- ClawMart", "Last updated: 2026-01-01 | old\n- ClawMart");
    const view = readSharedMind(text);
    expect(view.lastUpdated).toEqual({ at: "2026-04-09T21:20Z", agent: "Agent A" });
    expect(view.stateLines[0]).toBe("Last updated: 2026-01-01 | old");
    expect(readSharedMind(setAgentState(text, "agent-b", "x", AT)).lastUpdated).toEqual({
      at: AT,
      agent: "agent-b",
    });
  });

  it("reads the app's own template as empty", () => {
    expect(readSharedMind(SHARED_MIND_TEMPLATE)).toMatchObject({
      agentStates: {},
      stateLines: [],
      neededNext: [],
      learnings: [],
    });
  });
});

describe("setAgentState", () => {
  it("adds the agent's subsection at the end of ACTIVE STATE and stamps Last updated", () => {
    const after = setAgentState(SEED, "agent-b", "Working on: Reddit posts\nBlocked: none", AT);
    const view = readSharedMind(after);
    expect(view.agentStates).toEqual({ "agent-b": "Working on: Reddit posts\nBlocked: none" });
    expect(view.lastUpdated).toEqual({ at: AT, agent: "agent-b" });
    expect(view.stateLines).toEqual(readSharedMind(SEED).stateLines);
    expect(after).toContain(
      "- Pending: Reddit posts ready in outputs/reddit_posts_ready.md\n### agent-b\nWorking on: Reddit posts\nBlocked: none\n## WHAT'S NEEDED NEXT\n",
    );
  });

  it("changes nothing outside ACTIVE STATE", () => {
    const after = setAgentState(SEED, "agent-b", "busy", AT);
    expect(splitAtActiveState(after).before).toBe(splitAtActiveState(SEED).before);
    expect(splitAtActiveState(after).after).toBe(splitAtActiveState(SEED).after);
  });

  it("replaces the agent's subsection on a second call instead of adding another", () => {
    const once = setAgentState(SEED, "agent-b", "drafting post 1", AT);
    const twice = setAgentState(once, "agent-b", "second\nline two", "2026-04-10T09:00:00Z");
    expect(twice.match(/^### agent-b$/gm)).toHaveLength(1);
    expect(twice).not.toContain("drafting post 1");
    expect(readSharedMind(twice).agentStates["agent-b"]).toBe("second\nline two");
    expect(readSharedMind(twice).lastUpdated).toEqual({ at: "2026-04-10T09:00:00Z", agent: "agent-b" });
  });

  it("leaves another agent's subsection alone, blank lines included", () => {
    const text = `${SEED.replace("## WHAT'S NEEDED NEXT", "### agent-a\nwriting article 7\n\n### agent-b\nold\n\n## WHAT'S NEEDED NEXT")}`;
    const after = setAgentState(text, "agent-b", "new", AT);
    expect(after).toContain("### agent-a\nwriting article 7\n\n### agent-b\nnew\n\n## WHAT'S NEEDED NEXT");
  });

  it("finds a hand-written heading with extra spaces rather than adding a second one", () => {
    const text = SEED.replace("## WHAT'S NEEDED NEXT", "###  agent-b \nold\n## WHAT'S NEEDED NEXT");
    const after = setAgentState(text, "agent-b", "new", AT);
    expect(after.match(/^###\s+agent-b\s*$/gm)).toHaveLength(1);
    expect(readSharedMind(after).agentStates).toEqual({ "agent-b": "new" });
  });

  it("never stamps a 'Last updated:' line that belongs to another agent's subsection", () => {
    const text =
      "# SHARED_MIND.md\n## ACTIVE STATE\n### agent-a\nLast updated: by hand, Tuesday\nfixing DNS\n";
    const after = setAgentState(text, "agent-b", "idle", AT);
    expect(subsection(after, "agent-a")).toBe("### agent-a\nLast updated: by hand, Tuesday\nfixing DNS\n");
    expect(readSharedMind(after).lastUpdated).toEqual({ at: AT, agent: "agent-b" });
  });

  it("adds ACTIVE STATE at the end of a file that has none, keeping the rest as a prefix", () => {
    const text = "# notes\nsome text";
    const after = setAgentState(text, "agent-a", "hello", AT);
    expect(after.startsWith(`${text}\n`)).toBe(true);
    expect(readSharedMind(after).agentStates).toEqual({ "agent-a": "hello" });
  });

  it("keeps CRLF line endings in a CRLF file", () => {
    const after = setAgentState(crlf(SEED), "agent-b", "one\ntwo", AT);
    expect(hasBareLf(after)).toBe(false);
    expect(after).toBe(crlf(setAgentState(SEED, "agent-b", "one\ntwo", AT)));
  });

  // A hand-edited file: free lines, per-agent subsections (some with "Last updated:" lines of
  // their own and blank lines), then the other sections.
  const agentName = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
  const textLine = fc
    .oneof(
      fc.string({ unit: "grapheme-ascii", maxLength: 30 }),
      fc.constantFrom("", "- bullet", "Last updated: yesterday | someone", "#### detail", "  indented"),
    )
    .map((line) => line.replace(/[\r\n]/g, " "))
    .filter((line) => !/^###?\s/.test(line) && !/^##(?!#)/.test(line));
  const mindFile = fc.record({
    stamp: fc.boolean(),
    free: fc.array(textLine, { maxLength: 3 }),
    agents: fc.uniqueArray(fc.tuple(agentName, fc.array(textLine, { maxLength: 4 })), {
      maxLength: 4,
      selector: ([name]) => name,
    }),
    newline: fc.constantFrom("\n", "\r\n"),
  });
  const render = (file: {
    stamp: boolean;
    free: string[];
    agents: [string, string[]][];
    newline: string;
  }): string =>
    [
      "# SHARED_MIND.md",
      "## ACTIVE STATE",
      ...(file.stamp ? ["Last updated: 2026-04-09T21:20Z | Agent A"] : []),
      ...file.free,
      ...file.agents.flatMap(([name, lines]) => [`### ${name}`, ...lines]),
      "## WHAT'S NEEDED NEXT",
      "1. ship",
      "## WHAT EACH AGENT HAS LEARNED",
      SEED_LEARNING,
      "",
    ].join(file.newline);
  const newState = fc
    .array(textLine, { minLength: 1, maxLength: 4 })
    .map((lines) => lines.join("\n"))
    .filter((state) => state.trim() !== "");

  it("keeps every other agent's subsection and every byte outside ACTIVE STATE (property)", () => {
    fc.assert(
      fc.property(mindFile, agentName, newState, newState, (file, agent, first, second) => {
        const text = render(file);
        const others = file.agents.map(([name]) => name).filter((name) => name !== agent);
        const once = setAgentState(text, agent, first, AT);
        const twice = setAgentState(once, agent, second, "2026-04-11T00:00:00Z");
        for (const result of [once, twice]) {
          for (const name of others) expect(subsection(result, name)).toBe(subsection(text, name));
          expect(splitAtActiveState(result).before).toBe(splitAtActiveState(text).before);
          expect(splitAtActiveState(result).after).toBe(splitAtActiveState(text).after);
          expect(result.match(new RegExp(`^### ${agent}\\r?$`, "gm"))).toHaveLength(1);
          if (file.newline === "\r\n") expect(hasBareLf(result)).toBe(false);
        }
        expect(readSharedMind(twice).agentStates[agent]).toBe(second.trim());
        expect(readSharedMind(twice).lastUpdated).toEqual({ at: "2026-04-11T00:00:00Z", agent });
      }),
      { numRuns: 300 },
    );
  });
});

/** Offset just after the last non-blank line of the learnings section. */
function endOfLearnings(text: string): number {
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const heading = lines.findIndex((line) => line.startsWith("## WHAT EACH AGENT HAS LEARNED"));
  let end = lines.findIndex((line, index) => index > heading && /^##(?!#)/.test(line));
  if (end < 0) end = lines.length;
  while (end > heading + 1 && (lines[end - 1] ?? "").trim() === "") end--;
  return lines.slice(0, end).join("").length;
}

describe("appendLearning", () => {
  it("adds exactly one line after the last learning and changes nothing else", () => {
    const after = appendLearning(SEED, "2026-04-10", "dev.to rate-limits at 10 posts/hour");
    expect(after).toBe(`${SEED}- 2026-04-10: dev.to rate-limits at 10 posts/hour\n`);
    expect(readSharedMind(after).learnings.map((learning) => learning.text)).toEqual([
      "Reddit spam filter blocks body links from new accounts. Use inline content + first-comment for URL.",
      "dev.to rate-limits at 10 posts/hour",
    ]);
  });

  it("inserts before blank lines and a later section, not after them", () => {
    const text = `${SEED}\n\n## NOTES\nkeep me\n`;
    const line = "- 2026-04-10: new";
    expect(appendLearning(text, "2026-04-10", "new")).toBe(
      text.replace(`${SEED_LEARNING}\n`, `${SEED_LEARNING}\n${line}\n`),
    );
  });

  it("ends a last line that had no newline before appending", () => {
    const text = SEED.trimEnd();
    expect(appendLearning(text, "2026-04-10", "x")).toBe(`${text}\n- 2026-04-10: x\n`);
  });

  it("adds the learnings section at the end when a file has none", () => {
    const text = "# SHARED_MIND.md\n## ACTIVE STATE\nall quiet\n";
    expect(appendLearning(text, "2026-04-10", "x")).toBe(
      `${text}## WHAT EACH AGENT HAS LEARNED\n- 2026-04-10: x\n`,
    );
  });

  it("keeps CRLF line endings in a CRLF file", () => {
    const after = appendLearning(crlf(SEED), "2026-04-10", "x");
    expect(after).toBe(`${crlf(SEED)}- 2026-04-10: x\r\n`);
  });

  it("writes a learning with line breaks in it as one line that reads back as a learning", () => {
    for (const text of ["two\nlines", "cr\ronly", "crlf\r\nhere", "sep\u2028arator", "para\u2029graph"]) {
      const line = formatLearning("2026-04-10", text);
      expect(line).not.toMatch(/[\r\n\u2028\u2029]/);
      expect(parseLearningLine(line)?.date).toBe("2026-04-10");
    }
  });

  it("inserts one line and keeps the bytes before and after it (property)", () => {
    const learning = fc
      .string({ unit: "grapheme", minLength: 1, maxLength: 40 })
      .filter((text) => /\S/.test(text.replace(/[\r\n\u2028\u2029]/g, "")));
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(SEED_LEARNING, "- 2026-04-10: b", "* c", "free note", ""), { maxLength: 5 }),
        fc.boolean(),
        fc.constantFrom("\n", "\r\n"),
        learning,
        (body, laterSection, newline, text) => {
          const original = [
            "# SHARED_MIND.md",
            "## ACTIVE STATE",
            "## WHAT EACH AGENT HAS LEARNED",
            ...body,
            ...(laterSection ? ["## NOTES", "- 2026-01-01: not a learning of ours"] : []),
            "",
          ].join(newline);
          fc.pre(findLearning(original, text) === undefined); // a learning already there is not added again
          const after = appendLearning(original, "2026-04-10", text);
          const added = `${formatLearning("2026-04-10", text)}${newline}`;
          expect(after).toBe(
            original.slice(0, endOfLearnings(original)) + added + original.slice(endOfLearnings(original)),
          );
          const before = readSharedMind(original).learnings;
          const learnings = readSharedMind(after).learnings;
          expect(learnings.slice(0, before.length)).toEqual(before);
          expect(learnings).toHaveLength(before.length + 1);
          expect(learnings.at(-1)?.line).toBe(formatLearning("2026-04-10", text).trimEnd());
          expect(lostLearnings(original, after)).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("lostLearnings", () => {
  const two = appendLearning(SEED, "2026-04-10", "second learning");

  it("finds a learning line another writer removed", () => {
    expect(lostLearnings(two, SEED)).toEqual(["- 2026-04-10: second learning"]);
    expect(lostLearnings(two, setAgentState(SEED, "agent-b", "x", AT))).toEqual([
      "- 2026-04-10: second learning",
    ]);
  });

  it("counts an edited learning as lost and a moved one as kept", () => {
    expect(lostLearnings(SEED, SEED.replace("Reddit spam filter", "Reddit filter"))).toEqual([SEED_LEARNING]);
    const reordered = two.replace(
      `${SEED_LEARNING}\n- 2026-04-10: second learning\n`,
      `- 2026-04-10: second learning\n${SEED_LEARNING}\n`,
    );
    expect(reordered).not.toBe(two);
    expect(lostLearnings(two, reordered)).toEqual([]);
  });

  it("finds nothing lost after other agents' state edits or a CRLF rewrite", () => {
    expect(lostLearnings(two, setAgentState(two, "agent-a", "busy", AT))).toEqual([]);
    expect(lostLearnings(two, crlf(two))).toEqual([]);
  });

  it("finds a learning lost when the whole section was deleted", () => {
    expect(lostLearnings(SEED, SEED.slice(0, SEED.indexOf("## WHAT EACH AGENT")))).toEqual([SEED_LEARNING]);
  });
});

describe("who learned it", () => {
  it("writes and reads the agent after the date, and still reads the seed's bare lines", () => {
    const after = appendLearning(SEED, "2026-04-10", "dev.to limits posts", "agent-b");
    expect(after.endsWith("- 2026-04-10 [agent-b]: dev.to limits posts\n")).toBe(true);
    expect(readSharedMind(after).learnings.map(({ agent, date, text }) => ({ agent, date, text }))).toEqual([
      {
        agent: undefined,
        date: readSharedMind(SEED).learnings[0]?.date,
        text: readSharedMind(SEED).learnings[0]?.text,
      },
      { agent: "agent-b", date: "2026-04-10", text: "dev.to limits posts" },
    ]);
  });

  it("never adds a learning the file already has, whoever learned it first", () => {
    const once = appendLearning(SEED, "2026-04-10", "dev.to limits posts", "agent-b");
    expect(appendLearning(once, "2026-04-11", "Dev.to limits  posts.", "agent-a")).toBe(once);
    const seedText = readSharedMind(SEED).learnings[0]?.text ?? "";
    expect(appendLearning(SEED, "2026-04-11", seedText, "agent-a")).toBe(SEED);
  });
});
