/**
 * Worker context benchmark (issue 14): what a worker's requests to the Messages API carry when
 * SHARED_MIND.md holds 10, 1,000 or 10,000 learnings. For each count, one task through the engine
 * on a fresh crew, its worker the real Claude Code CLI answered by the Messages API stand-in, and
 * every request body measured as the CLI sent it. Sizes only, no timing: the figures repeat.
 *
 * After (this build): the prompt carries the task and a slice of SHARED_MIND.md within
 * worker.sharedMindTokens (core/engine/mind-slice.ts). Before (main at 5af6e41): the prompt told the
 * worker to read SHARED_MIND.md itself. The stand-in never asks the CLI to Read anything, so that
 * figure is computed, not sent: the old prompt (built by that commit's own worker-prompt.ts, for the
 * same task, paths and attempt) plus the whole SHARED_MIND.md it told the worker to read.
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseConfig } from "../shared/config.js";
import {
  formatLearning,
  SECTION_LEARNINGS,
  SECTION_NEEDED_NEXT,
  SHARED_MIND_TEMPLATE,
} from "../shared/shared-mind.js";
import { crewPaths, inboxDirForAgent, initCrewRoot } from "../core/crew-root.js";
import { Engine } from "../core/engine/engine.js";
import { CHARS_PER_TOKEN } from "../core/engine/mind-slice.js";
import { claudeWorkerConfig, makeClaudeSandbox } from "./support/claude-cli.js";
import { startMessagesStandin, writeThenReport } from "./support/messages-api-standin.js";

const COUNTS = [10, 1_000, 10_000];
const BEFORE_COMMIT = "5af6e41";
const AGENT = "agent-b";
const OUTPUT = "outputs/listing_update_result.md";
const TASK_FILE = "listings-5-9.md";
const TASK = `TASK: Put the new Stripe checkout links into ClawMart listings 5 and 9
PRIORITY: high
FROM: agent-a
CONTEXT: Pricing changes on Friday; listing 2 already carries its new link
EXPECTED_OUTPUT: ${OUTPUT}
`;

/** The old module's input: the new one's without the task text and the slice. */
interface PromptBeforeInput {
  agent: string;
  taskFile: string;
  expectedOutput?: string;
  checkpoint: string;
  attempt: number;
  maxAttempts: number;
}

/**
 * `workerPrompt` as main had it at BEFORE_COMMIT, from the repository's history: the module
 * imports nothing, so stripping its types is all it takes to run it.
 */
