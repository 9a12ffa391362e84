/**
 * Writes that a crash can never leave half-done: a temp file, fsync, rename over the target,
 * fsync of the folder. Hand-written rather than write-file-atomic because the temp file must
 * be named `.<name>.<pid>.<n>.tmp`: SPEC §2 makes readers skip dot- and `.tmp` names, while
 * that library's `<name>.<hash>` temp files would show up in listings mid-write.
 */
import { open, rename, unlink } from "node:fs/promises";
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
 * Creates `path` only if nothing is there (O_EXCL), so two writers can never both succeed.
 * Returns false when the file already exists.
 */
export async function createExclusive(path: string, data: string, mode = 0o644): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, "wx", mode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}
