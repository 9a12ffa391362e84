/**
 * The operator's own settings for the tray app, as opposed to a crew's: `settings.json` in the
 * per-user config folder, next to `last-root` (hosts/app-root.ts). switchyard.json belongs to a
 * crew root and its keys are fixed; whether the app starts at login belongs to the person.
 * A file that does not parse is reported and left alone, never overwritten.
 */
import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { z } from "zod";
import type { ActionResult } from "../shared/bridge.js";
import { writeAtomic } from "../core/fs/atomic-write.js";
import { readIfExists } from "../core/fs/read-if-exists.js";
import { lastRootFile } from "./app-root.js";

const UserSettingsSchema = z
  .object({
    /** Absent until the app first ran; then the operator's choice. */
    openAtLogin: z.boolean().optional(),
  })
  .strict();
export type UserSettings = z.infer<typeof UserSettingsSchema>;

export const userSettingsFile = (home: string, env: NodeJS.ProcessEnv = {}): string =>
  join(dirname(lastRootFile(home, env)), "settings.json");

export type SettingsRead = { ok: true; settings: UserSettings } | { ok: false; reason: string };

export async function readUserSettings(file: string): Promise<SettingsRead> {
  const text = await readIfExists(file);
  if (text === undefined) return { ok: true, settings: {} };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `${file} is not JSON (${(error as Error).message}): fix it or delete it` };
  }
  const parsed = UserSettingsSchema.safeParse(json);
  if (!parsed.success)
    return {
      ok: false,
      reason: `${file}: ${parsed.error.issues.map((issue) => `${issue.path.join(".") || "file"}: ${issue.message}`).join("; ")}; fix it or delete it`,
    };
  return { ok: true, settings: parsed.data };
}

/** Merges `change` into the file; refuses (leaving the file as it is) when the file is invalid. */
export async function updateUserSettings(file: string, change: UserSettings): Promise<ActionResult> {
  const current = await readUserSettings(file);
  if (!current.ok) return current;
  await mkdir(dirname(file), { recursive: true });
  await writeAtomic(file, `${JSON.stringify({ ...current.settings, ...change }, null, 2)}\n`, {
    durable: false,
  });
  return { ok: true };
}