async function promptBefore(): Promise<(input: PromptBeforeInput) => string> {
  let source: string;
  try {
    source = execFileSync("git", ["show", `${BEFORE_COMMIT}:core/engine/worker-prompt.ts`], {
      cwd: dirname(fileURLToPath(import.meta.url)),
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (error) {
    throw new Error(
      `The "before" figure needs commit ${BEFORE_COMMIT} from this checkout's git history (in a shallow clone: git fetch --unshallow). ${String(error)}`,
    );
  }
  const { default: ts } = await import("typescript");
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const old = (await import(`data:text/javascript;base64,${Buffer.from(js).toString("base64")}`)) as {
    workerPrompt: (input: PromptBeforeInput) => string;
  };
  return old.workerPrompt;
}

/** Deterministic pseudo-random numbers (mulberry32), so every run writes the same learnings. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const SUBJECTS = [
  "Reddit",
  "The Stripe dashboard",
  "ClawMart listings",
  "The nightly cron",
  "Telegram replies",
  "The CSV export",
  "Gumroad payouts",
  "The staging deploy",
  "Shopify webhooks",
  "The newsletter draft",
  "Image uploads",
  "The pricing page",
  "The Google Sheets sync",
  "The Notion roadmap",
  "Customer emails",
  "The sitemap",
  "Discord invites",
  "The OAuth callback",
  "PDF invoices",
  "The search index",
];
const FINDINGS = [
  "rejects",
  "silently drops",
  "times out on",
  "rate-limits",
  "double-counts",
  "needs a retry for",
  "caches",
  "truncates",
  "reorders",
  "mangles",
];
const OBJECTS = [
  "body links",
  "requests over 2 MB",
  "batches of more than 50 rows",
  "links older than a day",
  "Unicode in titles",
  "empty descriptions",
  "duplicate SKUs",
  "bursts of more than 10 calls a minute",
  "timestamps without a timezone",
  "images wider than 4096 px",
  "payment links",
  "prices with three decimals",
];
const ADVICE = [
  "post the link as a comment instead",
  "split the batch and retry",
  "regenerate it right before use",
  "check the log before rerunning",
  "ask agent-a before touching it",
  "wait 60 s and try again",
  "normalize to UTC first",
  "dedupe by SKU first",
  "keep a copy in outputs/ first",
  "run it after 02:00 UTC",
  "send it as plain text",
];
const pick = <T>(next: () => number, items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;

/**
 * A crew's SHARED_MIND.md: the agents' state, what is needed next, and `count` learnings in
 * the order they were appended, dated over the year and a half before 2026-04-09.
 */
function sharedMind(count: number): string {
  const next = random(14);
  const last = Date.parse("2026-04-09T00:00:00Z");
  const learnings = Array.from({ length: count }, (_, index) => {
    const daysAgo = Math.floor(((count - 1 - index) * 500) / count);
    const date = new Date(last - daysAgo * 86_400_000).toISOString().slice(0, 10);
    const text = `${pick(next, SUBJECTS)} ${pick(next, FINDINGS)} ${pick(next, OBJECTS)}: ${pick(next, ADVICE)} (seen in task ${pick(next, ["listings", "payouts", "deploy", "newsletter", "sync", "support"])}-${1 + Math.floor(next() * 400)})`;
    return formatLearning(date, text, pick(next, ["agent-a", "agent-b", "agent-c", "agent-d"]));
  });
  const state = [
    "- Pricing changes on Friday: every listing carries its new Stripe link by then",
    "### agent-a",
    "- 2026-04-09T08:40Z newsletter-12: drafted the April issue → done",
    `### ${AGENT}`,
    "- 2026-04-09T09:00Z listings-1: updated listing 2 → done",
    "- 2026-04-09T09:10Z listings-2: listing 5 waits for its new Stripe link → blocked",
  ];
  const neededNext = [
    "- Update listings 5 and 9 with the new Stripe links",
    "- Re-run the sitemap afterwards",
  ];
  const text = SHARED_MIND_TEMPLATE.replace(
    `## ${SECTION_NEEDED_NEXT}\n`,
    `${state.join("\n")}\n## ${SECTION_NEEDED_NEXT}\n`,
  ).replace(`## ${SECTION_LEARNINGS}\n`, `${neededNext.join("\n")}\n## ${SECTION_LEARNINGS}\n`);
  if (!text.includes(neededNext[0] as string))
    throw new Error("SHARED_MIND_TEMPLATE changed: update bench/context.ts");
  return text.concat(learnings.join("\n"), "\n");
}

interface Measure {
  learnings: number;
  mindBytes: number;
  beforePromptBytes: number;
  taskBytes: number;
  bodies: number[];
  promptBytes: number;
  /** The slice's own count, from its heading ("… (N of M; …)"). */
  learningsShown: string;
}

const bytes = (text: string): number => Buffer.byteLength(text, "utf8");

/** What the prompt names, read back from it so the old prompt is built for the very same run. */
function named(prompt: string, pattern: RegExp, what: string): string {
  const found = pattern.exec(prompt)?.[1];
  if (!found)
    throw new Error(`the worker's prompt no longer names ${what} as ${pattern}: update bench/context.ts`);
  return found;
}

async function measure(learnings: number, before: (input: PromptBeforeInput) => string): Promise<Measure> {
  const root = await mkdtemp(join(tmpdir(), "switchyard-bench-context-"));
  const sandbox = await makeClaudeSandbox();
  const standin = await startMessagesStandin({
    script: writeThenReport(
      join(root, OUTPUT),
      "Listings 5 and 9 carry the new links.\n",
      "Updated 5 and 9.",
    ),
  });
  try {
    await initCrewRoot(root);
    const json = JSON.stringify(claudeWorkerConfig(standin.url, sandbox), null, 2);
    await writeFile(join(root, "switchyard.json"), json);
    const parsed = parseConfig(json);
    if (!parsed.ok) throw new Error(parsed.problems.join("; "));
    const mind = sharedMind(learnings);
    await writeFile(crewPaths(root).sharedMind, mind);
    await writeFile(join(crewPaths(root).coordination, inboxDirForAgent(AGENT), TASK_FILE), TASK);
    const engine = new Engine({ root, config: parsed.config, watch: false });
    try {
      await engine.start();
      await engine.whenIdle();
    } finally {
      await engine.stop();
    }
    // A failed run would be a different conversation: insist the engine verified the output and archived the task.
    const archived = await readFile(join(crewPaths(root).completed, TASK_FILE), "utf8").catch(() => "");
    if (!/^STATUS: done$/m.test(archived))
      throw new Error(`the task was not done at ${learnings} learnings: ${archived || "not in completed/"}`);
    const main = standin.mainRequests();
    const prompt = main[0]?.lastUserText ?? "";
    if (!prompt.startsWith(`You are ${AGENT}`))
      throw new Error(`the first request does not carry the worker's prompt: ${prompt.slice(0, 200)}`);
    const beforePrompt = before({
      agent: AGENT,
      taskFile: named(prompt, /Your task, from (\S+) \(/, "the task file"),
      expectedOutput: OUTPUT,
      checkpoint: named(prompt, /progress notes to (\S+) as you go/, "the checkpoint"),
      attempt: 1,
      maxAttempts: parsed.config.worker.maxAttempts,
    });
    return {
      learnings,
      mindBytes: bytes(mind),
      beforePromptBytes: bytes(beforePrompt),
      taskBytes: bytes(TASK),
      bodies: main.map((request) => request.bodyBytes),
      promptBytes: bytes(prompt),
      learningsShown: /Learnings most relevant to this task \((\d+) of/.exec(prompt)?.[1] ?? "0",
    };
  } finally {
    await standin.close();
    await sandbox.cleanup();
    await rm(root, { recursive: true, force: true });
  }
}

const size = (value: number): string => `${value.toLocaleString("en-US")} B`;
const tokens = (value: number): string => {
  const count = value / CHARS_PER_TOKEN;
  return count >= 1_000 ? `≈ ${(count / 1_000).toFixed(1)}k tok` : `≈ ${Math.round(count)} tok`;
};

function table(rows: readonly Measure[]): string[] {
  const header = [
    "learnings",
    "SHARED_MIND.md",
    "before: prompt + SHARED_MIND.md",
    "after: 1st request body",
    "after: prompt",
    "learnings in the slice",
    "requests (bodies)",
  ];
  const cells = rows.map((row) => [
    row.learnings.toLocaleString("en-US"),
    size(row.mindBytes),
    `${size(row.beforePromptBytes + row.mindBytes)} ${tokens(row.beforePromptBytes + row.mindBytes)}`,
    size(row.bodies[0] ?? 0),
    `${size(row.promptBytes)} ${tokens(row.promptBytes)}`,
    `${row.learningsShown} of ${row.learnings.toLocaleString("en-US")}`,
    `${row.bodies.length} (${row.bodies.map(size).join(" + ")})`,
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((cell) => (cell[column] ?? "").length)),
  );
  const line = (cell: readonly string[]) =>
    `  | ${cell.map((text, column) => text.padEnd(widths[column] ?? 0)).join(" | ")} |`;
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...cells.map(line)];
}

export async function runContextBench(): Promise<void> {
  console.log("worker context: what a worker's requests carry, by learnings in SHARED_MIND.md");
  const before = await promptBefore();
  const rows: Measure[] = [];
  for (const learnings of COUNTS) rows.push(await measure(learnings, before));
  for (const text of table(rows)) console.log(text);
  const first = rows[0];
  console.log(
    [
      `  after: measured at the Messages API stand-in with the real claude CLI; the prompt is the text Switchyard gave the worker (its user message), inside the first request's body.`,
      `  before (main at ${BEFORE_COMMIT}): computed, not sent: that commit's worker prompt for the same task (${size(first?.beforePromptBytes ?? 0)}) plus the whole SHARED_MIND.md it told the worker to read,`,
      `    because the stand-in never calls Read; left out: the task file it was also told to read (${size(first?.taskBytes ?? 0)}), the Read round trips and Read's line numbers.`,
      `  tokens ≈ bytes / ${CHARS_PER_TOKEN}.`,
      "",
    ].join("\n"),
  );
}
