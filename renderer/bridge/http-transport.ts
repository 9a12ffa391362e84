/**
 * The bridge over the headless host: requests are `POST /api/<name>` with the token as a
 * bearer header; events come from `GET /api/events` as Server-Sent Events (EventSource
 * cannot set headers, so the token rides in the query there). The host pings every few
 * seconds, so a host that stopped or hangs is noticed within seconds ("lost"); the window then
 * keeps trying, and the host sends a fresh snapshot on every connect. A refused token is told
 * apart from a host that is down by asking once.
 */
import type { BridgeTransport, Connection } from "../../shared/bridge.js";

/** Silence longer than this (the host pings every 5 s) means the host is gone or hung. */
const SILENCE_MS = 12_000;
const REOPEN_MS = 2_000;

export function httpTransport(token: string, base = ""): BridgeTransport {
  const authorization = { Authorization: `Bearer ${token}` };
  return {
    async call(name, params) {
      const response = await fetch(`${base}/api/${name}`, {
        method: "POST",
        headers: { ...authorization, "Content-Type": "application/json" },
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
      let source: EventSource | undefined;
      let stopped = false;
      let reopen: ReturnType<typeof setTimeout> | undefined;
      let silence: ReturnType<typeof setTimeout> | undefined;
      let state: Connection = "connecting";
      const report = (next: Connection) => {
        if (next === state) return;
        state = next;
        onConnection(next);
      };
      const heard = () => {
        clearTimeout(silence);
        silence = setTimeout(() => lost(), SILENCE_MS);
      };
      /** A 401 means this token is wrong (the host is up); anything else, that the host is not there. */
      const whyClosed = async (): Promise<Connection> => {
        try {
          const response = await fetch(`${base}/api/status`, { headers: authorization });
          return response.status === 401 ? "refused" : "lost";
        } catch {
          return "lost";
        }
      };
      const lost = async () => {
        source?.close();
        clearTimeout(silence);
        report(await whyClosed());
        if (!stopped) reopen = setTimeout(open, REOPEN_MS);
      };
      function open() {
        if (stopped) return;
        source = new EventSource(`${base}/api/events?token=${encodeURIComponent(token)}`);
        source.onopen = () => {
          report("live");
          heard();
        };
        source.addEventListener("ping", heard);
        source.onerror = () => void lost();
        source.onmessage = (message) => {
          heard();
          try {
            onEvent(JSON.parse(message.data as string));
          } catch {
            // not JSON: nothing a view could use
          }
        };
      }
      open();
      return () => {
        stopped = true;
        clearTimeout(reopen);
        clearTimeout(silence);
        source?.close();
      };
    },
  };
}
