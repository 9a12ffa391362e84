/**
 * Task files (ARCHITECTURE.md, "Task files"): a `KEY: value` header, a free-form body after the first blank line,
 * and, once archived, a result footer. Pure: no I/O, so every rule is testable on strings.
 */
import { z } from "zod";
import {
  type HeaderEntry,
  type HeaderProblem,
  normalizeKey,
  readHeaderBlock,
  writeHeaderBlock,
} from "./header-block.js";
import { reservedLockProblem } from "./lock-file.js";

export const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export const PrioritySchema = z.enum(PRIORITIES);
export type Priority = z.infer<typeof PrioritySchema>;

/** Larger files are almost always a mistake (a log pasted as context); they are refused, not truncated. */
export const MAX_TASK_FILE_BYTES = 1024 * 1024;

/** A resource name usable in a lock file name and in a seed-style `ls <resource>-*.lock`. */
export const ResourceNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._]*(?:-[A-Za-z0-9._]+)*$/, "use letters, digits, '.', '_' and single '-'")
  .max(80);

export const TaskFieldsSchema = z.object({
  task: z.string().min(1),
  priority: PrioritySchema,
  from: z.string().optional(),
  context: z.string().optional(),
  expectedOutput: z.string().optional(),
  deadline: z.string().optional(),
  /** DEADLINE as an instant when it is an ISO date-time; free text otherwise. */
  deadlineAt: z.string().optional(),
  tier: z.number().int().min(0).max(3).optional(),
  model: z.string().optional(),
  locks: z.array(ResourceNameSchema),
  approvalRequired: z.boolean(),
});
export type TaskFields = z.infer<typeof TaskFieldsSchema>;

export interface ParsedTask {
  fields: TaskFields;
  /** Every header entry in file order, known and unknown keys alike. */
  headers: HeaderEntry[];
  body: string;
  footer?: ResultFooter;
}

export interface TaskProblem {
  line?: number;
  key?: string;
  message: string;
  /** The bytes are not a text file the app may append to (binary, not UTF-8, or too large). */
  notText?: true;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; problems: TaskProblem[] };

export const describeProblem = (problem: TaskProblem): string =>
  [problem.line ? `line ${problem.line}` : "", problem.key ?? "", problem.message].filter(Boolean).join(": ");

/** Decodes bytes as strict UTF-8 text; NUL bytes mean a binary file even when they decode. */
export function decodeTaskBytes(bytes: Uint8Array): ParseResult<string> {
  if (bytes.byteLength > MAX_TASK_FILE_BYTES) {
    const mb = (bytes.byteLength / 1024 / 1024).toFixed(1);
    return notText(
      `the file is ${mb} MB; task files are limited to 1 MB: put large context in a file and name it in CONTEXT`,
    );
  }
  if (bytes.includes(0))
    return notText("this is not a text file (it contains NUL bytes); a task file is UTF-8 text");
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return { ok: true, value: text.startsWith("\uFEFF") ? text.slice(1) : text };
  } catch {
    return notText("the file is not valid UTF-8; save it as UTF-8 text");
  }
}

const notText = (message: string): { ok: false; problems: TaskProblem[] } => ({
  ok: false,
  problems: [{ message, notText: true }],
});

const splitLines = (text: string): string[] => text.split(/\r?\n/);

type FieldReader = (value: string, fields: Partial<TaskFields>) => string | undefined;

/** A free-text key: any value is accepted as written. */
const textField =
  (field: "from" | "context" | "model"): FieldReader =>
  (value, fields) => {
    fields[field] = value;
    return undefined;
  };

