/**
 * Live progress from a worker's stdout. The Claude Code CLI's `stream-json` gives turns, tool
 * calls and the final result (cost, usage, session); any other worker is still a worker: its
 * last non-empty line is its result and its cost is 0 unless it reports one (ARCHITECTURE.md, "Workers").
 */
import { z } from "zod";
import { noTokens, type TokenUsage } from "./prices.js";

export const WorkerProgressSchema = z.object({
  turns: z.number(),
  toolCalls: z.number(),
  lastTool: z.string().optional(),
  lastText: z.string().optional(),
  costUsd: z.number(),
  /** Tokens so far per model, as the messages stream in: priced, they are the live estimate before the final cost. */
  usage: z
    .record(
      z.string(),
      z.object({ input: z.number(), output: z.number(), cacheWrite: z.number(), cacheRead: z.number() }),
    )
    .default({}),
  /** The CLI's error code on a message it made up itself (`authentication_failed` when not logged in). */
  apiError: z.string().optional(),
  sessionId: z.string().optional(),
  /** Files its Write/Edit/NotebookEdit calls named, each once (the conflict radar reads them). */
  filesWritten: z.array(z.string()).optional(),
  /** Set once the CLI printed its final `result` event. */
  result: z
    .object({
      text: z.string(),
      isError: z.boolean(),
      costUsd: z.number(),
      numTurns: z.number().optional(),
      usage: z.record(z.string(), z.unknown()).optional(),
      modelUsage: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
  /** Whether any line was the CLI's stream-json. */
  structured: z.boolean(),
  lastLine: z.string().optional(),
  lines: z.number(),
});
export type WorkerProgress = z.infer<typeof WorkerProgressSchema>;

export const emptyProgress = (): WorkerProgress => ({
  usage: {},
  turns: 0,
  toolCalls: 0,
  costUsd: 0,
  structured: false,
  lines: 0,
});

const ContentBlock = z.looseObject({
  type: z.string(),
  name: z.string().optional(),
  text: z.string().optional(),
  input: z.record(z.string(), z.unknown()).optional(),
});

/** The input key naming the file each writing tool writes. */
const WRITE_TOOL_PATHS: Record<string, string> = {
  Write: "file_path",
  Edit: "file_path",
  MultiEdit: "file_path",
  NotebookEdit: "notebook_path",
};
const FILES_KEPT = 50;
const StreamEvent = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("system"), session_id: z.string().optional() }),
  z.looseObject({
    type: z.literal("assistant"),
    error: z.string().optional(),
    message: z.looseObject({
      id: z.string().optional(),
      model: z.string().default("unknown"),
      content: z.array(ContentBlock).default([]),
      usage: z
        .looseObject({
          input_tokens: z.number().default(0),
          output_tokens: z.number().default(0),
          cache_creation_input_tokens: z.number().nullish(),
          cache_read_input_tokens: z.number().nullish(),
        })
        .optional(),
    }),
  }),
  z.looseObject({ type: z.literal("user") }),
  z.looseObject({
    type: z.literal("result"),
    is_error: z.boolean().default(false),
    result: z.string().default(""),
    session_id: z.string().optional(),
    total_cost_usd: z.number().default(0),
    num_turns: z.number().optional(),
    usage: z.record(z.string(), z.unknown()).optional(),
    modelUsage: z.record(z.string(), z.unknown()).optional(),
  }),
]);

/**
 * What the stream has counted per message so far: the CLI prints one event per content block,
 * all with the message's id, and a later block may carry a larger usage than the first.
 */
export type StreamMemory = Map<string, TokenUsage>;

const TOKEN_FIELDS = ["input", "output", "cacheWrite", "cacheRead"] as const;

/** Adds what a message's usage grew by since it was last seen, to its model's total. */
function countUsage(
  progress: WorkerProgress,
  model: string,
  counted: TokenUsage,
  seen: TokenUsage,
): Record<string, TokenUsage> {
  const total = { ...(progress.usage[model] ?? noTokens()) };
  for (const field of TOKEN_FIELDS) {
    const grown = Math.max(0, seen[field] - counted[field]);
    total[field] += grown;
    counted[field] += grown;
  }
  return { ...progress.usage, [model]: total };
}

/** Folds one stdout line into the progress; pure, so the UI and tests replay streams exactly. */
export function applyStreamLine(
  progress: WorkerProgress,
  line: string,
  memory: StreamMemory,
): WorkerProgress {
  const trimmed = line.trim();
  if (!trimmed) return progress;
  const next: WorkerProgress = { ...progress, lines: progress.lines + 1 };
  let json: unknown;
  try {
    json = trimmed.startsWith("{") ? JSON.parse(trimmed) : undefined;
  } catch {
    json = undefined;
  }
  const event = json === undefined ? undefined : StreamEvent.safeParse(json);
  if (!event?.success) {
    next.lastLine = trimmed.slice(0, 500);
    const reported = /"?(?:total_)?cost_usd"?\s*[:=]\s*([0-9.]+)/i.exec(trimmed);
    if (reported) next.costUsd = Number(reported[1]);
    return next;
  }
  next.structured = true;
  const data = event.data;
  if (data.type === "system" && data.session_id) next.sessionId = data.session_id;
  if (data.type === "assistant") {
    // A turn is a message; an event without an id is a message of its own.
    const id = data.message.id ?? `line-${next.lines}`;
    let counted = memory.get(id);
    if (!counted) {
      next.turns += 1;
      counted = noTokens();
      memory.set(id, counted);
    }
    const usage = data.message.usage;
    if (usage)
      next.usage = countUsage(next, data.message.model, counted, {
        input: usage.input_tokens,
        output: usage.output_tokens,
        cacheWrite: usage.cache_creation_input_tokens ?? 0,
        cacheRead: usage.cache_read_input_tokens ?? 0,
      });
    if (data.error) next.apiError = data.error;
    for (const block of data.message.content) {
      if (block.type === "tool_use") {
        next.toolCalls += 1;
        if (block.name) next.lastTool = block.name;
        const key = block.name ? WRITE_TOOL_PATHS[block.name] : undefined;
        const file = key ? block.input?.[key] : undefined;
        if (typeof file === "string" && file && !next.filesWritten?.includes(file))
          next.filesWritten = [...(next.filesWritten ?? []), file].slice(-FILES_KEPT);
      } else if (block.type === "text" && block.text?.trim()) next.lastText = block.text.trim().slice(0, 500);
    }
  }
  if (data.type === "result") {
    next.costUsd = data.total_cost_usd;
    if (data.session_id) next.sessionId = data.session_id;
    next.result = {
      text: data.result,
      isError: data.is_error,
      costUsd: data.total_cost_usd,
      ...(data.num_turns === undefined ? {} : { numTurns: data.num_turns }),
      ...(data.usage ? { usage: data.usage } : {}),
      ...(data.modelUsage ? { modelUsage: data.modelUsage } : {}),
    };
  }
  return next;
}

/** The one line that goes into a footer's RESULT: the final message's first line. */
export function resultLine(progress: WorkerProgress): string {
  const text = progress.result?.text ?? progress.lastText ?? progress.lastLine ?? "";
  return (text.split(/\r?\n/).find((line) => line.trim()) ?? "").trim().slice(0, 300);
}
