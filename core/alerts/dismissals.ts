/**
 * What the operator acknowledged in "Needs you" (`.switchyard/dismissed.json`), by alert key,
 * so it stays dismissed across restarts and in every window and tray. Keys name one occurrence
 * (a failure's key includes when it failed), so a new problem is never hidden by an old
 * dismissal; keys of alerts that are gone are dropped at the next dismissal.
 */
import { join } from "node:path";
import { z } from "zod";
import { crewPaths } from "../crew-root.js";
import { JsonStore } from "../fs/json-store.js";

const DismissedSchema = z.record(z.string(), z.string());

const store = (root: string) =>
  new JsonStore<Record<string, string>>(
    join(crewPaths(root).appData, "dismissed.json"),
    DismissedSchema,
    () => ({}),
  );

export async function dismissedKeys(root: string): Promise<string[]> {
  return Object.keys(await store(root).read());
}

/** Dismisses `key`, keeping only dismissals of alerts that still exist (`current`). */
export async function dismissAlert(
  root: string,
  key: string,
  current: readonly string[],
  now = new Date(),
): Promise<void> {
  const live = new Set(current);
  await store(root).update((dismissed) => {
    for (const old of Object.keys(dismissed)) if (!live.has(old)) delete dismissed[old];
    dismissed[key] = now.toISOString();
  });
}
