/**
 * A running worker's live log tail, built from its progress events: each event that shows a
 * new tool, a new message or a new output line adds one line. Pure, so it is tested alone.
 */
import type { WorkerProgress } from "../../shared/worker-stream.js";

export const LOG_TAIL_LINES = 40;

export function nextLogLines(before: WorkerProgress | undefined, after: WorkerProgress): string[] {
  const lines: string[] = [];
  if (after.lastTool && (after.lastTool !== before?.lastTool || after.toolCalls !== before?.toolCalls))
    lines.push(`→ ${after.lastTool}`);
  if (after.lastText && after.lastText !== before?.lastText) lines.push(after.lastText);
  if (after.lastLine && after.lastLine !== before?.lastLine) lines.push(after.lastLine);
  return lines;
}

export function appendLogTail(tail: readonly string[], added: readonly string[]): string[] {
  if (added.length === 0) return tail as string[];
  return [...tail, ...added].slice(-LOG_TAIL_LINES);
}
