/**
 * Live progress from a worker's stdout. The Claude Code CLI's `stream-json` gives turns, tool
 * calls and the final result (cost, usage, session); any other worker is still a worker: its
 * last non-empty line is its result and its cost is 0 unless it reports one (ARCHITECTURE.md, "Workers").
 */
import { z } from "zod";

export const WorkerProgressSchema = z.object({
  turns: z.number(),
  toolCalls: z.number(),
  lastTool: z.string().optional(),
  lastText: z.string().optional(),
  costUsd: z.number(),
  /** Tokens so far (one count per model message), for a live estimate before the final cost. */
  tokens: z.object({ input: z.number(), output: z.number() }).default({ input: 0, output: 0 }),
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
  tokens: { input: 0, output: 0 },
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
    message: z.looseObject({
      id: z.string().optional(),
      content: z.array(ContentBlock).default([]),
      usage: z
        .looseObject({ input_tokens: z.number().default(0), output_tokens: z.number().default(0) })
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

/** Folds one stdout line into the progress; pure, so the UI and tests replay streams exactly. */
export function applyStreamLine(
  progress: WorkerProgress,
  line: string,
  seenMessageIds: Set<string>,
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
    // The CLI prints one event per content block, all with one message id: a turn is a message.
    const id = data.message.id;
    if (!id || !seenMessageIds.has(id)) {
      next.turns += 1;
      if (id) seenMessageIds.add(id);
      const usage = data.message.usage;
      if (usage)
        next.tokens = {
          input: next.tokens.input + usage.input_tokens,
          output: next.tokens.output + usage.output_tokens,
        };
    }
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
