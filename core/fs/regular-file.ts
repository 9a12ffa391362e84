/**
 * Reading a file without trusting what sits at its path. A FIFO opened for reading blocks one
 * of libuv's few file threads until someone writes (four of them freeze every file operation
 * of the process), and `/dev/zero` never ends. So a file is opened non-blocking, checked to be
 * a regular file on the open handle (no race with a swap of the path), and read only up to a
 * size the caller names.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";

export type FileRefusal =
  | { ok: false; why: "missing" }
  /** `kind` in words: "a FIFO (named pipe)", "a device", "a symbolic link", … */
  | { ok: false; why: "not-regular"; kind: string }
  | { ok: false; why: "too-large"; size: number };

export type RegularRead = { ok: true; bytes: Buffer; size: number; mtimeMs: number } | FileRefusal;

export interface RegularReadOptions {
  /** Refuse (or, with `truncate`, cut at) anything larger. */
  maxBytes: number;
  /** Read the first `maxBytes` of a larger file instead of refusing it (previews). */
  truncate?: boolean;
  /** False refuses a symlink itself (task files in inboxes); true reads what it points to. */
  followSymlinks: boolean;
}

const MB = 1024 * 1024;
export const describeSize = (bytes: number): string =>
  bytes >= MB ? `${(bytes / MB).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;

/** What kind of thing other than a plain file is at a path, in words, for a refusal. */
export function kindOf(stats: import("node:fs").Stats): string {
  if (stats.isFIFO()) return "a FIFO (named pipe)";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "a device";
  if (stats.isSocket()) return "a socket";
  if (stats.isDirectory()) return "a folder";
  if (stats.isSymbolicLink()) return "a symbolic link";
  return "something other than a file";
}

/** Non-blocking, so a FIFO cannot hold the open; without following a final symlink unless asked. */
const openFlags = (followSymlinks: boolean) =>
  constants.O_RDONLY | constants.O_NONBLOCK | (followSymlinks ? 0 : constants.O_NOFOLLOW);

/** What an error of the open says about the path; other I/O errors are thrown. */
function refusalOf(error: unknown): FileRefusal {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return { ok: false, why: "missing" };
  if (code === "ELOOP" || code === "EMLINK")
    return { ok: false, why: "not-regular", kind: "a symbolic link" };
  if (code === "ENXIO") return { ok: false, why: "not-regular", kind: "a socket or a device" };
  throw error;
}

/**
 * Opens `path` for reading only if it is a regular file; never blocks on a FIFO. The caller
 * closes the handle. Missing is an answer, not an error; other I/O errors are thrown.
 */
export async function openRegularFile(
  path: string,
  followSymlinks: boolean,
): Promise<{ ok: true; handle: FileHandle; size: number; mtimeMs: number } | FileRefusal> {
  let handle: FileHandle;
  try {
    handle = await open(path, openFlags(followSymlinks));
  } catch (error) {
    return refusalOf(error);
  }
  const stats = await handle.stat().catch(async (error: unknown) => {
    await handle.close();
    throw error;
  });
  if (!stats.isFile()) {
    await handle.close();
    return { ok: false, why: "not-regular", kind: kindOf(stats) };
  }
  return { ok: true, handle, size: stats.size, mtimeMs: stats.mtimeMs };
}

export async function readRegularFile(path: string, options: RegularReadOptions): Promise<RegularRead> {
  const opened = await openRegularFile(path, options.followSymlinks);
  if (!opened.ok) return opened;
  const { handle, size, mtimeMs } = opened;
  try {
    if (size > options.maxBytes && !options.truncate) return { ok: false, why: "too-large", size };
    // A file still growing is read up to the limit, never beyond.
    const buffer = Buffer.alloc(Math.min(size, options.maxBytes));
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return { ok: true, bytes: buffer.subarray(0, filled), size, mtimeMs };
  } finally {
    await handle.close();
  }
}

/** The last `maxBytes` of a plain file (a log's tail), or undefined when it is missing or not plain. */
export async function readFileTail(path: string, maxBytes: number): Promise<Buffer | undefined> {
  const opened = await openRegularFile(path, false);
  if (!opened.ok) return undefined;
  const { handle, size } = opened;
  try {
    const buffer = Buffer.alloc(Math.min(size, maxBytes));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, size - buffer.length);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * The same checks and limit in synchronous calls, for a host indexing many small files while
 * its engine keeps the thread pool busy (ARCHITECTURE.md, "File access"); non-blocking open,
 * so a FIFO is refused, never waited on.
 */
export function readRegularFileSync(path: string, options: RegularReadOptions): RegularRead {
  let fd: number;
  try {
    fd = openSync(path, openFlags(options.followSymlinks));
  } catch (error) {
    return refusalOf(error);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { ok: false, why: "not-regular", kind: kindOf(stats) };
    if (stats.size > options.maxBytes && !options.truncate)
      return { ok: false, why: "too-large", size: stats.size };
    const buffer = Buffer.alloc(Math.min(stats.size, options.maxBytes));
    let filled = 0;
    while (filled < buffer.length) {
      const bytesRead = readSync(fd, buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return { ok: true, bytes: buffer.subarray(0, filled), size: stats.size, mtimeMs: stats.mtimeMs };
  } finally {
    closeSync(fd);
  }
}
