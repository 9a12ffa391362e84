/**
 * One task as the window's detail panel shows it: its file wherever it is now (an inbox,
 * in_progress/, completed/ or failed/), its title and footer, a preview of its verified output,
 * and its newest attempt's stream as readable turns with the tail of its stderr. A task claimed
 * under another name (its inbox name was taken) says where it went, so the panel follows.
 * Nothing outside the crew root is ever read for it: the id must be a task id, and the output's
 * real path (every symlink resolved) must be inside.
 */
import { basename } from "node:path";
import type { TaskDetail } from "../../shared/bridge.js";
import { streamTurns } from "../../shared/stream-turns.js";
import { parseTaskFile, taskIdFromFileName } from "../../shared/task-file.js";
import { crewPaths, listInboxes, realPathInsideRoot } from "../crew-root.js";
import { readAttemptTail, runsClaimedFrom } from "../engine/run-record.js";
import { readRegularFile } from "../fs/regular-file.js";
import { findTaskFile } from "./task-store.js";

const PREVIEW_BYTES = 4_000;
const STREAM_LINES = 400;
const STDERR_LINES = 30;

type Where = TaskDetail["where"];

async function previewOf(root: string, output: string): Promise<string | undefined> {
  const inside = await realPathInsideRoot(root, output);
  if (!inside.ok) return undefined;
  const read = await readRegularFile(inside.path, {
    maxBytes: PREVIEW_BYTES,
    truncate: true,
    followSymlinks: false,
  });
  return read.ok ? read.bytes.toString("utf8") : undefined;
}

export async function readTaskDetail(root: string, id: string): Promise<TaskDetail | undefined> {
  const paths = crewPaths(root);
  const folders: [string, Where][] = [
    [paths.completed, "completed"],
    [paths.failed, "failed"],
    [paths.inProgress, "in_progress"],
    ...(await listInboxes(root)).map((inbox): [string, Where] => [inbox.dir, "inbox"]),
  ];
  for (const [dir, where] of folders) {
    const found = await findTaskFile(dir, id);
    if (!found) continue;
    const parsed = parseTaskFile(found.text);
    const footer = parsed.ok ? parsed.value.footer : undefined;
    const output = parsed.ok ? parsed.value.fields.expectedOutput : undefined;
    const outputPreview = output ? await previewOf(root, output) : undefined;
    const stream = await readAttemptTail(root, id, "stdout", STREAM_LINES);
    const stderr = await readAttemptTail(root, id, "stderr", STDERR_LINES);
    return {
      id,
      where,
      text: found.text,
      ...(parsed.ok ? { title: parsed.value.fields.task } : {}),
      ...(footer ? { footer } : {}),
      ...(outputPreview ? { outputPreview } : {}),
      ...(stream ? { attempt: stream.attempt, turns: streamTurns(stream.lines) } : {}),
      ...(stderr ? { stderrTail: stderr.lines.join("\n") } : {}),
    };
  }
  const [claimed] = await runsClaimedFrom(root, id);
  if (claimed && claimed.id !== id)
    return { id, where: "moved", text: "", movedTo: taskIdFromFileName(basename(claimed.fileName)) };
  return undefined;
}
