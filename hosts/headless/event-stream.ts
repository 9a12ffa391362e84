/**
 * The bridge's events as Server-Sent Events: one `data:` line of JSON per event. A `ping`
 * event every few seconds keeps a quiet stream open and lets the window notice within seconds
 * that the host stopped or hangs (renderer/bridge/http-transport.ts); the window reconnects by
 * itself when the daemon comes back.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { BridgeEvent } from "../../shared/bridge.js";
import type { BridgeFeed } from "../../core/bridge/bridge-feed.js";
import { SECURITY_HEADERS } from "./static-files.js";

const PING_MS = 5_000;

export function streamEvents(feed: BridgeFeed, request: IncomingMessage, response: ServerResponse): void {
  response.writeHead(200, {
    ...SECURITY_HEADERS,
    "Content-Type": "text/event-stream; charset=utf-8",
    "Cache-Control": "no-store",
    Connection: "keep-alive",
  });
  response.write("retry: 1000\n\n");
  const send = (event: BridgeEvent) => response.write(`data: ${JSON.stringify(event)}\n\n`);
  const unsubscribe = feed.subscribe(send);
  const keepalive = setInterval(() => response.write("event: ping\ndata: {}\n\n"), PING_MS);
  request.once("close", () => {
    clearInterval(keepalive);
    unsubscribe();
  });
}
