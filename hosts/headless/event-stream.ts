/**
 * The bridge's events as Server-Sent Events: one `data:` line of JSON per event. A comment
 * line every so often keeps proxies and idle timeouts from closing a quiet stream; the
 * browser's EventSource reconnects by itself when the daemon restarts.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { BridgeEvent } from "../../shared/bridge.js";
import type { BridgeFeed } from "../../core/bridge/bridge-feed.js";
import { SECURITY_HEADERS } from "./static-files.js";

const KEEPALIVE_MS = 20_000;

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
  const keepalive = setInterval(() => response.write(": keep-alive\n\n"), KEEPALIVE_MS);
  request.once("close", () => {
    clearInterval(keepalive);
    unsubscribe();
  });
}
