/**
 * The dashboard keeps its port across restarts (`.switchyard/dashboard-port`), so a tab left open
 * on it reconnects by itself when the host comes back. Only a port that is taken by then makes
 * the host take another.
 */
import { once } from "node:events";
import type { Server } from "node:http";
import { join } from "node:path";
import { crewPaths } from "../../core/crew-root.js";
import { writeAtomic } from "../../core/fs/atomic-write.js";
import { readIfExists } from "../../core/fs/read-if-exists.js";

const portFile = (root: string) => join(crewPaths(root).appData, "dashboard-port");

export async function rememberedPort(root: string): Promise<number | undefined> {
  const port = Number(((await readIfExists(portFile(root))) ?? "").trim());
  return Number.isInteger(port) && port > 0 && port <= 65535 ? port : undefined;
}

export const rememberPort = (root: string, port: number): Promise<void> =>
  writeAtomic(portFile(root), `${port}\n`, { durable: false });

/** A port another process listens on, when the operator asked for that one. */
export class PortTakenError extends Error {}

/** Listens on 127.0.0.1:`port`; when it is taken, on a free port if `orFreePort`, else a PortTakenError. */
export async function listenOnLoopback(server: Server, port: number, orFreePort: boolean): Promise<void> {
  for (const candidate of orFreePort && port !== 0 ? [port, 0] : [port]) {
    server.listen(candidate, "127.0.0.1");
    const [event] = await Promise.race([
      once(server, "listening").then(() => ["listening"]),
      once(server, "error"),
    ]);
    if (event === "listening") return;
    const error = event as NodeJS.ErrnoException;
    if (error.code !== "EADDRINUSE") throw error;
    if (candidate === 0 || !orFreePort)
      throw new PortTakenError(
        `port ${candidate} is taken: choose another with --port N, or --port 0 for any free one`,
      );
  }
}