/** How each known key lands in `TaskFields`; returns an error message for a bad value. */
const FIELD_READERS: Record<string, FieldReader> = {
  TASK: (value, fields) => {
    if (!value) return "is empty; say what to do";
    fields.task = value;
    return undefined;
  },
  PRIORITY: (value, fields) => {
    const parsed = PrioritySchema.safeParse(value.toLowerCase());
    if (!parsed.success) return `must be one of ${PRIORITIES.join(", ")} (got ${JSON.stringify(value)})`;
    fields.priority = parsed.data;
    return undefined;
  },
  FROM: textField("from"),
  CONTEXT: textField("context"),
  EXPECTED_OUTPUT: (value, fields) => {
    const problem = checkRelativePath(value);
    if (problem) return problem;
    fields.expectedOutput = value;
    return undefined;
  },
  DEADLINE: (value, fields) => {
    fields.deadline = value;
    const instant = parseIsoInstant(value);
    if (instant) fields.deadlineAt = instant;
    return undefined;
  },
  TIER: (value, fields) => {
    if (!/^[0-3]$/.test(value)) return `must be 0, 1, 2 or 3 (got ${JSON.stringify(value)})`;
    fields.tier = Number(value);
    return undefined;
  },
  MODEL: textField("model"),
  LOCKS: (value, fields) => {
    const names = value
      .split(",")
      .map((name) => name.trim())
      .filter(Boolean);
    const bad = names.find((name) => !ResourceNameSchema.safeParse(name).success);
    if (bad) return `${JSON.stringify(bad)} is not a resource name: use letters, digits, '.', '_' and '-'`;
    const reserved = names.map(reservedLockProblem).find(Boolean);
    if (reserved) return reserved;
    fields.locks = names;
    return undefined;
  },
  APPROVAL: (value, fields) => {
    const normalized = value.toLowerCase();
    if (!["required", "none", "auto"].includes(normalized))
      return `must be "required" (got ${JSON.stringify(value)})`;
    fields.approvalRequired = normalized === "required";
    return undefined;
  },
};

/** Paths in a task are relative to the crew root and may not leave it. */
export function checkRelativePath(path: string): string | undefined {
  if (!path) return "is empty";
  if (path.startsWith("/") || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith("\\"))
    return `must be a path relative to the crew root (got ${JSON.stringify(path)})`;
  let depth = 0;
  for (const part of path.split(/[\\/]+/)) {
    if (part === "..") depth--;
    else if (part && part !== ".") depth++;
    if (depth < 0)
      return `leaves the crew root (${JSON.stringify(path)}); name a path inside it, such as outputs/result.md`;
  }
  return depth > 0 ? undefined : `names the crew root itself, not a file (${JSON.stringify(path)})`;
}

function parseIsoInstant(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(value))
    return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/** Parses a task file's text (an archived one too: the footer is split off and parsed). */
export function parseTaskFile(text: string): ParseResult<ParsedTask> {
  const { main, footer, footerStartLine } = splitFooter(text);
  const lines = splitLines(main);
  const { entries, end, problems: headerProblems } = readHeaderBlock(lines);
  const problems: TaskProblem[] = headerProblems.map(toTaskProblem);
  const fields: Partial<TaskFields> = { priority: "normal", locks: [], approvalRequired: false };
  const seen = new Map<string, number>();
  for (const entry of entries) {
    const key = normalizeKey(entry.key);
    const reader = FIELD_READERS[key];
    if (!reader) continue; // unknown keys are kept in `headers`, untouched
    const firstLine = seen.get(key);
    if (firstLine !== undefined) {
      problems.push({
        line: entry.line,
        key,
        message: `appears twice (first on line ${firstLine}); keep one`,
      });
      continue;
    }
    seen.set(key, entry.line);
    const message = reader(entry.value, fields);
    if (message) problems.push({ line: entry.line, key, message });
  }
  if (!seen.has("TASK") && problems.length === 0)
    problems.push({
      line: 1,
      key: "TASK",
      message: 'is missing: start the file with a line "TASK: <what to do>"',
    });
  let parsedFooter: ResultFooter | undefined;
  if (footer !== undefined) {
    const result = parseResultFooter(footer, footerStartLine);
    if (result.ok) parsedFooter = result.value;
    else problems.push(...result.problems);
  }
  if (problems.length > 0) return { ok: false, problems };
  const body = lines.slice(end + 1).join("\n");
  return {
    ok: true,
    value: {
      fields: TaskFieldsSchema.parse(fields),
      headers: entries,
      body,
      ...(parsedFooter ? { footer: parsedFooter } : {}),
    },
  };
}

