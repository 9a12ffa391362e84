/**
 * Writes that a crash can never leave half-done: a temp file, fsync, rename over the target,
 * fsync of the folder. Hand-written rather than write-file-atomic because the temp file must
 * be named `.<name>.<pid>.<random>.tmp`: ARCHITECTURE.md, "Task files" makes readers skip dot-
 * and `.tmp` names, while that library's `<name>.<hash>` temp files would show up in listings
 * mid-write. The pid says whose it is (the next start removes those of dead writers, see
 * leftovers.ts); the random part keeps two writers of one name, in one process or many, apart.
 *
 * The small steps (open, write, close, rename, link) are synchronous: each takes microseconds
 * on a local disk, while a trip through libuv's thread pool costs several times the CPU and
 * contends for its lock when the machine is busy (ARCHITECTURE.md, "File access"). Only the
 * fsyncs, which wait for the disk, go to the thread pool.
 */
import { randomBytes } from "node:crypto";
import { closeSync, fsync, linkSync, openSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { promisify } from "node:util";

const fsyncAsync = promisify(fsync);

const unlinkQuietly = (path: string) => {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
};

export interface WriteOptions {
  mode?: number;
  /**
   * Survive a power cut, not only a crash (fsync of file and folder). The app's own
   * bookkeeping can skip it: after a power cut it is rebuilt from the task files.
   */
  durable?: boolean;
}

/** `.<name>.<pid>.<random>.tmp` beside `path`: unique to this call, and says which process wrote it. */
export const tempPathFor = (path: string): string =>
  join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);

/** Writes `data` to a new temp file beside `path` (never an existing one) and returns its path. */
export async function writeTemp(
  path: string,
  data: string | Buffer,
  options: WriteOptions = {},
): Promise<string> {
  const temp = tempPathFor(path);
  const fd = openSync(temp, "wx", options.mode ?? 0o644);
  try {
    writeFileSync(fd, data);
    if (options.durable ?? true) await fsyncAsync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkQuietly(temp);
    throw error;
  }
  closeSync(fd);
  return temp;
}

export async function writeAtomic(
  path: string,
  data: string | Buffer,
  options: WriteOptions = {},
): Promise<void> {
  const durable = options.durable ?? true;
  const temp = await writeTemp(path, data, options);
  try {
    renameSync(temp, path);
  } catch (error) {
    unlinkQuietly(temp);
    throw error;
  }
  if (durable) await syncDirectory(dirname(path));
}

/** Makes a rename durable: without it a power cut can bring the old name back. */
async function syncDirectory(dir: string): Promise<void> {
  let fd: number;
  try {
    fd = openSync(dir, "r");
  } catch {
    return;
  }
  try {
    await fsyncAsync(fd);
  } catch {
    // a filesystem that cannot sync folders: the rename is as durable as it gets
  } finally {
    closeSync(fd);
  }
}

/**
 * Creates `path` only if nothing is there, complete with its content: the content is written
 * to a temp file first and hard-linked into place (link fails if the name exists). A plain
 * O_EXCL create would leave an empty file for a moment, and for ever if the writer died then:
 * an empty lock names no holder and no pid, so nobody could tell it was abandoned.
 * Returns false when the file already exists.
 */
export async function createExclusive(path: string, data: string, mode = 0o644): Promise<boolean> {
  const temp = await writeTemp(path, data, { mode });
  try {
    linkSync(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    unlinkQuietly(temp);
  }
}
