/**
 * A task waiting in an inbox, as the operator's actions find it (approve, run now, edit, cancel):
 * by id, and taken out of play first when the action rewrites or moves its file, so an engine
 * claiming it at the same moment can never run a task the operator just cancelled or edited.
 */
import { link, readFile, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { findInboxTask } from "../approvals/approval-actions.js";
import { pathExists } from "../crew-root.js";
import { freeNameIn } from "../engine/archive.js";
import { parkTask } from "../engine/claim.js";
import { writeAtomic } from "../fs/atomic-write.js";

export type InboxTask = NonNullable<Awaited<ReturnType<typeof findInboxTask>>>;

export const notWaiting = (id: string): string =>
  `no waiting task "${id}" in any inbox (it may have started or finished: see \`switchyard status\`)`;

/** A waiting task taken out of play: its text, and the ways back (as it was, or rewritten). */
export interface TakenTask extends InboxTask {
  id: string;
  text: string;
  bytes: Buffer;
  /** Puts the file back as it was. */
  putBack(): Promise<void>;
  /** Puts `text` in its place (same name, unless a file of that name appeared meanwhile). */
  replaceWith(text: string): Promise<string>;
  /** Forgets the parked copy once the task lives elsewhere (failed/). */
  discard(): Promise<void>;
  /** Where the parked file is, to archive its bytes. */
  parked: string;
}

export type TakeResult = { ok: true; task: TakenTask } | { ok: false; reason: string };

export async function takeWaitingTask(root: string, id: string): Promise<TakeResult> {
  const found = await findInboxTask(root, id);
  if (!found) return { ok: false, reason: notWaiting(id) };
  const parked = parkTask(root, found.path);
  if (!parked) return { ok: false, reason: `${id} has just been claimed: it is running now` };
  const bytes = await readFile(parked);
  const freePath = async () =>
    (await pathExists(found.path))
      ? join(dirname(found.path), freeNameIn(dirname(found.path), basename(found.path)))
      : found.path;
  return {
    ok: true,
    task: {
      ...found,
      id,
      bytes,
      text: bytes.toString("utf8"),
      parked,
      async putBack() {
        await rename(parked, await freePath());
      },
      async replaceWith(text) {
        const temp = join(dirname(found.path), `.${basename(found.path)}.${process.pid}.edit.tmp`);
        await writeAtomic(temp, text);
        // link, not rename: never replace a file someone dropped under this name meanwhile.
        for (;;) {
          const target = await freePath();
          try {
            await link(temp, target);
            await unlink(temp);
            await unlink(parked);
            return target;
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
          }
        }
      },
      async discard() {
        await unlink(parked).catch(() => undefined);
      },
    },
  };
}
