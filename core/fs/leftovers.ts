/**
 * What a killed writer leaves behind, removed at the next start: its temp files
 * (`.<name>.<pid>.<random>.tmp`, atomic-write.ts), the guards it held (`.<name>.guard`,
 * file-guard.ts and the lock store), and lock files it was removing (`.<lock>.<pid>.removing`).
 * Only names that say a process of this host wrote them are touched, and only when that
 * process is gone: another tool's `.draft.md.tmp`, or a writer still at work, is left alone.
 * Parked claims (`.claim.*`) are handed back by claim.ts, not here.
 */
import { readdir, readFile, unlink } from "node:fs/promises";
import { join } from "node:path";
import { crewPaths } from "../crew-root.js";
import { isPidAlive } from "../process/pid.js";

const TEMP = /^\..+\.(\d+)\.[0-9a-z]+\.tmp$/;
const REMOVING = /^\..+\.(\d+)\.removing$/;
const GUARD = /^\..+\.guard$/;

async function writerOf(dir: string, name: string): Promise<number | undefined> {
  const match = TEMP.exec(name) ?? REMOVING.exec(name);
  if (match) return Number(match[1]);
  if (!GUARD.test(name)) return undefined;
  const pid = Number.parseInt(await readFile(join(dir, name), "utf8").catch(() => ""), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

const subfolders = async (dir: string): Promise<string[]> =>
  (await readdir(dir, { withFileTypes: true }).catch(() => [])).flatMap((entry) =>
    entry.isDirectory() ? [join(dir, entry.name)] : [],
  );

/** Removes the leftovers of dead writers in every folder Switchyard writes; returns how many. */
export async function removeLeftovers(root: string): Promise<number> {
  const paths = crewPaths(root);
  const folders = [
    ...(await subfolders(paths.coordination)),
    paths.appData,
    ...(await subfolders(paths.runs)),
  ];
  let removed = 0;
  for (const dir of folders)
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      if (!name.startsWith(".")) continue;
      const pid = await writerOf(dir, name);
      if (pid === undefined || isPidAlive(pid)) continue;
      await unlink(join(dir, name)).then(
        () => removed++,
        () => undefined,
      );
    }
  return removed;
}
