/**
 * The small, bounded context one triage sends: the crew's status, the slice of SHARED_MIND.md
 * and the recent notifications that the message is about, each line marked with the file it
 * came from so the answer can cite it. Lines the message names go first; the rest fill what is
 * left of `triage.contextChars`. The overview lines (counts, spend, running workers) always go.
 */
import type { Notification } from "../../shared/notification.js";
import { readSharedMind } from "../../shared/shared-mind.js";
import type { Status } from "../../shared/status.js";
import { keywords, relevance } from "./relevance.js";

export interface TriageContext {
  text: string;
  /** Every file a line of the context came from: the only paths an answer may cite. */
  sources: string[];
  /** The files behind the lines the message named, best match first. */
  relevant: string[];
}

const SECTIONS = [
  "Crew now",
  "Spend",
  "Running",
  "Awaiting approval",
  "Waiting in inboxes",
  "Failed",
  "Completed",
  "Locks",
  "SHARED_MIND.md",
  "Recent notifications",
] as const;
type Section = (typeof SECTIONS)[number];

interface Fact {
  section: Section;
  line: string;
  sources: string[];
  /** Sent whatever the message is about. */
  always?: boolean;
}

const LEDGER = ".switchyard/ledger.jsonl";
const FEED = ".switchyard/notifications.jsonl";
const MIND = "SHARED_MIND.md";
/** Enough of the newest of each kind; older history is what the files are for. */
const RECENT = 15;

const short = (text: string, length = 160): string => {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length <= length ? line : `${line.slice(0, length - 1)}…`;
};
const usd = (amount: number): string => `$${amount.toFixed(2)}`;
const outputPath = (output: string | undefined): string | undefined => output?.split(" (")[0];

function statusFacts(status: Status): Fact[] {
  const pending = Object.values(status.pending).flat();
  const facts: Fact[] = [
    {
      section: "Crew now",
      line: `${pending.length} waiting in inboxes, ${status.awaitingApproval.length} awaiting approval, ${status.workers.length} running, ${status.completed.length} completed, ${status.failed.length} failed, ${status.locks.length} locks held; time ${status.generatedAt}`,
      sources: [],
      always: true,
    },
  ];
  for (const tier of ["0", "1", "2", "3"] as const) {
    const cost = status.costs[tier];
    if (!cost) continue;
    const daily = cost.budget.daily === null ? "" : ` of ${usd(cost.budget.daily)} daily budget`;
    facts.push({
      section: "Spend",
      line: `tier ${tier}: today ${usd(cost.today)}${daily}, this month ${usd(cost.month)}`,
      sources: [LEDGER],
      always: true,
    });
  }
  const { triage, heartbeat } = status.alwaysOn;
  facts.push({
    section: "Spend",
    line: `the always-on agent today: ${triage.calls} triage calls (${usd(triage.usd)}), heartbeat ${heartbeat.tokens} of ${heartbeat.tokenCap} tokens (${usd(heartbeat.usd)})`,
    sources: [LEDGER],
    always: true,
  });
  const files = new Map(status.inProgress.map((task) => [task.id, task]));
  for (const worker of status.workers) {
    const task = files.get(worker.task);
    const said = worker.progress?.lastText ?? worker.progress?.lastTool;
    facts.push({
      section: "Running",
      line: `${worker.agent} runs ${worker.task}: "${short(task?.task ?? "", 100)}" (tier ${worker.tier} ${worker.model ?? ""}, attempt ${worker.attempt ?? 1}, since ${worker.startedAt}, ${usd(worker.progress?.costUsd ?? 0)} so far${said ? `, last: ${short(said, 80)}` : ""})`,
      sources: task ? [task.file] : [],
      always: true,
    });
  }
  for (const task of status.awaitingApproval)
    facts.push({
      section: "Awaiting approval",
      line: `${task.id} for ${task.agent}: "${short(task.task, 100)}" — ${task.approval?.reason ?? "asks first"}`,
      sources: [task.file],
    });
  for (const task of pending.slice(0, RECENT * 2))
    facts.push({
      section: "Waiting in inboxes",
      line: `${task.id} for ${task.agent} (${task.priority}${task.route ? `, tier ${task.route.tier}` : ""}): "${short(task.task, 100)}"${task.waitingFor ? ` — waits: ${task.waitingFor}` : ""}`,
      sources: [task.file],
    });
  for (const task of status.failed.slice(0, RECENT)) {
    const footer = task.footer;
    facts.push({
      section: "Failed",
      line: `${task.id}${footer?.agent ? ` (${footer.agent}, tier ${footer.tier})` : ""}: "${short(task.task ?? "", 100)}" — ${short(footer?.reason ?? task.problem ?? "no reason recorded", 240)}; finished ${task.finishedAt}${footer?.attempts ? ` after ${footer.attempts} attempt(s)` : ""}`,
      sources: [task.file],
    });
  }
  for (const task of status.completed.slice(0, RECENT)) {
    const footer = task.footer;
    const output = outputPath(footer?.output);
    facts.push({
      section: "Completed",
      line: `${task.id}${footer?.agent ? ` (${footer.agent})` : ""}: "${short(task.task ?? "", 100)}" — ${output ? `output ${output}` : "no output file"}${footer?.result ? `; said: ${short(footer.result, 120)}` : ""}; finished ${task.finishedAt}`,
      sources: output ? [task.file, output] : [task.file],
    });
  }
  for (const lock of status.locks)
    facts.push({
      section: "Locks",
      line: `${lock.resource} held by ${lock.holder} for ${Math.round(lock.ageSeconds / 60)} min (${short(lock.purpose, 80)})${lock.stale ? " — STALE" : ""}`,
      sources: [`coordination/in_progress/${lock.file}`],
    });
  return facts;
}

