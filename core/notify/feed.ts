/**
 * The window's feed, `.switchyard/notifications.jsonl`: one JSON line per notification, and
 * one more line with the same id whenever a repeat raised its count. Readers keep the latest
 * line of each id, so the feed shows one notification per burst, with its count.
 */
import { appendFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { type Notification, NotificationSchema } from "../../shared/notification.js";
import { crewPaths } from "../crew-root.js";

/** Enough of the file's end for the newest few hundred notifications, whatever its age. */
const TAIL_BYTES = 1024 * 1024;

/** One line, appended in one write (synchronous: see atomic-write.ts on small file steps). */
export async function appendToFeed(root: string, notification: Notification): Promise<void> {
  appendFileSync(crewPaths(root).notifications, `${JSON.stringify(notification)}\n`);
}

/** The feed's latest version of each notification, newest first (by when it was first raised). */
export function collapseFeed(text: string, limit: number): Notification[] {
  const latest = new Map<string, Notification>();
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      continue; // a torn first line of the tail, or a hand edit
    }
    const parsed = NotificationSchema.safeParse(json);
    if (parsed.success) latest.set(parsed.data.id, parsed.data);
  }
  return [...latest.values()]
    .sort((a, b) => a.at.localeCompare(b.at))
    .slice(-limit)
    .reverse();
}

export async function readFeed(root: string, limit = 200): Promise<Notification[]> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(crewPaths(root).notifications, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    return collapseFeed(buffer.toString("utf8"), limit);
  } finally {
    await handle.close();
  }
}
