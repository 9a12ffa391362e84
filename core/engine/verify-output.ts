/**
 * Evidence, not claims: a task is done only when its EXPECTED_OUTPUT is a regular, non-empty
 * file inside the crew root, all the way down: a symlink anywhere on the path that leads out
 * of the root does not count.
 */
import { stat } from "node:fs/promises";
import { realPathInsideRoot } from "../crew-root.js";

export type OutputCheck = { ok: true; bytes: number } | { ok: false; reason: string };

export async function verifyOutput(root: string, expectedOutput: string): Promise<OutputCheck> {
  const inside = await realPathInsideRoot(root, expectedOutput);
  if (!inside.ok)
    return {
      ok: false,
      reason:
        inside.why === "missing"
          ? `${expectedOutput} was not written`
          : `${expectedOutput} leads outside the crew root`,
    };
  const target = await stat(inside.path);
  if (!target.isFile()) return { ok: false, reason: `${expectedOutput} is not a file` };
  if (target.size === 0) return { ok: false, reason: `${expectedOutput} is empty` };
  return { ok: true, bytes: target.size };
}