const toTaskProblem = (problem: HeaderProblem): TaskProblem => ({ ...problem });

/** Parses raw bytes: decoding problems and format problems come back the same way. */
export function parseTaskBytes(bytes: Uint8Array): ParseResult<ParsedTask> {
  const decoded = decodeTaskBytes(bytes);
  return decoded.ok ? parseTaskFile(decoded.value) : decoded;
}

export interface NewTask {
  task: string;
  priority?: Priority;
  from?: string;
  context?: string;
  expectedOutput?: string;
  deadline?: string;
  tier?: number;
  model?: string;
  locks?: string[];
  approvalRequired?: boolean;
  /** Extra header entries (kept in order after the known ones). */
  extra?: Pick<HeaderEntry, "key" | "value">[];
  body?: string;
}

/** Writes a task file in the seed's layout; `parseTaskFile` reads back the same fields. */
export function serializeTaskFile(task: NewTask): string {
  const entries: Pick<HeaderEntry, "key" | "value">[] = [{ key: "TASK", value: task.task }];
  const add = (key: string, value: string | undefined) => {
    if (value !== undefined && value !== "") entries.push({ key, value });
  };
  add("PRIORITY", task.priority);
  add("FROM", task.from);
  add("CONTEXT", task.context);
  add("EXPECTED_OUTPUT", task.expectedOutput);
  add("DEADLINE", task.deadline);
  add("TIER", task.tier === undefined ? undefined : String(task.tier));
  add("MODEL", task.model);
  add("LOCKS", task.locks?.length ? task.locks.join(", ") : undefined);
  add("APPROVAL", task.approvalRequired ? "required" : undefined);
  entries.push(...(task.extra ?? []));
  const body = task.body?.trim() ? `\n${task.body.replace(/\s+$/, "")}\n` : "";
  return `${writeHeaderBlock(entries)}\n${body}`;
}

// ---------------------------------------------------------------- result footer

export const FOOTER_SEPARATOR = "---";

export const ResultFooterSchema = z.object({
  status: z.enum(["done", "failed"]),
  agent: z.string().optional(),
  tier: z.number().int().min(0).max(3).optional(),
  model: z.string().optional(),
  attempts: z.number().int().min(0).optional(),
  started: z.string().optional(),
  finished: z.string().optional(),
  costUsd: z.number().min(0).optional(),
  session: z.string().optional(),
  output: z.string().optional(),
  result: z.string().optional(),
  reason: z.string().optional(),
});
export type ResultFooter = z.infer<typeof ResultFooterSchema>;

const FOOTER_KEYS: [keyof ResultFooter, string][] = [
  ["status", "STATUS"],
  ["agent", "AGENT"],
  ["tier", "TIER"],
  ["model", "MODEL"],
  ["attempts", "ATTEMPTS"],
  ["started", "STARTED"],
  ["finished", "FINISHED"],
  ["costUsd", "COST_USD"],
  ["session", "SESSION"],
  ["output", "OUTPUT"],
  ["result", "RESULT"],
  ["reason", "REASON"],
];
const NUMERIC_FOOTER_KEYS = new Set<keyof ResultFooter>(["tier", "attempts", "costUsd"]);

/** The footer block, starting with its `---` line; append it to the original text. */
export function serializeResultFooter(footer: ResultFooter): string {
  const entries = FOOTER_KEYS.flatMap(([field, key]) => {
    const value = footer[field];
    if (value === undefined || value === "") return [];
    const text = field === "costUsd" ? (value as number).toFixed(4) : String(value);
    return [{ key, value: text }];
  });
  return `${FOOTER_SEPARATOR}\n${writeHeaderBlock(entries)}\n`;
}

