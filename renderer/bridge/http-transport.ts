/**
 * The bridge over the headless host: requests are `POST /api/<name>` with the token as a
 * bearer header; events come from `GET /api/events` as Server-Sent Events (EventSource
 * cannot set headers, so the token rides in the query there). EventSource reconnects by
 * itself, and the host sends a fresh snapshot on every connect.
 */
import type { BridgeTransport, Connection } from "../../shared/bridge.js";

export function httpTransport(token: string, base = ""): BridgeTransport {
  return {
    async call(name, params) {
      const response = await fetch(`${base}/api/${name}`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: JSON.stringify(params),
      });
      const body: unknown = await response.json().catch(() => undefined);
      if (!response.ok) {
        const reason = (body as { error?: string } | undefined)?.error ?? response.statusText;
        throw new Error(
          response.status === 401
            ? "the dashboard token was refused; open the address the daemon printed"
            : reason,
        );
      }
      return body;
    },
    listen(onEvent, onConnection) {
      const source = new EventSource(`${base}/api/events?token=${encodeURIComponent(token)}`);
      const report = (state: Connection) => onConnection(state);
      source.onopen = () => report("live");
      source.onerror = () => report(source.readyState === EventSource.CLOSED ? "lost" : "connecting");
      source.onmessage = (message) => {
        try {
          onEvent(JSON.parse(message.data as string));
        } catch {
          // not JSON: nothing a view could use
        }
      };
      return () => source.close();
    },
  };
}
