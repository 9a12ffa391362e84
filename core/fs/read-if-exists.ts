/**
 * Reading a file that may legitimately be missing. Only "not there" (ENOENT) is forgiven:
 * a permission error, a folder where a file should be or a failing disk is an error the
 * caller must see, not an empty answer that hides it.
 */
import { readFile } from "node:fs/promises";

export const isMissing = (error: unknown): boolean => (error as NodeJS.ErrnoException).code === "ENOENT";

export async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}
