/**
 * Lock files (ARCHITECTURE.md, "Locks"): `coordination/in_progress/<resource>-<unix-seconds>.lock`, first line
 * `<agent>: <purpose>`. The name is what the seed's `ls <resource>-*.lock` check sees, so the
 * app and hand-written shell locks understand each other.
 */
import { z } from "zod";

export const LockInfoSchema = z.object({
  resource: z.string(),
  /** The lock file's name inside `in_progress/`. */
  file: z.string(),
  holder: z.string(),
  purpose: z.string(),
  /** From the file name (seconds); the file's mtime when the name carries none. */
  acquiredAt: z.string(),
  ageSeconds: z.number(),
  pid: z.number().int().optional(),
  host: z.string().optional(),
  stale: z.boolean(),
  staleReason: z.string().optional(),
});
export type LockInfo = z.infer<typeof LockInfoSchema>;

const LOCK_NAME = /^(.+)-(\d{9,11})\.lock$/;

export const lockFileName = (resource: string, unixSeconds: number): string =>
  `${resource}-${Math.floor(unixSeconds)}.lock`;

export function parseLockFileName(fileName: string): { resource: string; unixSeconds: number } | undefined {
  const match = LOCK_NAME.exec(fileName);
  if (!match || fileName.startsWith(".")) return undefined;
  return { resource: match[1] ?? "", unixSeconds: Number(match[2]) };
}

/** True when `fileName` is a lock on exactly `resource` (not on `resource-x`). */
export const isLockOn = (fileName: string, resource: string): boolean =>
  parseLockFileName(fileName)?.resource === resource;

export interface LockContent {
  holder: string;
  purpose: string;
  pid?: number;
  host?: string;
}

/** First line as the seed writes it; the app adds `pid:` and `host:` lines for liveness checks. */
export function formatLockContent(content: LockContent): string {
  const lines = [`${content.holder}: ${content.purpose}`];
  if (content.pid !== undefined) lines.push(`pid: ${content.pid}`);
  if (content.host) lines.push(`host: ${content.host}`);
  return `${lines.join("\n")}\n`;
}

export function parseLockContent(text: string): LockContent {
  const [first = "", ...rest] = text.split(/\r?\n/);
  const colon = first.indexOf(":");
  const holder = (colon >= 0 ? first.slice(0, colon) : first).trim() || "unknown";
  const purpose = colon >= 0 ? first.slice(colon + 1).trim() : "";
  const content: LockContent = { holder, purpose };
  for (const line of rest) {
    const pid = /^pid:\s*(\d+)\s*$/i.exec(line);
    const host = /^host:\s*(\S+)\s*$/i.exec(line);
    if (pid) content.pid = Number(pid[1]);
    if (host) content.host = host[1] ?? "";
  }
  return content;
}

export interface StalenessInput {
  ageSeconds: number;
  staleAfterMinutes: number;
  pid?: number;
  host?: string;
  thisHost: string;
  isPidAlive: (pid: number) => boolean;
}

/**
 * Why a lock is stale, or undefined while it is live. A lock that names a process on this host
 * is judged by that process alone: gone is stale at once, alive is never stale, however old (a
 * long deploy under `switchyard lock run` keeps its lock). Age decides only for locks that name
 * no process here (written by hand, or by another machine sharing the root).
 */
export function staleReason(input: StalenessInput): string | undefined {
  const onThisHost = input.pid !== undefined && (input.host ?? input.thisHost) === input.thisHost;
  if (onThisHost && input.pid !== undefined)
    return input.isPidAlive(input.pid) ? undefined : `its holder's process ${input.pid} is gone`;
  if (input.ageSeconds > input.staleAfterMinutes * 60)
    return `older than ${input.staleAfterMinutes} min (${Math.round(input.ageSeconds / 60)} min)`;
  return undefined;
}

/**
 * The internal lock names: Switchyard takes them itself (`shared-mind` while it writes
 * SHARED_MIND.md), so a task may not ask for them; a task holding `shared-mind` for its whole
 * run could never have its outcome recorded.
 */
export const SHARED_MIND_LOCK = "shared-mind";
export const RESERVED_LOCK_NAMES: ReadonlySet<string> = new Set([SHARED_MIND_LOCK]);

/** Why a task may not hold `resource`, or undefined when it may. */
export function reservedLockProblem(resource: string): string | undefined {
  if (!RESERVED_LOCK_NAMES.has(resource)) return undefined;
  return `"${resource}" is reserved: Switchyard takes that lock itself (to write SHARED_MIND.md), so a task may not hold it`;
}
