/**
 * Reading a file that may legitimately be missing. Only "not there" (ENOENT) is forgiven:
 * a permission error, a folder where a file should be, a FIFO or a device, a file far larger
 * than any the app writes, or a failing disk is an error the caller must see, not an empty
 * answer that hides it. Symlinks are followed (a switchyard.json may live elsewhere).
 */
import { describeSize, readRegularFile } from "./regular-file.js";

export const isMissing = (error: unknown): boolean => (error as NodeJS.ErrnoException).code === "ENOENT";

/** Larger than any config, record or SHARED_MIND.md the crew keeps. */
const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

export async function readIfExists(path: string, maxBytes = DEFAULT_MAX_BYTES): Promise<string | undefined> {
  const read = await readRegularFile(path, { maxBytes, followSymlinks: true });
  if (read.ok) return read.bytes.toString("utf8");
  if (read.why === "missing") return undefined;
  if (read.why === "too-large")
    throw Object.assign(
      new Error(`${path} is ${describeSize(read.size)}, too large to be one of the crew's files`),
      {
        code: "EFBIG",
      },
    );
  throw Object.assign(new Error(`${path} is ${read.kind}, not a plain file`), { code: "EINVAL" });
}
