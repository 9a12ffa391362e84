/**
 * Editing a waiting task's header as the operator asks (a new tier, a reworded TASK): only the
 * entries named change, in place and with their key spelled as written; every other line, unknown
 * keys and the body included, stays byte for byte. Pure, so the rules are tested on strings.
 */
import { z } from "zod";
import { normalizeKey, readHeaderBlock, writeHeaderBlock } from "./header-block.js";
import { PrioritySchema } from "./task-file.js";

/** What the window and `switchyard task edit` may change; null removes the key, absent keeps it. */
export const TaskEditSchema = z
  .object({
    task: z.string().trim().min(1, "say what to do").optional(),
    priority: PrioritySchema.optional(),
    context: z.string().nullable().optional(),
    expectedOutput: z.string().nullable().optional(),
    deadline: z.string().nullable().optional(),
    /** null lets the router pick again. */
    tier: z.number().int().min(0).max(3).nullable().optional(),
    model: z.string().nullable().optional(),
  })
  .strict();
export type TaskEdit = z.infer<typeof TaskEditSchema>;

const KEYS: Record<keyof TaskEdit, string> = {
  task: "TASK",
  priority: "PRIORITY",
  context: "CONTEXT",
  expectedOutput: "EXPECTED_OUTPUT",
  deadline: "DEADLINE",
  tier: "TIER",
  model: "MODEL",
};

/** The edit as header values: a string sets the key, null (or an empty string) removes it. */
function headerChanges(edit: TaskEdit): Map<string, string | null> {
  const changes = new Map<string, string | null>();
  for (const [field, key] of Object.entries(KEYS) as [keyof TaskEdit, string][]) {
    const value = edit[field];
    if (value === undefined) continue;
    const text = value === null ? "" : String(value).trim();
    changes.set(key, text === "" ? null : text);
  }
  return changes;
}

export function editTaskHeader(text: string, edit: TaskEdit): string {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const lines = text.split(/\r?\n/);
  const { entries, end } = readHeaderBlock(lines);
  const changes = headerChanges(edit);
  const out: string[] = [];
  entries.forEach((entry, index) => {
    const from = entry.line - 1;
    const to = (entries[index + 1]?.line ?? end + 1) - 1;
    const key = normalizeKey(entry.key);
    if (!changes.has(key)) {
      out.push(...lines.slice(from, to));
      return;
    }
    const value = changes.get(key);
    changes.delete(key);
    if (value !== null && value !== undefined)
      out.push(...writeHeaderBlock([{ key: entry.key, value }]).split("\n"));
  });
  // Lines before the first entry would be header problems; a task that parsed has none.
  for (const [key, value] of changes)
    if (value !== null) out.push(...writeHeaderBlock([{ key, value }]).split("\n"));
  return [...out, ...lines.slice(end)].join(eol);
}
