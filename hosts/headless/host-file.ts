/**
 * `.switchyard/host.json`: where a running headless host listens (its pid and loopback port),
 * so `switchyard status` can ask it for the snapshot it keeps in memory instead of reading
 * every task file (ARCHITECTURE.md, "Hosts, the CLI and status"). It names no secret: a
 * caller still needs the token in `.switchyard/token`.
 */
import { readFile, unlink } from "node:fs/promises";
import { get } from "node:http";
import { crewPaths } from "../../core/crew-root.js";
import { writeAtomic } from "../../core/fs/atomic-write.js";
import { isPidAlive } from "../../core/process/pid.js";

export interface HostFile {
  pid: number;
  port: number;
}

export async function writeHostFile(root: string, port: number): Promise<void> {
  await writeAtomic(crewPaths(root).host, `${JSON.stringify({ pid: process.pid, port })}\n`, {
    durable: false,
  });
}

/** Removes the file if it still names this process (a second host may have taken over). */
export async function removeHostFile(root: string): Promise<void> {
  if ((await readHostFile(root))?.pid === process.pid)
    await unlink(crewPaths(root).host).catch(() => undefined);
}

/** The host that runs on this root now, if any (a file left by a crashed host is ignored). */
export async function readHostFile(root: string): Promise<HostFile | undefined> {
  try {
    const host = JSON.parse(await readFile(crewPaths(root).host, "utf8")) as Partial<HostFile>;
    if (!Number.isInteger(host.pid) || !Number.isInteger(host.port)) return undefined;
    return isPidAlive(host.pid as number) ? (host as HostFile) : undefined;
  } catch {
    return undefined; // missing or half-written: read the files instead
  }
}

/**
 * The status JSON a running host answers, or undefined when none answers within `timeoutMs`
 * (node:http rather than fetch: loading fetch costs a one-shot CLI more than the request).
 */
export async function statusFromHost(root: string, timeoutMs = 3_000): Promise<string | undefined> {
  const host = await readHostFile(root);
  if (!host) return undefined;
  let token: string;
  try {
    token = (await readFile(crewPaths(root).token, "utf8")).trim();
  } catch {
    return undefined; // no token: read the files instead
  }
  return new Promise((resolve) => {
    const request = get(
      {
        host: "127.0.0.1",
        port: host.port,
        path: "/api/status",
        headers: { Authorization: `Bearer ${token}` },
        timeout: timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve(response.statusCode === 200 ? Buffer.concat(chunks).toString("utf8") : undefined),
        );
        response.on("error", () => resolve(undefined));
      },
    );
    // Not listening (any more), or too slow: read the files instead.
    request.on("timeout", () => request.destroy());
    request.on("error", () => resolve(undefined));
  });
}
