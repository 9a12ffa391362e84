/**
 * Writes that a crash can never leave half-done: temp file + fsync + rename (via
 * write-file-atomic), and create-only writes that fail instead of overwriting.
 */
import { open } from "node:fs/promises";
import writeFileAtomic from "write-file-atomic";

export async function writeAtomic(path: string, data: string | Buffer, mode?: number): Promise<void> {
  await writeFileAtomic(path, data, { fsync: true, ...(mode === undefined ? {} : { mode }) });
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
