/**
 * `switchyard status` while a host runs: the snapshot the host keeps in memory, asked over its
 * dashboard's API (the address its `.switchyard/host.json` record announces, the token in
 * `.switchyard/token`), instead of reading every task file (ARCHITECTURE.md, "Hosts, the CLI
 * and status"). Any trouble (no host, a host without a dashboard, no answer) means: read the
 * files instead.
 */
import { readFile } from "node:fs/promises";
import { get } from "node:http";
import { hostname } from "node:os";
import { crewPaths } from "../../core/crew-root.js";
import { runningHost } from "../host-lock.js";

/**
 * The status JSON the running host answers, or undefined when none answers within `timeoutMs`
 * (node:http rather than fetch: loading fetch costs a one-shot CLI more than the request).
 */
export async function statusFromHost(root: string, timeoutMs = 3_000): Promise<string | undefined> {
  const host = await runningHost(root);
  if (!host?.dashboard || host.host !== hostname()) return undefined;
  let url: URL;
  let token: string;
  try {
    url = new URL("api/status", host.dashboard);
    token = (await readFile(crewPaths(root).token, "utf8")).trim();
  } catch {
    return undefined;
  }
  if (url.hostname !== "127.0.0.1") return undefined; // the dashboard only ever listens on loopback
  return new Promise((resolve) => {
    const request = get(
      url,
      { headers: { Authorization: `Bearer ${token}` }, timeout: timeoutMs },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve(response.statusCode === 200 ? Buffer.concat(chunks).toString("utf8") : undefined),
        );
        response.on("error", () => resolve(undefined));
      },
    );
    request.on("timeout", () => request.destroy());
    request.on("error", () => resolve(undefined));
  });
}
