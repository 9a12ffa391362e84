import { permissionTitle, sessionLabel, waitingWords } from "../../shared/sessions.js";
import type { Status } from "../../shared/status.js";
import { clockWords, durationWords, relativeWords } from "../../shared/time-words.js";
import { scheduleStatus } from "../../core/schedule/scheduler.js";
import { readStatus } from "../../core/status.js";
import { statusFromHost } from "../../hosts/headless/host-status.js";
import type { Command } from "../command.js";
import { openCrew } from "../crew.js";
import { formatTable } from "../table.js";

export const statusCommand: Command = {
  path: ["status"],
  summary: "show pending, running and finished tasks, locks, workers and costs",
  options: { json: { type: "boolean", help: "print the whole snapshot as JSON" } },
  async run(args, io) {
    const crew = await openCrew(args, io);
    // A running host answers from what it keeps in memory; without one, the files are read.
    const fromHost = await statusFromHost(crew.root);
    if (fromHost !== undefined) {
      io.out(args.values.json ? `${fromHost}\n` : formatStatus(JSON.parse(fromHost) as Status));
      return 0;
    }
    const status = await readStatus(crew.root, crew.config(), {
      spend: crew.spend,
      schedules: scheduleStatus(crew.config().schedules, new Date()),
    });
    io.out(args.values.json ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status));
    return 0;
  },
};

const money = (usd: number) => `$${usd.toFixed(2)}`;
const FAILURES_SHOWN = 5;

/** A titled block: the title with its count, then a table indented under it (or nothing). */
function block(title: string, count: number | undefined, header: string[], rows: string[][]): string[] {
  const heading = count === undefined ? title : `${title} (${count})`;
  if (rows.length === 0) return [heading];
  return [
    heading,
    ...formatTable(header, rows)
      .trimEnd()
      .split("\n")
      .map((line) => `  ${line}`),
  ];
}

/** The last and next beat; a next beat long overdue means no host runs on this root. */
function heartbeatLine(status: Status, now: Date, at: (iso: string | null) => string): string {
  const { last, next } = status.heartbeat;
  if (!last) return "heartbeat: none yet (no host has run here: start `switchyard daemon` or the app)";
  if (next && Date.parse(next) < now.getTime() - 60_000)
    return `heartbeat: last ${at(last)}; no host seems to run here (the next beat was due ${relativeWords(next, now.getTime())})`;
  return `heartbeat: last ${at(last)}, next ${at(next)}`;
}

const count = (value: number, word: string) =>
  `${value.toLocaleString("en")} ${word}${value === 1 ? "" : "s"}`;

/** The always-on agent's own model calls today: triage, and the heartbeat's check-in against its cap. */
function alwaysOnLine({ triage, heartbeat }: Status["alwaysOn"]): string {
  return `always-on agent today: triage ${count(triage.calls, "call")}, ${count(triage.tokens, "token")}, ${money(triage.usd)}; heartbeat check-in ${count(heartbeat.calls, "call")}, ${heartbeat.tokens.toLocaleString("en")} of ${heartbeat.tokenCap.toLocaleString("en")} tokens`;
}

