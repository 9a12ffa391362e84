/**
 * The dashboard token (ARCHITECTURE.md, "Hosts, the CLI and status"): random, kept in `<root>/.switchyard/token` with mode 0600 and
 * reused across restarts, so a bookmarked dashboard address keeps working.
 */
import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { crewPaths } from "../../core/crew-root.js";
import { createExclusive } from "../../core/fs/atomic-write.js";

const TOKEN_FILE_MODE = 0o600;

async function readToken(path: string): Promise<string | undefined> {
  try {
    return (await readFile(path, "utf8")).trim() || undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

export async function loadOrCreateToken(root: string): Promise<string> {
  const path = crewPaths(root).token;
  await mkdir(dirname(path), { recursive: true });
  const existing = await readToken(path);
  if (existing) {
    // A token copied in by hand (or by an older version) must not stay readable by others.
    await chmod(path, TOKEN_FILE_MODE);
    return existing;
  }
  const fresh = randomBytes(24).toString("base64url");
  if (await createExclusive(path, `${fresh}\n`, TOKEN_FILE_MODE)) return fresh;
  // Another host created it between our read and our write: use theirs.
  const theirs = await readToken(path);
  if (!theirs) throw new Error(`${path} exists but is empty; delete it and start again`);
  return theirs;
}
