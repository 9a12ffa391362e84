/**
 * What the crew hears when a task finishes, and what the chat that asked for it gets back: the
 * agent, the task, what changed (the verified output's first lines, not the worker's "Build
 * complete"), where to look, and what to do when it failed. `askedBy` carries the task's FROM
 * when a channel asked, so the Telegram channel sends the report to that chat.
 */
import { open } from "node:fs/promises";
import { join } from "node:path";
import type { ResultFooter, TaskFields } from "../../shared/task-file.js";
import { isInsideRoot } from "../crew-root.js";
import type { NotificationInput } from "../notify/notifier.js";
import { isAskingChannel } from "./ask-channel.js";

const HEAD_BYTES = 4096;
const HEAD_LINES = 3;
const HEAD_CHARS = 300;

/** The first lines of a file that say something (markdown markers dropped), or undefined. */
export async function outputHead(root: string, path: string): Promise<string | undefined> {
  if (!isInsideRoot(root, path)) return undefined;
  const handle = await open(join(root, path), "r").catch(() => undefined);
  if (!handle) return undefined;
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    const bytes = buffer.subarray(0, bytesRead);
    if (bytes.includes(0)) return undefined; // not text: the path says more than its bytes
    const lines = bytes
      .toString("utf8")
      .split(/\r?\n/)
      .map((line) => line.replace(/^\s*(?:#{1,6}\s+|>\s*|[-*+]\s+)/, "").trim())
      .filter((line) => line && !/^[-=*_`]{3,}$/.test(line))
      .slice(0, HEAD_LINES);
    const head = lines.join("\n");
    return head.length <= HEAD_CHARS ? head || undefined : `${head.slice(0, HEAD_CHARS - 1)}…`;
  } finally {
    await handle.close();
  }
}

export async function taskOutcomeNotification(
  root: string,
  finished: {
    id: string;
    agent: string;
    footer: ResultFooter;
    fields: TaskFields | undefined;
    /** The archived task file, root-relative. */
    archived: string;
  },
): Promise<NotificationInput> {
  const { id, agent, footer, fields, archived } = finished;
  const task = (fields?.task ?? "(task)").split("\n")[0] ?? "";
  const cost = `$${(footer.costUsd ?? 0).toFixed(2)}`;
  const attempts = `${footer.attempts ?? 1} attempt${footer.attempts === 1 ? "" : "s"}`;
  const askedBy = isAskingChannel(fields?.from) ? { askedBy: fields?.from } : {};
  if (footer.status === "done") {
    const output = footer.output?.split(" (")[0];
    const head = output ? await outputHead(root, output) : undefined;
    const said = head ?? footer.result ?? "finished, with no output file to show";
    const where = output ?? archived;
    return {
      kind: "task-done",
      priority: "normal",
      title: `Done: ${task.slice(0, 80)}`,
      body: `${agent}: ${said}\nTier ${footer.tier}, ${cost}, ${attempts} · ${where}`,
      taskId: id,
      where,
      ...askedBy,
    };
  }
  return {
    kind: "task-failed",
    priority: "high",
    title: `Failed: ${task.slice(0, 80)}`,
    body: `${agent} gave up after ${attempts} (${cost}): ${footer.reason ?? "no reason recorded"}\nWhat to do: read .switchyard/runs/${id}/, then retry it from the Tasks view, or fix ${archived} and drop it back into an inbox.`,
    taskId: id,
    where: archived,
    ...askedBy,
  };
}
