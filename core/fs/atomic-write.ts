/**
 * Writes that a crash can never leave half-done: a temp file, fsync, rename over the target,
 * fsync of the folder. Hand-written rather than write-file-atomic because the temp file must
 * be named `.<name>.<pid>.<n>.tmp`: ARCHITECTURE.md, "Task files" makes readers skip dot- and `.tmp` names, while
 * that library's `<name>.<hash>` temp files would show up in listings mid-write.
 */
import { link, open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

let sequence = 0;

export interface WriteOptions {
  mode?: number;
  /**
   * Survive a power cut, not only a crash (fsync of file and folder). The app's own
   * bookkeeping can skip it: after a power cut it is rebuilt from the task files.
   */
  durable?: boolean;
}

export async function writeAtomic(
  path: string,
  data: string | Buffer,
  options: WriteOptions = {},
): Promise<void> {
  const durable = options.durable ?? true;
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${sequence++}.tmp`);
  const handle = await open(temp, "w", options.mode ?? 0o644);
  try {
    await handle.writeFile(data);
    if (durable) await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  if (durable) await syncDirectory(dirname(path));
}

/** Makes a rename durable: without it a power cut can bring the old name back. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, "r").catch(() => undefined);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}

/**
 * Creates `path` only if nothing is there, complete with its content: the content is written
 * to a temp file first and hard-linked into place (link fails if the name exists). A plain
 * O_EXCL create would leave an empty file for a moment, and for ever if the writer died then:
 * an empty lock names no holder and no pid, so nobody could tell it was abandoned.
 * Returns false when the file already exists.
 */
export async function createExclusive(path: string, data: string, mode = 0o644): Promise<boolean> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${sequence++}.tmp`);
  const handle = await open(temp, "wx", mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}
