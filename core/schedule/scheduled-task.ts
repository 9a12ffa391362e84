/**
 * What a schedule drops: the task from its config fields or its template file, stamped
 * FROM: schedule:<name>, with {date}, {time}, {datetime} and {schedule} filled in so each run
 * can name its own output (`outputs/report-{date}.md`).
 */
import type { ScheduleConfig } from "../../shared/config.js";
import { type NewTask, parseTaskFile } from "../../shared/task-file.js";

export type ScheduledTaskResult = { ok: true; task: NewTask } | { ok: false; reason: string };

/** The fire time as local (or the schedule's zone) date and time parts. */
function placeholders(schedule: ScheduleConfig, firedAt: Date): Record<string, string> {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", {
      ...(schedule.timezone ? { timeZone: schedule.timezone } : {}),
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(firedAt)
      .map((part) => [part.type, part.value]),
  );
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const time = `${parts.hour}${parts.minute}`;
  return { date, time, datetime: `${date}-${time}`, schedule: schedule.name };
}

const fill = (text: string, values: Record<string, string>): string =>
  text.replace(/\{(date|time|datetime|schedule)\}/g, (match, key: string) => values[key] ?? match);

/**
 * Builds the task for one run. `templateText` is the template file's content, read by the
 * caller at run time (so an edit applies to the next run), or undefined when it is missing.
 */
export function scheduledTask(
  schedule: ScheduleConfig,
  firedAt: Date,
  templateText?: string,
): ScheduledTaskResult {
  const values = placeholders(schedule, firedAt);
  let task: NewTask;
  if (schedule.task) {
    const { approvalRequired, ...fields } = schedule.task;
    task = { ...fields, ...(approvalRequired ? { approvalRequired } : {}) };
  } else {
    if (templateText === undefined)
      return { ok: false, reason: `its template ${schedule.template} is missing or unreadable` };
    const parsed = parseTaskFile(templateText);
    if (!parsed.ok)
      return { ok: false, reason: `its template ${schedule.template} is not a valid task file` };
    const { fields, body } = parsed.value;
    task = {
      task: fields.task,
      priority: fields.priority,
      locks: fields.locks,
      approvalRequired: fields.approvalRequired,
      ...(fields.context ? { context: fields.context } : {}),
      ...(fields.expectedOutput ? { expectedOutput: fields.expectedOutput } : {}),
      ...(fields.deadline ? { deadline: fields.deadline } : {}),
      ...(fields.tier === undefined ? {} : { tier: fields.tier }),
      ...(fields.model ? { model: fields.model } : {}),
      ...(body.trim() ? { body } : {}),
    };
  }
  const filled: NewTask = { ...task, from: `schedule:${schedule.name}` };
  for (const key of ["task", "context", "expectedOutput", "deadline", "body"] as const) {
    const value = filled[key];
    if (value !== undefined) filled[key] = fill(value, values);
  }
  return { ok: true, task: filled };
}
