/**
 * A worker's raw stdout as turns a person reads: what it said, which tools it called on what,
 * whether each call worked, errors, and its final result. The Claude Code CLI's stream-json is
 * one JSON event per line; any other worker's lines are its output as written. Pure.
 */
import { z } from "zod";

export const TurnSchema = z.object({
  kind: z.enum(["start", "text", "tool", "tool-result", "error", "result", "output"]),
  text: z.string(),
  /** The tool's name, for a tool call. */
  tool: z.string().optional(),
  isError: z.boolean().optional(),
});
export type Turn = z.infer<typeof TurnSchema>;

const SHORT = 300;
const short = (text: string) => (text.length > SHORT ? `${text.slice(0, SHORT)}…` : text);
const firstLines = (text: string, lines = 3) => short(text.trim().split("\n").slice(0, lines).join("\n"));

/** The part of a tool's input that says what it acts on. */
function toolTarget(input: Record<string, unknown>): string {
  for (const key of ["file_path", "path", "command", "pattern", "url", "query", "description", "prompt"]) {
    const value = input[key];
    if (typeof value === "string" && value.trim()) return short(value.trim());
  }
  return "";
}

const Block = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  name: z.string().optional(),
  input: z.record(z.string(), z.unknown()).optional(),
  is_error: z.boolean().optional(),
  content: z.unknown().optional(),
});
const Event = z.looseObject({
  type: z.string(),
  subtype: z.string().optional(),
  model: z.string().optional(),
  error: z.string().optional(),
  is_error: z.boolean().optional(),
  result: z.string().optional(),
  total_cost_usd: z.number().optional(),
  message: z.looseObject({ content: z.union([z.array(Block), z.string()]).optional() }).optional(),
});

function resultText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content))
    return content
      .map((part) => (typeof part === "object" && part && "text" in part ? String(part.text) : ""))
      .join("\n");
  return "";
}

function turnsOfEvent(event: z.infer<typeof Event>): Turn[] {
  const blocks = Array.isArray(event.message?.content) ? event.message.content : [];
  if (event.type === "system" && event.subtype === "init")
    return [{ kind: "start", text: `session started${event.model ? ` on ${event.model}` : ""}` }];
  if (event.type === "assistant") {
    const turns: Turn[] = blocks.flatMap((block): Turn[] => {
      if (block.type === "text" && block.text?.trim()) return [{ kind: "text", text: block.text.trim() }];
      if (block.type === "tool_use")
        return [{ kind: "tool", tool: block.name ?? "tool", text: toolTarget(block.input ?? {}) }];
      return [];
    });
    return event.error ? turns.map((turn) => ({ ...turn, kind: "error" as const, isError: true })) : turns;
  }
  if (event.type === "user")
    return blocks.flatMap((block): Turn[] =>
      block.type === "tool_result"
        ? [
            {
              kind: "tool-result",
              text: firstLines(resultText(block.content)),
              isError: block.is_error === true,
            },
          ]
        : [],
    );
  if (event.type === "result")
    return [
      {
        kind: "result",
        text: `${event.result?.trim() || (event.is_error ? "failed" : "finished")}${
          event.total_cost_usd === undefined ? "" : ` ($${event.total_cost_usd.toFixed(4)})`
        }`,
        isError: event.is_error === true,
      },
    ];
  return [];
}

export function streamTurns(lines: readonly string[]): Turn[] {
  return lines.flatMap((line): Turn[] => {
    const trimmed = line.trim();
    if (!trimmed) return [];
    if (trimmed.startsWith("{")) {
      try {
        const event = Event.safeParse(JSON.parse(trimmed));
        if (event.success) return turnsOfEvent(event.data);
      } catch {
        // not JSON after all: shown as the line it is
      }
    }
    return [{ kind: "output", text: short(trimmed) }];
  });
}
