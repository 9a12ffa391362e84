/**
 * Who may talk to the headless host. Two checks, pure so they are tested on strings:
 * - the Host and Origin must name this loopback port: a web page on another site that
 *   rebinds its DNS name to 127.0.0.1 still sends its own name, and gets 403;
 * - every /api call carries the token (header, or `?token=` where EventSource cannot set
 *   headers), so another local user or a page that guessed the port gets 401.
 */
import { timingSafeEqual } from "node:crypto";

const LOOPBACK_NAMES = ["127.0.0.1", "localhost", "[::1]"];

export const loopbackHosts = (port: number): string[] => LOOPBACK_NAMES.map((name) => `${name}:${port}`);

export interface GuardInput {
  host: string | undefined;
  origin: string | undefined;
  authorization: string | undefined;
  /** The `token` query parameter, if any. */
  queryToken: string | null;
  /** Whether the path is under /api (the page and its assets are public: they hold no data). */
  isApi: boolean;
}

export type GuardVerdict = { ok: true } | { ok: false; status: 401 | 403; reason: string };

function sameSecret(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function checkRequest(input: GuardInput, port: number, token: string): GuardVerdict {
  const hosts = loopbackHosts(port);
  if (!input.host || !hosts.includes(input.host.toLowerCase()))
    return { ok: false, status: 403, reason: "the Host header must be this machine's loopback address" };
  if (input.origin !== undefined && !hosts.some((host) => input.origin?.toLowerCase() === `http://${host}`))
    return { ok: false, status: 403, reason: "requests from other origins are refused" };
  if (!input.isApi) return { ok: true };
  const bearer = /^Bearer\s+(\S+)$/i.exec(input.authorization ?? "")?.[1];
  const given = bearer ?? input.queryToken;
  if (!given || !sameSecret(given, token))
    return {
      ok: false,
      status: 401,
      reason: "a valid token is required (see the dashboard line the daemon printed)",
    };
  return { ok: true };
}