/** Appends a footer so the original bytes stay first and untouched. */
export function appendResultFooter(original: string, footer: ResultFooter): string {
  const separator = original.endsWith("\n") ? "\n" : "\n\n";
  return `${original}${separator}${serializeResultFooter(footer)}`;
}

export function parseResultFooter(text: string, firstLine = 1): ParseResult<ResultFooter> {
  const { entries, problems } = readHeaderBlock(splitLines(text.trim()), firstLine);
  if (problems.length > 0) return { ok: false, problems: problems.map(toTaskProblem) };
  const raw: Record<string, unknown> = {};
  for (const entry of entries) {
    const field = FOOTER_KEYS.find(([, key]) => key === normalizeKey(entry.key))?.[0];
    if (!field) continue;
    raw[field] = NUMERIC_FOOTER_KEYS.has(field) ? Number(entry.value) : entry.value;
  }
  const parsed = ResultFooterSchema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => ({
      line: firstLine,
      key: String(issue.path[0] ?? "STATUS").toUpperCase(),
      message: `footer: ${issue.message}`,
    })),
  };
}

/**
 * Splits an archived file into the original text and its footer: the footer is the block
 * after the last `---` line when that block, to the end of the file, reads as a result footer
 * (with a STATUS). A `---` in the body is left alone, and so is a body's own `---` rule followed
 * by a note such as "Status: draft": that is the user's text, not a footer.
 */
export function splitFooter(text: string): { main: string; footer?: string; footerStartLine: number } {
  const lines = splitLines(text);
  for (let index = lines.length - 1; index >= 0; index--) {
    // Not trim(): an indented `---` is a footer value's continuation line (a RESULT in Markdown).
    if (lines[index]?.trimEnd() !== FOOTER_SEPARATOR) continue;
    const block = lines.slice(index + 1).join("\n");
    const footerLines = splitLines(block.trim());
    const isFooter =
      footerLines.every((line) => line.trim() !== "") && parseResultFooter(block, index + 2).ok;
    if (!isFooter) return { main: text, footerStartLine: 0 };
    return { main: lines.slice(0, index).join("\n"), footer: block, footerStartLine: index + 2 };
  }
  return { main: text, footerStartLine: 0 };
}

/** The extensions of task files, in the order a lookup by id tries them. */
export const TASK_FILE_EXTENSIONS = [".md", ".txt", ".task"] as const;
const TASK_EXTENSION = new RegExp(`(${TASK_FILE_EXTENSIONS.map((ext) => `\\${ext}`).join("|")})$`, "i");

/** A task's id is its file name without the extension (`task approve <id>`). */
export const taskIdFromFileName = (fileName: string): string => fileName.replace(TASK_EXTENSION, "");

/**
 * The id grammar: what a task file's name without its extension can be. No path separators,
 * no leading dot (the names readers skip), no control characters: an id from the window, the
 * API or Telegram can then never name a path outside the folder it is looked up in.
 */
export function isTaskId(id: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
  return id.length > 0 && id.length <= 255 && !id.startsWith(".") && !/[/\\\u0000-\u001f\u007f]/.test(id);
}

export const TaskIdSchema = z
  .string()
  .refine(isTaskId, "not a task id: a task file's name without its extension (no '/', no leading '.')");

/** Inbox files the app reads: text task extensions, never dotfiles or half-written `.tmp`/`.part`. */
export const isTaskFileName = (fileName: string): boolean =>
  TASK_EXTENSION.test(fileName) && !fileName.startsWith(".");

export const isIgnoredFileName = (fileName: string): boolean =>
  fileName.startsWith(".") || /\.(tmp|part)$/i.test(fileName);

/** The footer of an archived file even when its header never parsed (a bad task in failed/). */
export function footerOf(text: string): ResultFooter | undefined {
  const { footer, footerStartLine } = splitFooter(text);
  if (footer === undefined) return undefined;
  const parsed = parseResultFooter(footer, footerStartLine);
  return parsed.ok ? parsed.value : undefined;
}