export function formatStatus(status: Status, now = new Date(status.generatedAt)): string {
  const at = (iso: string | null) =>
    iso ? `${clockWords(iso, now)} (${relativeWords(iso, now.getTime())})` : "—";
  const lines = [`crew root: ${status.root}`];
  lines.push(heartbeatLine(status, now, at), "");
  const waiting = Object.values(status.pending).flat();
  lines.push(
    ...block(
      "WAITING",
      waiting.length,
      ["ID", "AGENT", "PRIORITY", "TIER", "WAITS FOR", "TASK"],
      waiting.map((task) => [
        task.id,
        task.agent,
        task.priority,
        String(task.route?.tier ?? task.tier ?? "—"),
        task.waitingFor ?? "a free slot",
        task.task,
      ]),
    ),
    ...block(
      "AWAITING APPROVAL",
      status.awaitingApproval.length,
      ["ID", "AGENT", "TIER", "ESTIMATE", "WHY", "TASK"],
      status.awaitingApproval.map((task) => [
        task.id,
        task.agent,
        String(task.route?.tier ?? task.tier ?? "—"),
        task.approval?.estimatedCostUsd === undefined ? "—" : money(task.approval.estimatedCostUsd),
        task.approval?.reason ?? "",
        task.task,
      ]),
    ),
    ...block(
      "RUNNING",
      status.workers.length,
      ["TASK", "AGENT", "TIER", "PID", "RUNNING FOR"],
      status.workers.map((worker) => [
        worker.task,
        worker.agent,
        String(worker.tier),
        String(worker.pid ?? "?"),
        durationWords(now.getTime() - Date.parse(worker.startedAt)),
      ]),
    ),
    // The archive index keeps the newest tasks; the counts are of every one.
    `COMPLETED (${status.archivedCounts.completed})`,
    ...block(
      "FAILED",
      status.archivedCounts.failed,
      ["ID", "FINISHED", "REASON"],
      status.failed
        .slice(0, FAILURES_SHOWN)
        .map((task) => [
          task.id,
          clockWords(task.finishedAt, now),
          task.footer?.reason ?? task.problem ?? "",
        ]),
    ),
    ...block(
      "LOCKS",
      status.locks.length,
      ["RESOURCE", "HOLDER", "HELD FOR", "STATE"],
      status.locks.map((lock) => [
        lock.resource,
        lock.holder,
        durationWords(lock.ageSeconds * 1000),
        lock.stale ? `stale: ${lock.staleReason}` : "live",
      ]),
    ),
    ...block(
      "COSTS",
      undefined,
      ["TIER", "TODAY", "DAILY BUDGET", "THIS MONTH", "MONTHLY BUDGET", "SUBSCRIPTION WINDOW"],
      Object.entries(status.costs).map(([tier, cost]) => [
        tier,
        money(cost.today),
        cost.budget.daily === null ? "—" : money(cost.budget.daily),
        money(cost.month),
        cost.budget.monthly === null ? "—" : money(cost.budget.monthly),
        cost.window
          ? `${cost.window.used}${cost.window.limit === null ? "" : ` of ${cost.window.limit}`} runs in ${cost.window.hours} h`
          : "—",
      ]),
    ),
  );
  if (status.schedules.length)
    lines.push(
      ...block(
        "SCHEDULES",
        status.schedules.length,
        ["NAME", "CRON", "NEXT RUN"],
        status.schedules.map((schedule) => [
          schedule.name,
          schedule.cron,
          schedule.next ? at(schedule.next) : "never (disabled)",
        ]),
      ),
    );
  lines.push(alwaysOnLine(status.alwaysOn));
  lines.push(...sessionLines(status));
  for (const problem of status.problems) lines.push(`problem: ${problem}`);
  return `${lines.join("\n")}\n`;
}

/** Claude Code sessions, what waits for the operator and recent conflicts (SPEC §10). */
function sessionLines(status: Status): string[] {
  const live = status.sessions.filter((session) => session.state !== "ended");
  const lines = [
    `sessions: ${live.length} live, ${live.filter((session) => session.state === "waiting").length} waiting`,
  ];
  for (const session of live)
    lines.push(
      `    ${sessionLabel(session)}: ${session.waitingFor ? `waiting, ${waitingWords(session.waitingFor)}` : session.state} (${money(session.costUsd)})`,
    );
  for (const request of status.permissionRequests)
    lines.push(`permission: ${permissionTitle(request)} (answer in the window, the tray or Telegram)`);
  for (const conflict of status.conflicts)
    lines.push(
      `conflict: ${conflict.writers.map((writer) => writer.label).join(" and ")} both wrote ${conflict.path}; fix: ${conflict.fix.locksLine}`,
    );
  return lines;
}
