/**
 * One task as the window's detail panel shows it: its file wherever it is now (an inbox,
 * in_progress/, completed/ or failed/), its footer, a preview of its verified output and the
 * tail of its newest attempt's log. Nothing outside the crew root is ever read for it: the id
 * must be a task id, and the output's real path (every symlink resolved) must be inside.
 */
import type { TaskDetail } from "../../shared/bridge.js";
import { parseTaskFile } from "../../shared/task-file.js";
import { crewPaths, listInboxes, realPathInsideRoot } from "../crew-root.js";
import { readLogTail } from "../engine/run-record.js";
import { readRegularFile } from "../fs/regular-file.js";
import { findTaskFile } from "./task-store.js";

const PREVIEW_BYTES = 4_000;

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
  const folders = [
    paths.completed,
    paths.failed,
    paths.inProgress,
    ...(await listInboxes(root)).map((inbox) => inbox.dir),
  ];
  for (const dir of folders) {
    const found = await findTaskFile(dir, id);
    if (!found) continue;
    const parsed = parseTaskFile(found.text);
    const footer = parsed.ok ? parsed.value.footer : undefined;
    const output = parsed.ok ? parsed.value.fields.expectedOutput : undefined;
    const outputPreview = output ? await previewOf(root, output) : undefined;
    const logTail = await readLogTail(root, id);
    return {
      id,
      text: found.text,
      ...(footer ? { footer } : {}),
      ...(outputPreview ? { outputPreview } : {}),
      ...(logTail ? { logTail } : {}),
    };
  }
  return undefined;
}
