import { permissionTitle, sessionLabel, waitingWords } from "../../shared/sessions.js";
import type { Status } from "../../shared/status.js";
import { scheduleStatus } from "../../core/schedule/scheduler.js";
import { readStatus } from "../../core/status.js";
import type { Command } from "../command.js";
import { openCrew } from "../crew.js";

export const statusCommand: Command = {
  path: ["status"],
  summary: "show pending, running and finished tasks, locks, workers and costs",
  options: { json: { type: "boolean", help: "print the whole snapshot as JSON" } },
  async run(args, io) {
    const crew = await openCrew(args, io);
    const status = await readStatus(crew.root, crew.config(), {
      spend: crew.spend,
      schedules: scheduleStatus(crew.config().schedules, new Date()),
    });
    io.out(args.values.json ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status));
    return 0;
  },
};

const money = (usd: number) => `$${usd.toFixed(2)}`;

export function formatStatus(status: Status): string {
  const lines = [`crew root: ${status.root}`];
  lines.push(`heartbeat: ${status.heartbeat.last ? `last beat ${status.heartbeat.last}` : "not running"}`);
  const inboxes = Object.entries(status.pending);
  lines.push(`pending: ${inboxes.reduce((sum, [, tasks]) => sum + tasks.length, 0)}`);
  for (const [agent, tasks] of inboxes) {
    lines.push(`  ${agent}: ${tasks.length}`);
    for (const task of tasks) lines.push(`    [${task.priority}] ${task.id}: ${task.task}`);
  }
  lines.push(`awaiting approval: ${status.awaitingApproval.length}`);
  for (const task of status.awaitingApproval) lines.push(`    ${task.id}: ${task.task}`);
  lines.push(`in progress: ${status.inProgress.length}   workers: ${status.workers.length}`);
  for (const worker of status.workers)
    lines.push(`    ${worker.task} (${worker.agent}, tier ${worker.tier}, pid ${worker.pid ?? "?"})`);
  lines.push(`completed: ${status.completed.length}   failed: ${status.failed.length}`);
  for (const task of status.failed.slice(0, 5))
    lines.push(`    ${task.id}: ${task.footer?.reason ?? task.problem ?? ""}`);
  lines.push(`locks: ${status.locks.length}`);
  for (const lock of status.locks)
    lines.push(
      `    ${lock.resource} held by ${lock.holder} for ${lock.ageSeconds}s${lock.stale ? ` (stale: ${lock.staleReason})` : ""}`,
    );
  lines.push(
    `cost today: ${Object.entries(status.costs)
      .map(([tier, cost]) => `tier ${tier} ${money(cost.today)}`)
      .join(", ")}`,
  );
  for (const schedule of status.schedules)
    lines.push(`schedule ${schedule.name} (${schedule.cron}): next ${schedule.next ?? "never (disabled)"}`);
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
