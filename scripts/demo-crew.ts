/**
 * A demo crew root with a day of history, for the README's screenshots: archived tasks with
 * footers and run records, lock holds, a month of ledger lines, notifications, a written
 * SHARED_MIND.md, and a config whose worker prints Claude-style progress and keeps running.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { crewPaths, initCrewRoot } from "../core/crew-root.js";
import { appendResultFooter, type ResultFooter } from "../shared/task-file.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const at = (now: number, msAgo: number) => new Date(now - msAgo).toISOString();

/** One assistant event per line, as the Claude Code CLI prints them (with each message's usage), then a long think. */
const message = (id: string, content: unknown[], input: number, output: number) => ({
  type: "assistant",
  message: {
    id,
    model: "claude-sonnet-4-5",
    content,
    usage: { input_tokens: input, output_tokens: output, cache_read_input_tokens: input * 4 },
  },
});
const STREAM = [
  { type: "system", subtype: "init", session_id: "demo", model: "claude-sonnet-4-5" },
  message("m1", [{ type: "text", text: "Reading the listings and the new Stripe links." }], 3200, 120),
  message("m2", [{ type: "tool_use", name: "Read", input: { file_path: "outputs/listings.csv" } }], 5400, 60),
  message(
    "m3",
    [{ type: "tool_use", name: "Edit", input: { file_path: "outputs/listing-2.md" } }],
    7100,
    410,
  ),
  message("m4", [{ type: "text", text: "Listing 2 updated; moving on to listing 5." }], 8300, 90),
];

export const DEMO_CONFIG = {
  approval: { aboveUsd: 5 },
  agents: {
    "agent-a": { concurrency: 1 },
    "agent-b": { concurrency: 1, tier: 1 },
    researcher: { concurrency: 0 },
  },
  tiers: {
    "1": { budget: { daily: 2 } },
    "2": { budget: { daily: 10, monthly: 150 }, window: { hours: 5, runs: 40 } },
    "3": { budget: { daily: 20 } },
  },
  worker: {
    command: "sh",
    args: [
      "-c",
      `${STREAM.map((event) => `echo '${JSON.stringify(event)}'; sleep 0.4`).join("; ")}; sleep 600`,
    ],
  },
};

const SHARED_MIND = (now: number) => `# SHARED_MIND.md
## ACTIVE STATE
Last updated: ${at(now, 12 * MINUTE)} | agent-b
### agent-a
Updating ClawMart listings 2, 5 and 9 with the new Stripe links; listing 2 done.
### agent-b
Drafted the April newsletter; waiting for pricing to settle before sending.
## WHAT'S NEEDED NEXT
- Approve the billing migration (tier 3) before Friday
- Re-run the Reddit post once the link rule is handled
## WHAT EACH AGENT HAS LEARNED
[append-only section — never deleted]
- 2026-04-02: Reddit removes posts with links in the body; put links in a comment
- 2026-04-05: ClawMart's API rate-limits at 60 requests a minute; batch listing updates
- 2026-04-08: Stripe payment links change when the price changes; never cache them
`;

interface Archived {
  id: string;
  agent: string;
  task: string;
  tier: number;
  model: string;
  minutesAgo: number;
  minutes: number;
  costUsd: number;
  result?: string;
  reason?: string;
}

const ARCHIVED: Archived[] = [
  {
    id: "summarise-support-inbox",
    agent: "agent-b",
    task: "Summarise yesterday's support inbox",
    tier: 1,
    model: "haiku",
    minutesAgo: 50,
    minutes: 4,
    costUsd: 0.02,
    result: "14 threads, 3 need a refund decision",
  },
  {
    id: "draft-april-newsletter",
    agent: "agent-b",
    task: "Draft the April newsletter",
    tier: 2,
    model: "sonnet",
    minutesAgo: 130,
    minutes: 22,
    costUsd: 0.41,
    result: "Draft in outputs/newsletter-april.md",
  },
  {
    id: "fix-checkout-typo",
    agent: "agent-a",
    task: "Fix the typo on the checkout page",
    tier: 1,
    model: "haiku",
    minutesAgo: 200,
    minutes: 3,
    costUsd: 0.01,
    result: "Fixed in templates/checkout.html",
  },
  {
    id: "post-launch-to-reddit",
    agent: "agent-a",
    task: "Post the launch to r/sideproject",
    tier: 2,
    model: "sonnet",
    minutesAgo: 95,
    minutes: 9,
    costUsd: 0.18,
    reason: "the worker reported success but outputs/reddit-post.md is missing",
  },
  {
    id: "price-comparison",
    agent: "agent-a",
    task: "Compare our prices with the three nearest competitors",
    tier: 2,
    model: "sonnet",
    minutesAgo: 300,
    minutes: 35,
    costUsd: 0.77,
    result: "Table in outputs/price-comparison.md",
  },
];

