/**
 * Task files (ARCHITECTURE.md, "Task files"): the seed's format parses exactly, every header survives a round trip,
 * archived files keep their text and gain a footer, and no input whatsoever makes the parser
 * throw: a bad file is a `{ ok: false }` naming the line and key to fix.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  appendResultFooter,
  type NewTask,
  PRIORITIES,
  type ParsedTask,
  type ParseResult,
  parseTaskBytes,
  parseTaskFile,
  type ResultFooter,
  serializeTaskFile,
  splitFooter,
  type TaskProblem,
} from "../../shared/task-file.js";
import { SEED_TASK } from "../support/crew-fixture.js";

/** The seed task from the product contract, exactly as written. */
const SEED = SEED_TASK;

const utf8 = (text: string) => new TextEncoder().encode(text);

function parsed(text: string): ParsedTask {
  const result = parseTaskFile(text);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(text)} to parse: ${JSON.stringify(result)}`);
  return result.value;
}

function problemsOf(result: ParseResult<ParsedTask>): TaskProblem[] {
  if (result.ok) throw new Error(`expected a problem, but it parsed: ${JSON.stringify(result.value)}`);
  expect(result.problems.length).toBeGreaterThan(0);
  return result.problems;
}

describe("parseTaskFile: the seed example", () => {
  it("parses every field of the seed exactly as written", () => {
    const task = parsed(SEED);
    expect(task.fields).toEqual({
      task: "Update all ClawMart listings with new pricing",
      priority: "high",
      from: "agent-b",
      context: "Stripe payment links updated, need to inject into listings 2, 5, and 9",
      expectedOutput: "outputs/listing_update_result.md",
      deadline: "before next cron run",
      locks: [],
      approvalRequired: false,
    });
    expect(task.fields.deadlineAt).toBeUndefined();
    expect(task.body).toBe("");
    expect(task.footer).toBeUndefined();
  });

  it("keeps every header entry with its spelling and 1-based line number", () => {
    expect(parsed(SEED).headers).toEqual([
      { key: "TASK", value: "Update all ClawMart listings with new pricing", line: 1 },
      { key: "PRIORITY", value: "high", line: 2 },
      { key: "FROM", value: "agent-b", line: 3 },
      {
        key: "CONTEXT",
        value: "Stripe payment links updated, need to inject into listings 2, 5, and 9",
        line: 4,
      },
      { key: "EXPECTED_OUTPUT", value: "outputs/listing_update_result.md", line: 5 },
      { key: "DEADLINE", value: "before next cron run", line: 6 },
    ]);
  });

  it("parses the seed without a trailing newline and with CRLF line endings the same way", () => {
    const reference = parsed(SEED);
    expect(parsed(SEED.trimEnd()).fields).toEqual(reference.fields);
    const crlf = parsed(SEED.replace(/\n/g, "\r\n"));
    expect(crlf.fields).toEqual(reference.fields);
    expect(crlf.headers).toEqual(reference.headers);
  });

  it("reads a UTF-8 byte-order mark as nothing", () => {
    const result = parseTaskBytes(utf8(`\uFEFF${SEED}`));
    expect(result.ok && result.value.fields.task).toBe("Update all ClawMart listings with new pricing");
  });
});

describe("parseTaskFile: header rules", () => {
  it("defaults PRIORITY to normal, LOCKS to none and approval to not required", () => {
    expect(parsed("TASK: do it\n").fields).toEqual({
      task: "do it",
      priority: "normal",
      locks: [],
      approvalRequired: false,
    });
  });

  it.each([
    ["task: lower", "lower"],
    ["Task: mixed", "mixed"],
    ["TASK:no space", "no space"],
    ["TASK :   spaced out   ", "spaced out"],
  ])("reads keys case-insensitively and trims values: %j", (line, task) => {
    expect(parsed(`${line}\n`).fields.task).toBe(task);
  });

  it("reads Expected-Output with a hyphen as EXPECTED_OUTPUT and priorities in any case", () => {
    const task = parsed("Task: x\nPriority: URGENT\nExpected-Output: outputs/a.md\n");
    expect(task.fields.priority).toBe("urgent");
    expect(task.fields.expectedOutput).toBe("outputs/a.md");
  });

  it("joins a line that starts with whitespace to the previous value", () => {
    const task = parsed(
      "TASK: Update listings\nCONTEXT: Stripe links changed\n  inject into listings 2, 5, 9\n\tand re-check 12\nPRIORITY: low\n",
    );
    expect(task.fields.context).toBe("Stripe links changed\ninject into listings 2, 5, 9\nand re-check 12");
    expect(task.fields.priority).toBe("low");
    expect(task.headers.map((entry) => [entry.key, entry.line])).toEqual([
      ["TASK", 1],
      ["CONTEXT", 2],
      ["PRIORITY", 5],
    ]);
  });

  it("ends the header at the first blank line; the rest is the body, verbatim", () => {
    const body =
      "Listing 2: https://x.example/2\n\nNOTE: this line looks like a header but is body\n  indented";
    const task = parsed(`TASK: x\nFROM: operator\n\n${body}\n`);
    expect(task.body).toBe(`${body}\n`);
    expect(task.headers.map((entry) => entry.key)).toEqual(["TASK", "FROM"]);
  });

  it("treats a whitespace-only line as the blank line that ends the header", () => {
    const task = parsed("TASK: x\n   \nPRIORITY: nonsense\n");
    expect(task.fields.priority).toBe("normal");
    expect(task.body).toBe("PRIORITY: nonsense\n");
  });

  it("keeps unknown keys in `headers`, in file order, with their spelling", () => {
    const task = parsed("X-Ticket: 42\nTASK: x\nreviewer: bob\nPRIORITY: high\nZeta: last\n  more\n");
    expect(task.headers.map(({ key, value }) => [key, value])).toEqual([
      ["X-Ticket", "42"],
      ["TASK", "x"],
      ["reviewer", "bob"],
      ["PRIORITY", "high"],
      ["Zeta", "last\nmore"],
    ]);
    expect(Object.keys(task.fields)).not.toContain("reviewer");
  });

  it("reads TIER, MODEL, LOCKS, APPROVAL and an ISO DEADLINE", () => {
    const task = parsed(
      "TASK: x\nTIER: 3\nMODEL: opus\nLOCKS: devto, mail-queue ,db.main\nAPPROVAL: Required\nDEADLINE: 2026-04-10T09:00:00+02:00\n",
    );
    expect(task.fields).toMatchObject({
      tier: 3,
      model: "opus",
      locks: ["devto", "mail-queue", "db.main"],
      approvalRequired: true,
      deadline: "2026-04-10T09:00:00+02:00",
      deadlineAt: "2026-04-10T07:00:00.000Z",
    });
  });

  it("accepts a value with a Unicode line separator or a lone CR in it", () => {
    expect(parsed("TASK: first\u2028second\n").fields.task).toBe("first\u2028second");
    expect(parsed("TASK: a\rb\n").fields.task).toBe("a\rb");
  });
});

describe("parseTaskFile: malformed input is a problem naming the line and key, never a throw", () => {
  it("reports a missing TASK", () => {
    const [problem] = problemsOf(parseTaskFile(SEED.replace(/^TASK:.*\n/, "")));
    expect(problem).toMatchObject({ line: 1, key: "TASK" });
    expect(problem?.message).toMatch(/missing/);
  });

  it("reports an empty file and a body-only file as missing TASK", () => {
    expect(problemsOf(parseTaskFile(""))[0]?.key).toBe("TASK");
    expect(problemsOf(parseTaskFile("\njust some words\n"))[0]?.key).toBe("TASK");
  });

  it("reports an empty TASK on its line", () => {
    expect(problemsOf(parseTaskFile("PRIORITY: high\nTASK:\n"))[0]).toMatchObject({ line: 2, key: "TASK" });
  });

  it("reports a bad PRIORITY on its line and lists the allowed values", () => {
    const [problem] = problemsOf(parseTaskFile("TASK: x\nPRIORITY: asap\n"));
    expect(problem).toMatchObject({ line: 2, key: "PRIORITY" });
    for (const priority of PRIORITIES) expect(problem?.message).toContain(priority);
    expect(problem?.message).toContain('"asap"');
  });

  it("reports a duplicated TASK on the second occurrence and names the first", () => {
    const [problem] = problemsOf(parseTaskFile("TASK: one\nFROM: a\ntask: two\n"));
    expect(problem).toMatchObject({ line: 3, key: "TASK" });
    expect(problem?.message).toMatch(/twice.*line 1/);
  });

  it.each(["4", "-1", "two", "1.5", ""])("reports TIER %j as out of range", (tier) => {
    const [problem] = problemsOf(parseTaskFile(`TASK: x\nFROM: a\nTIER: ${tier}\n`));
    expect(problem).toMatchObject({ line: 3, key: "TIER" });
  });

  it.each([
    "../x",
    "/etc/passwd",
    "outputs/../../x",
    "..\\secrets.txt",
    "C:\\Windows\\win.ini",
    ".",
    "outputs/..",
  ])("reports EXPECTED_OUTPUT %j, which is not a file inside the root", (path) => {
    const [problem] = problemsOf(parseTaskFile(`TASK: x\nEXPECTED_OUTPUT: ${path}\n`));
    expect(problem).toMatchObject({ line: 2, key: "EXPECTED_OUTPUT" });
  });

  it("accepts EXPECTED_OUTPUT paths that stay inside the root", () => {
    for (const path of ["outputs/a.md", "./outputs/a.md", "outputs/x/../a.md", "a.md"])
      expect(parsed(`TASK: x\nEXPECTED_OUTPUT: ${path}\n`).fields.expectedOutput).toBe(path);
  });

  it("reports a LOCKS entry that is not a resource name and a bad APPROVAL", () => {
    expect(problemsOf(parseTaskFile("TASK: x\nLOCKS: devto, ../etc\n"))[0]).toMatchObject({
      line: 2,
      key: "LOCKS",
    });
    expect(problemsOf(parseTaskFile("TASK: x\nAPPROVAL: maybe\n"))[0]).toMatchObject({
      line: 2,
      key: "APPROVAL",
    });
  });

  it("reports a header line that is not KEY: value on its line", () => {
    const [problem] = problemsOf(parseTaskFile("TASK: x\nthis is prose\n"));
    expect(problem?.line).toBe(2);
    expect(problem?.message).toMatch(/KEY: value/);
  });

  it("reports a continuation line with no key above it", () => {
    expect(problemsOf(parseTaskFile("  indented first\nTASK: x\n"))[0]?.line).toBe(1);
  });

  it("refuses binary garbage (random bytes with NUL) as not a text file", () => {
    const bytes = new Uint8Array(512);
    for (let index = 0; index < bytes.length; index++) bytes[index] = (index * 7919 + 13) % 256;
    bytes[100] = 0;
    const [problem] = problemsOf(parseTaskBytes(bytes));
    expect(problem?.message).toMatch(/not a text file/);
  });

  it("refuses a 5 MB file with its size, instead of reading it", () => {
    const bytes = new Uint8Array(5 * 1024 * 1024).fill(0x61);
    bytes.set(utf8("TASK: x\n\n"));
    const [problem] = problemsOf(parseTaskBytes(bytes));
    expect(problem?.message).toMatch(/5\.0 MB/);
  });

  it("refuses invalid UTF-8", () => {
    const bytes = new Uint8Array([...utf8("TASK: caf"), 0xc3, 0x28, ...utf8("\n")]);
    const [problem] = problemsOf(parseTaskBytes(bytes));
    expect(problem?.message).toMatch(/UTF-8/);
  });

  it("never throws on arbitrary bytes, and answers ok or names at least one problem", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 2048 }),
          // Text that decodes, so the header parser itself meets the garbage.
          fc.string({ unit: "binary", maxLength: 400 }).map((text) => utf8(`TASK: x\n${text}`)),
        ),
        (bytes) => {
          const result = parseTaskBytes(bytes);
          if (!result.ok) expect(result.problems.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("never throws on arbitrary header-shaped text", () => {
    const line = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 30 }),
      fc
        .tuple(
          fc.constantFrom(
            "TASK",
            "PRIORITY",
            "TIER",
            "LOCKS",
            "EXPECTED_OUTPUT",
            "DEADLINE",
            "APPROVAL",
            "STATUS",
            "COST_USD",
            "X-Other",
          ),
          fc.string({ unit: "grapheme", maxLength: 30 }),
        )
        .map(([key, value]) => `${key}: ${value}`),
      fc.constantFrom("---", "", "  continued"),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 15 }), fc.constantFrom("\n", "\r\n"), (lines, newline) => {
        const result = parseTaskFile(lines.join(newline));
        if (!result.ok) expect(result.problems.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});

// ------------------------------------------------------------------ round trips

/** A header value as a writer can keep it: trimmed lines, no blank line inside (that would end the header). */
const awkward = fc.constantFrom("\u2028", "\u2029", "\r", "\u00a0", "\t", ": ", "KEY: v", "---", "é", "🚂");
const headerLine = fc
  .array(fc.oneof({ weight: 3, arbitrary: fc.string({ unit: "grapheme", maxLength: 12 }) }, awkward), {
    minLength: 1,
    maxLength: 4,
  })
  .map((parts) => parts.join(""));
const headerValue = (maxLines = 3) =>
  fc
    .array(headerLine, { minLength: 1, maxLength: maxLines })
    .map((lines) =>
      lines
        .flatMap((line) => line.split(/\r?\n/))
        .map((line) => line.trim())
        .filter(Boolean)
        .join("\n"),
    )
    .filter((value) => value !== "");

const resourceName = fc.stringMatching(/^[a-z0-9][a-z0-9._]{0,8}(-[a-z0-9._]{1,5}){0,2}$/);
const relativePath = fc
  .array(fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,8}$/), { minLength: 1, maxLength: 3 })
  .map((parts) => parts.join("/"));
const KNOWN_KEYS = new Set([
  "TASK",
  "PRIORITY",
  "FROM",
  "CONTEXT",
  "EXPECTED_OUTPUT",
  "DEADLINE",
  "TIER",
  "MODEL",
  "LOCKS",
  "APPROVAL",
]);
const extraKey = fc
  .stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,12}$/)
  .filter((key) => !KNOWN_KEYS.has(key.toUpperCase().replace(/-/g, "_")));
const bodyLine = fc.oneof(
  { weight: 5, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom("---", "Status: draft", "STATUS: pending review", "KEY: value") },
);

const newTask: fc.Arbitrary<NewTask> = fc.record(
  {
    task: headerValue(),
    priority: fc.constantFrom(...PRIORITIES),
    from: headerValue(1),
    context: headerValue(),
    expectedOutput: relativePath,
    deadline: fc.oneof(headerValue(1), fc.constant("2026-04-10T09:00:00Z")),
    tier: fc.integer({ min: 0, max: 3 }),
    model: headerValue(1),
    locks: fc.array(resourceName, { maxLength: 3 }),
    approvalRequired: fc.boolean(),
    extra: fc.uniqueArray(fc.record({ key: extraKey, value: headerValue() }), {
      maxLength: 3,
      selector: (entry) => entry.key.toUpperCase().replace(/-/g, "_"),
    }),
    body: fc.array(bodyLine, { maxLength: 6 }).map((lines) => lines.join("\n")),
  },
  { requiredKeys: ["task"] },
);

/** What the parser is expected to give back: the serialized form normalises only line endings and trailing space. */
const expectedBody = (body: string | undefined) =>
  body?.trim() ? `${body.replace(/\r\n/g, "\n").replace(/\s+$/, "")}\n` : "";

describe("serializeTaskFile → parseTaskFile round trip", () => {
  it("gives back the fields, the extra headers in order and the body of any generated task", () => {
    fc.assert(
      fc.property(newTask, (task) => {
        const text = serializeTaskFile(task);
        const back = parsed(text);
        const { deadlineAt: _deadlineAt, ...fields } = back.fields;
        // toEqual: a field left out of the task must be absent (undefined) after the round trip too.
        expect(fields).toEqual({
          task: task.task,
          priority: task.priority ?? "normal",
          from: task.from,
          context: task.context,
          expectedOutput: task.expectedOutput,
          deadline: task.deadline,
          tier: task.tier,
          model: task.model,
          locks: task.locks ?? [],
          approvalRequired: task.approvalRequired ?? false,
        });
        const extra = task.extra ?? [];
        expect(
          back.headers.slice(back.headers.length - extra.length).map(({ key, value }) => ({ key, value })),
        ).toEqual(extra);
        expect(back.body).toBe(expectedBody(task.body));
        expect(back.footer).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it("writes the seed's layout for the seed's fields", () => {
    expect(
      serializeTaskFile({
        task: "Update all ClawMart listings with new pricing",
        priority: "high",
        from: "agent-b",
        context: "Stripe payment links updated, need to inject into listings 2, 5, and 9",
        expectedOutput: "outputs/listing_update_result.md",
        deadline: "before next cron run",
      }),
    ).toBe(SEED);
  });
});

// ------------------------------------------------------------------ footers

const FOOTER: ResultFooter = {
  status: "done",
  agent: "agent-b",
  tier: 2,
  model: "claude-sonnet-4-5",
  attempts: 1,
  started: "2026-04-09T21:20:03Z",
  finished: "2026-04-09T21:24:41Z",
  costUsd: 0.0412,
  session: "4f1c2a8e-1b7d-4c1e-9a55-2f0d7c9b1e11",
  output: "outputs/listing_update_result.md (verified, 1834 bytes)",
  result: "Updated listings 2, 5 and 9",
};

describe("result footer", () => {
  it("appends after the original bytes, which stay first and untouched", () => {
    const archived = appendResultFooter(SEED, FOOTER);
    expect(archived.startsWith(SEED)).toBe(true);
    expect(archived.slice(SEED.length)).toMatch(/^\n---\nSTATUS: done\nAGENT: agent-b\n/);
    expect(archived).toContain("COST_USD: 0.0412\n");
  });

  it("parses back to the footer and the original fields", () => {
    const task = parsed(appendResultFooter(SEED, FOOTER));
    expect(task.footer).toEqual(FOOTER);
    expect(task.fields).toEqual(parsed(SEED).fields);
    expect(task.headers).toEqual(parsed(SEED).headers);
  });

  it("gives back exactly the original text from splitFooter", () => {
    const withBody = `${SEED}\nNotes for the worker.\n`;
    for (const original of [SEED, withBody]) {
      const { main, footer } = splitFooter(
        appendResultFooter(original, { status: "failed", reason: "no output" }),
      );
      expect(main).toBe(original);
      expect(footer).toContain("REASON: no output");
    }
  });

  it("leaves a --- inside the body alone", () => {
    const text = "TASK: x\n\nPart one\n---\nPart two\n";
    expect(splitFooter(text)).toEqual({ main: text, footerStartLine: 0 });
    const archived = appendResultFooter(text, { status: "done" });
    const task = parsed(archived);
    expect(task.body).toBe("Part one\n---\nPart two\n");
    expect(task.footer).toEqual({ status: "done" });
  });

  it("keeps a body's own --- rule followed by a 'Status:' note as body, not as a broken footer", () => {
    const text = "TASK: x\n\nDraft below\n---\nStatus: draft\n";
    const task = parsed(text);
    expect(task.footer).toBeUndefined();
    expect(task.body).toBe("Draft below\n---\nStatus: draft\n");
    expect(parsed(appendResultFooter(text, { status: "done" })).body).toBe(task.body);
  });

  it("keeps a multi-line RESULT whose continuation is a --- rule inside the footer", () => {
    const footer: ResultFooter = { status: "failed", result: "Summary\n---\nDetails", reason: "no output" };
    const task = parsed(appendResultFooter(SEED, footer));
    expect(task.footer).toEqual(footer);
    expect(task.fields).toEqual(parsed(SEED).fields);
  });

  it("round-trips any footer appended to any generated task", () => {
    const footer: fc.Arbitrary<ResultFooter> = fc.record(
      {
        status: fc.constantFrom("done", "failed"),
        agent: headerValue(1),
        tier: fc.integer({ min: 0, max: 3 }),
        model: headerValue(1),
        attempts: fc.integer({ min: 0, max: 9 }),
        started: fc.constant("2026-04-09T21:20:03Z"),
        costUsd: fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 10_000),
        result: headerValue(),
        reason: headerValue(),
      },
      { requiredKeys: ["status"] },
    );
    fc.assert(
      fc.property(newTask, footer, (task, result) => {
        const original = serializeTaskFile(task);
        const back = parsed(appendResultFooter(original, result));
        expect(back.footer).toEqual(result);
        expect(back.fields).toEqual(parsed(original).fields);
        expect(back.body).toBe(parsed(original).body);
      }),
      { numRuns: 200 },
    );
  });
});
