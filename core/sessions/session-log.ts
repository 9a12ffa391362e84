/**
 * The session log (`.switchyard/sessions/events.jsonl`), written by `switchyard hook` and read
 * here. The host reads only what was appended since it last looked, and rotates the file once
 * it grows past a few megabytes (to `events-<ms>.jsonl`, keeping the last two), so hooks never
 * have to; `status` without a host reads the rotated files and the current one whole.
 */
import { type FileHandle, open, readdir, readFile, rename, stat, unlink } from "node:fs/promises";
import { dirname, join } from "node:path";
import { z } from "zod";
import { crewPaths } from "../crew-root.js";
import type { HookRecord } from "./hook-record.js";

const SessionRecordSchema = z.looseObject({
  v: z.literal(1),
  at: z.string(),
  event: z.string(),
  session: z.string(),
  cwd: z.string().optional(),
  transcript: z.string().optional(),
  pid: z.number().optional(),
  pane: z.string().optional(),
  tmux: z.string().optional(),
  agent: z.string().optional(),
  task: z.string().optional(),
  tool: z.string().optional(),
  input: z.record(z.string(), z.unknown()).optional(),
  toolUseId: z.string().optional(),
  message: z.string().optional(),
  kind: z.string().optional(),
  source: z.string().optional(),
  reason: z.string().optional(),
  model: z.string().optional(),
  prompt: z.string().optional(),
  permissionId: z.string().optional(),
});

export const ROTATE_BYTES = 4 * 1024 * 1024;
const ROTATED_KEPT = 2;

export function parseSessionLine(line: string): HookRecord | undefined {
  if (!line.trim()) return undefined;
  try {
    const parsed = SessionRecordSchema.safeParse(JSON.parse(line));
    return parsed.success ? (parsed.data as HookRecord) : undefined;
  } catch {
    return undefined; // a line cut short, or written by hand
  }
}

const parseLines = (text: string): HookRecord[] =>
  text.split("\n").flatMap((line) => parseSessionLine(line) ?? []);

/** Rotated logs, oldest first (their names carry the time of rotation). */
async function rotatedFiles(root: string): Promise<string[]> {
  const current = crewPaths(root).sessionEvents;
  const names = await readdir(dirname(current)).catch(() => [] as string[]);
  return names
    .filter((name) => /^events-\d+\.jsonl$/.test(name))
    .sort((a, b) => Number(a.slice(7, -6)) - Number(b.slice(7, -6)))
    .map((name) => join(dirname(current), name));
}

/** Every record still kept, oldest first: for `status` when no host is running. */
export async function readSessionLog(root: string): Promise<HookRecord[]> {
  const files = [...(await rotatedFiles(root)), crewPaths(root).sessionEvents];
  const texts = await Promise.all(files.map((file) => readFile(file, "utf8").catch(() => "")));
  return texts.flatMap(parseLines);
}

/**
 * The host's reader: new records since the last call. It keeps the current file open, so a
 * rotation (its own) never loses the lines appended just before it.
 */
export class SessionLogReader {
  private handle: FileHandle | undefined;
  private inode = 0;
  private offset = 0;
  private partial = "";

  constructor(
    private readonly root: string,
    private readonly rotateBytes = ROTATE_BYTES,
  ) {}

  /** Everything kept so far (rotated files, then the current one), for a host that just started. */
  async readAll(): Promise<HookRecord[]> {
    const rotated = await rotatedFiles(this.root);
    const texts = await Promise.all(rotated.map((file) => readFile(file, "utf8").catch(() => "")));
    return [...texts.flatMap(parseLines), ...(await this.read())];
  }

  async read(): Promise<HookRecord[]> {
    const path = crewPaths(this.root).sessionEvents;
    if (!this.handle) await this.openCurrent(path);
    const records = await this.drain();
    const current = await stat(path).catch(() => undefined);
    if (this.handle && current && current.ino !== this.inode) {
      // Rotated away by another reader: the old file is drained above; start on the new one.
      await this.close();
      await this.openCurrent(path);
      records.push(...(await this.drain()));
    } else if (current && current.size >= this.rotateBytes) {
      let stamp = Date.now();
      while (await stat(join(dirname(path), `events-${stamp}.jsonl`)).catch(() => undefined)) stamp++;
      const target = join(dirname(path), `events-${stamp}.jsonl`);
      await rename(path, target).catch(() => undefined);
      // A hook may have appended between the drain and the rename: that line is in the old file.
      records.push(...(await this.drain()));
      await this.close();
      const rotated = await rotatedFiles(this.root);
      for (const old of rotated.slice(0, Math.max(0, rotated.length - ROTATED_KEPT)))
        await unlink(old).catch(() => undefined);
    }
    return records;
  }

  async close(): Promise<void> {
    await this.handle?.close().catch(() => undefined);
    this.handle = undefined;
    this.offset = 0;
    this.partial = "";
  }

  private async openCurrent(path: string): Promise<void> {
    try {
      this.handle = await open(path, "r");
      this.inode = (await this.handle.stat()).ino;
      this.offset = 0;
      this.partial = "";
    } catch {
      this.handle = undefined; // no hook has run yet
    }
  }

  private async drain(): Promise<HookRecord[]> {
    const handle = this.handle;
    if (!handle) return [];
    const { size } = await handle.stat();
    if (size <= this.offset) return [];
    const buffer = Buffer.alloc(size - this.offset);
    await handle.read(buffer, 0, buffer.length, this.offset);
    this.offset = size;
    const lines = (this.partial + buffer.toString("utf8")).split("\n");
    this.partial = lines.pop() ?? "";
    return lines.flatMap((line) => parseSessionLine(line) ?? []);
  }
}