async function writeArchived(root: string, now: number, task: Archived): Promise<void> {
  const paths = crewPaths(root);
  const started = at(now, (task.minutesAgo + task.minutes) * MINUTE);
  const finished = at(now, task.minutesAgo * MINUTE);
  const footer: ResultFooter = {
    status: task.reason ? "failed" : "done",
    agent: task.agent,
    tier: task.tier,
    model: task.model,
    attempts: task.reason ? 3 : 1,
    started,
    finished,
    costUsd: task.costUsd,
    ...(task.result ? { result: task.result, output: `outputs/${task.id}.md (verified, 2048 bytes)` } : {}),
    ...(task.reason ? { reason: task.reason } : {}),
  };
  const text = `TASK: ${task.task}\nFROM: operator\nEXPECTED_OUTPUT: outputs/${task.id}.md\n`;
  await writeFile(
    join(task.reason ? paths.failed : paths.completed, `${task.id}.md`),
    appendResultFooter(text, footer),
  );
  if (task.result)
    await writeFile(join(paths.outputs, `${task.id}.md`), `# ${task.task}\n\n${task.result}.\n`);
  const runDir = join(paths.runs, task.id);
  await mkdir(runDir, { recursive: true });
  await writeFile(
    join(runDir, "run.json"),
    JSON.stringify({
      id: task.id,
      agent: task.agent,
      source: `coordination/for_${task.agent.replace(/-/g, "_")}/${task.id}.md`,
      fileName: `${task.id}.md`,
      state: footer.status,
      ownerPid: 1,
      route: { tier: task.tier, model: task.model, reason: "demo" },
      sessionId: "demo",
      attempts: [
        {
          attempt: 1,
          startedAt: started,
          endedAt: finished,
          costUsd: task.costUsd,
          outcome: footer.status === "done" ? "done" : task.reason,
        },
      ],
      startedAt: started,
    }),
  );
}

function ledgerLines(now: number): string {
  const lines: string[] = [];
  for (let day = 29; day >= 0; day--) {
    // A working week's rhythm: quiet weekends, a busy launch week.
    const weekday = new Date(now - day * 24 * HOUR).getUTCDay();
    const load = weekday === 0 || weekday === 6 ? 0.2 : day < 8 ? 1.6 : 1;
    const spend: [number, number][] = [
      [1, 0.35 * load],
      [2, 3.2 * load * (1 + Math.sin(day) * 0.3)],
      [3, day % 6 === 2 ? 4.5 : 0],
    ];
    // A day's spend is several runs, as the ledger has one line per attempt.
    const runs = 6;
    for (const [tier, costUsd] of spend)
      for (let run = 0; costUsd > 0 && run < runs; run++)
        lines.push(
          JSON.stringify({
            at: at(now, day * 24 * HOUR + (run + 1) * HOUR),
            taskId: `day-${day}-t${tier}-${run}`,
            agent: "agent-a",
            tier,
            model: ["", "haiku", "sonnet", "opus"][tier],
            attempt: 1,
            costUsd: Number((costUsd / runs).toFixed(4)),
          }),
        );
  }
  return `${lines.join("\n")}\n`;
}

function notificationLines(now: number): string {
  const notes = [
    {
      minutesAgo: 130,
      kind: "task-done",
      priority: "normal",
      title: "Done: Draft the April newsletter",
      body: "Draft in outputs/newsletter-april.md — $0.41, outputs/draft-april-newsletter.md",
      where: "outputs/draft-april-newsletter.md",
    },
    {
      minutesAgo: 95,
      kind: "task-failed",
      priority: "high",
      title: "Failed: Post the launch to r/sideproject",
      body: "the worker reported success but outputs/reddit-post.md is missing after 3 attempt(s) — $0.18",
      where: "coordination/failed/post-launch-to-reddit.md",
    },
    {
      minutesAgo: 70,
      kind: "lock-stale",
      priority: "normal",
      title: "Stale lock removed: stripe-links",
      body: "agent-b held it for 34 min (its process 81231 is gone); removed so others can work",
    },
    {
      minutesAgo: 50,
      kind: "task-done",
      priority: "normal",
      title: "Done: Summarise yesterday's support inbox",
      body: "14 threads, 3 need a refund decision — $0.02, outputs/summarise-support-inbox.md",
      where: "outputs/summarise-support-inbox.md",
    },
  ];
  return `${notes.map((note, index) => JSON.stringify({ id: `demo-${index}`, at: at(now, note.minutesAgo * MINUTE), ...note })).join("\n")}\n`;
}

