/**
 * The headless host (ARCHITECTURE.md, "Hosts, the CLI and status"): the same core as the tray app, with the dashboard served on
 * 127.0.0.1 only. `GET /api/status` answers what `status --json` prints, `POST /api/<request>`
 * carries the bridge's requests, `GET /api/events` streams its events. Plain Node: nothing
 * here imports electron.
 */
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { isRequestName } from "../../shared/bridge.js";
import { BridgeFeed } from "../../core/bridge/bridge-feed.js";
import { BridgeRequestError, bridgeRequestHandler } from "../../core/bridge/bridge-requests.js";
import type { BridgeService, HostSettings } from "../../core/bridge/bridge-service.js";
import { listenOnLoopback, rememberPort } from "./dashboard-port.js";
import { streamEvents } from "./event-stream.js";
import { checkRequest } from "./request-guard.js";
import { SECURITY_HEADERS, serveStatic } from "./static-files.js";
import { loadOrCreateToken } from "./token.js";

/** Where `npm run build` puts the renderer, relative to this file once compiled to dist/hosts/headless. */
export const BUILT_RENDERER_DIR = fileURLToPath(new URL("../../renderer", import.meta.url));

const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** The headless host has no login item of its own: the operator's service manager starts it. */
export const HEADLESS_SETTINGS: HostSettings = {
  loginItem: async () => ({
    applicable: false,
    reason:
      "Start at login belongs to the tray app. This dashboard is served by `switchyard daemon`: start it at login with your own service manager (a systemd user unit, a launchd agent).",
  }),
  setLoginItem: async () => ({
    ok: false,
    reason:
      "Start at login belongs to the tray app; `switchyard daemon` is started by your own service manager.",
  }),
};

export interface HeadlessHostOptions {
  service: BridgeService;
  /** 0 picks a free port. */
  port?: number;
  /** When `port` is taken, take a free one instead of failing (the port remembered from last time). */
  orFreePort?: boolean;
  rendererDir?: string;
  /** Defaults to the root's `.switchyard/token` (created when missing). */
  token?: string;
}

export interface HeadlessHost {
  url: string;
  /** The address to open: the token rides in the fragment, which browsers never send. */
  dashboardUrl: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, {
    ...SECURITY_HEADERS,
    "Content-Type": "application/json; charset=utf-8",
    "Cache-Control": "no-store",
  });
  response.end(JSON.stringify(body, null, 2));
}

async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BridgeRequestError("the request body is too large");
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new BridgeRequestError("the request body is not JSON");
  }
}

export async function startHeadlessHost(options: HeadlessHostOptions): Promise<HeadlessHost> {
  const { service } = options;
  const token = options.token ?? (await loadOrCreateToken(service.root));
  const rendererDir = options.rendererDir ?? BUILT_RENDERER_DIR;
  const handle = bridgeRequestHandler(service, HEADLESS_SETTINGS);
  const feed = new BridgeFeed(service);
  let port = 0;

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const isApi = url.pathname === "/api" || url.pathname.startsWith("/api/");
    const verdict = checkRequest(
      {
        host: request.headers.host,
        origin: request.headers.origin,
        authorization: request.headers.authorization,
        queryToken: url.searchParams.get("token"),
        isApi,
      },
      port,
      token,
    );
    if (!verdict.ok) return sendJson(response, verdict.status, { error: verdict.reason });
    if (!isApi) {
      if (request.method !== "GET" && request.method !== "HEAD")
        return sendJson(response, 405, { error: "GET only" });
      return serveStatic(rendererDir, url.pathname, response);
    }
    const name = url.pathname.slice("/api/".length);
    if (request.method === "GET" && name === "events") return streamEvents(feed, request, response);
    if (request.method === "GET" && name === "status") return sendJson(response, 200, await service.status());
    if (!isRequestName(name)) return sendJson(response, 404, { error: `no such request: ${name}` });
    if (request.method !== "POST") return sendJson(response, 405, { error: `use POST /api/${name}` });
    try {
      sendJson(response, 200, await handle(name, await readJsonBody(request)));
    } catch (error) {
      if (!(error instanceof BridgeRequestError)) throw error;
      sendJson(response, 400, { error: error.message });
    }
  }

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      process.stderr.write(`switchyard: ${request.method} ${request.url}: ${(error as Error).stack}\n`);
      // The details (paths, a stack) stay in the host's log, not in the reply.
      if (!response.headersSent) sendJson(response, 500, { error: "internal error: see the host's log" });
      else response.end();
    });
  });
  await listenOnLoopback(server, options.port ?? 0, options.orFreePort ?? false);
  port = (server.address() as AddressInfo).port;
  await rememberPort(service.root, port);
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    dashboardUrl: `${url}#token=${token}`,
    port,
    token,
    async close() {
      feed.close();
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}