function sharedMindFacts(text: string): Fact[] {
  const view = readSharedMind(text);
  const fact = (line: string): Fact => ({
    section: "SHARED_MIND.md",
    line: short(line, 200),
    sources: [MIND],
  });
  const facts: Fact[] = [];
  for (const [agent, state] of Object.entries(view.agentStates))
    for (const line of state.split("\n").filter((line) => line.trim())) facts.push(fact(`${agent}: ${line}`));
  for (const line of view.stateLines) facts.push(fact(line));
  for (const line of view.neededNext) facts.push(fact(`needed next: ${line}`));
  for (const learning of view.learnings.slice(-50).reverse())
    facts.push(fact(`learned${learning.date ? ` ${learning.date}` : ""}: ${learning.text}`));
  return facts;
}

function notificationFacts(notifications: readonly Notification[]): Fact[] {
  return notifications.slice(0, RECENT).map((notification) => ({
    section: "Recent notifications",
    line: `${notification.at} ${short(notification.title, 100)} — ${short(notification.body, 140)}`,
    sources: notification.where ? [notification.where, FEED] : [FEED],
  }));
}

const render = (fact: Fact): string =>
  `- ${fact.line}${fact.sources.length ? ` [${fact.sources.join("; ")}]` : ""}`;

export function buildTriageContext(input: {
  question: string;
  status: Status;
  sharedMind: string;
  notifications: readonly Notification[];
  limitChars: number;
}): TriageContext {
  const all = [
    ...statusFacts(input.status),
    ...sharedMindFacts(input.sharedMind),
    ...notificationFacts(input.notifications),
  ];
  const wanted = keywords(input.question);
  const scored = all.map((fact, index) => ({ fact, index, score: relevance(fact.line, wanted) }));
  // The overview first, then what the message names (best match first), then the rest in order.
  const ranked = scored.sort(
    (a, b) =>
      Number(Boolean(b.fact.always)) - Number(Boolean(a.fact.always)) ||
      b.score - a.score ||
      a.index - b.index,
  );
  const chosen = new Set<Fact>();
  let used = 0;
  for (const { fact } of ranked) {
    const size = render(fact).length + 1;
    if (used + size > input.limitChars && !fact.always) continue;
    chosen.add(fact);
    used += size;
  }
  const lines: string[] = [];
  for (const section of SECTIONS) {
    const facts = all.filter((fact) => fact.section === section && chosen.has(fact));
    if (facts.length) lines.push(`## ${section}`, ...facts.map(render));
  }
  const sources = [...new Set([...chosen].flatMap((fact) => fact.sources))];
  const relevant = [
    ...new Set(
      ranked.filter(({ fact, score }) => score > 0 && chosen.has(fact)).flatMap(({ fact }) => fact.sources),
    ),
  ];
  return { text: lines.join("\n"), sources, relevant };
}