function lockHistory(now: number): string {
  const holds = [
    ["clawmart-api", "agent-a", "task price-comparison", 330, 300],
    ["stripe-links", "agent-b", "rotating payment links", 104, 70],
    ["clawmart-api", "agent-a", "task fix-checkout-typo", 203, 200],
    ["newsletter", "agent-b", "task draft-april-newsletter", 152, 130],
  ] as const;
  return `${holds
    .map(([resource, holder, purpose, fromMin, toMin]) =>
      JSON.stringify({
        resource,
        holder,
        purpose,
        acquiredAt: at(now, fromMin * MINUTE),
        releasedAt: at(now, toMin * MINUTE),
        heldSeconds: (fromMin - toMin) * 60,
        how: resource === "stripe-links" ? "stale" : "released",
      }),
    )
    .join("\n")}\n`;
}

const task = (lines: string[]) => `${lines.join("\n")}\n`;

/** Fills `root` (initialised here) with the demo's files; the daemon then adds the live part. */
export async function writeDemoCrew(root: string, now = Date.now()): Promise<void> {
  await initCrewRoot(root);
  const paths = crewPaths(root);
  await mkdir(join(paths.coordination, "for_researcher"), { recursive: true });
  await writeFile(paths.config, `${JSON.stringify(DEMO_CONFIG, null, 2)}\n`);
  await writeFile(paths.sharedMind, SHARED_MIND(now));
  for (const archived of ARCHIVED) await writeArchived(root, now, archived);
  await writeFile(paths.ledger, ledgerLines(now));
  await writeFile(paths.notifications, notificationLines(now));
  await writeFile(join(paths.appData, "lock-history.jsonl"), lockHistory(now));
  await writeFile(
    join(paths.inProgress, `clawmart-api-${Math.floor((now - 6 * MINUTE) / 1000)}.lock`),
    "agent-a: updating listings 2, 5 and 9\n",
  );
  await writeFile(
    join(paths.inProgress, `newsletter-${Math.floor((now - 20 * MINUTE) / 1000)}.lock`),
    "agent-b: waiting on pricing\n",
  );
  await writeFile(
    join(paths.coordination, "for_researcher", "competitor-watch.md"),
    task([
      "TASK: Watch the three competitors' pricing pages for changes",
      "PRIORITY: low",
      "FROM: schedule:weekly",
    ]),
  );
  await writeFile(
    join(paths.coordination, "for_researcher", "refund-policy.md"),
    task(["TASK: Summarise how competitors word their refund policy", "FROM: agent-b", "TIER: 1"]),
  );
}

/** Tasks dropped once the daemon runs, so they flow through it as real work would. */
export const LIVE_TASKS: { inbox: string; name: string; text: string }[] = [
  {
    inbox: "for_agent_a",
    name: "listing_update.md",
    text: task([
      "TASK: Update all ClawMart listings with new pricing",
      "PRIORITY: high",
      "FROM: agent-b",
      "CONTEXT: Stripe payment links updated, need to inject into listings 2, 5, and 9",
      "EXPECTED_OUTPUT: outputs/listing_update_result.md",
      "DEADLINE: before next cron run",
    ]),
  },
  {
    inbox: "for_agent_a",
    name: "migrate-billing.md",
    text: task([
      "TASK: Migrate billing to the new Stripe price objects",
      "TIER: 3",
      "FROM: operator",
      "CONTEXT: touches live payments; needs care",
    ]),
  },
  {
    inbox: "for_agent_a",
    name: "update-faq.md",
    text: task([
      "TASK: Update the FAQ with the new prices",
      "FROM: agent-b",
      "EXPECTED_OUTPUT: outputs/faq.md",
    ]),
  },
];

/**
 * Drops the live tasks into a running daemon's crew in order. The first (high priority) must be
 * running before the others arrive: agent-a runs one task at a time, and two files written within
 * the settle wait may be read in either order, so without the wait a picture or a test could
 * find the FAQ update running instead of waiting.
 */
export async function dropLiveTasks(
  root: string,
  daemon: { waitFor(pattern: RegExp, timeoutMs?: number): Promise<unknown> },
): Promise<void> {
  const [first, ...rest] = LIVE_TASKS;
  if (!first) return;
  const drop = (live: (typeof LIVE_TASKS)[number]) =>
    writeFile(join(root, "coordination", live.inbox, live.name), live.text);
  await drop(first);
  await daemon.waitFor(new RegExp(`started ${first.name.replace(/\.md$/, "")}\\b`), 30_000);
  for (const live of rest) await drop(live);
}
