/**
 * One task as the window's detail panel shows it: its file wherever it is now (an inbox,
 * in_progress/, completed/ or failed/), its footer, a preview of its verified output and the
 * tail of its newest attempt's log.
 */
import { join } from "node:path";
import type { TaskDetail } from "../../shared/bridge.js";
import { parseTaskFile } from "../../shared/task-file.js";
import { crewPaths, isInsideRoot, listInboxes } from "../crew-root.js";
import { readLogTail } from "../engine/run-record.js";
import { readIfExists } from "../fs/read-if-exists.js";
import { findTaskFile } from "./task-store.js";

const PREVIEW_BYTES = 4_000;

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
    const outputPreview =
      output && isInsideRoot(root, output)
        ? (await readIfExists(join(root, output)))?.slice(0, PREVIEW_BYTES)
        : undefined;
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
