/**
 * Evidence, not claims: a task is done only when its EXPECTED_OUTPUT is a regular, non-empty
 * file inside the crew root (a symlink out of the root does not count).
 */
import { lstat, realpath } from "node:fs/promises";
import { resolve } from "node:path";
import { isInsideRoot } from "../crew-root.js";

export type OutputCheck = { ok: true; bytes: number } | { ok: false; reason: string };

export async function verifyOutput(root: string, expectedOutput: string): Promise<OutputCheck> {
  const path = resolve(root, expectedOutput);
  if (!isInsideRoot(root, path)) return { ok: false, reason: `${expectedOutput} is outside the crew root` };
  try {
    const info = await lstat(path);
    if (info.isSymbolicLink()) {
      const real = await realpath(path);
      if (!isInsideRoot(await realpath(root), real))
        return { ok: false, reason: `${expectedOutput} links outside the crew root` };
    }
    const target = info.isSymbolicLink() ? await lstat(await realpath(path)) : info;
    if (!target.isFile()) return { ok: false, reason: `${expectedOutput} is not a file` };
    if (target.size === 0) return { ok: false, reason: `${expectedOutput} is empty` };
    return { ok: true, bytes: target.size };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT")
      return { ok: false, reason: `${expectedOutput} was not written` };
    throw error;
  }
}
