/**
 * The windows' pages come from `app://switchyard/`, a standard, secure scheme that serves only
 * the built renderer folder (Electron's security checklist: prefer a custom protocol to
 * file://). Pages get a real origin of their own, and the Content-Security-Policy arrives as a
 * header, exactly as the headless host sends it (hosts/headless/static-files.ts).
 */
import { readFile } from "node:fs/promises";
import { protocol } from "electron";
import { NOT_BUILT, rendererFile } from "../hosts/headless/static-files.js";
import { APP_HOST, APP_SCHEME } from "./window-policy.js";

/** Before the app is ready: Electron fixes a scheme's privileges at start-up. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function serveAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file =
      url.host === APP_HOST && request.method === "GET" ? rendererFile(rendererDir, url.pathname) : undefined;
    if (!file) return new Response("not found\n", { status: 404 });
    try {
      return new Response(await readFile(file.path), { headers: file.headers });
    } catch {
      return file.isPage
        ? new Response(NOT_BUILT, { status: 503 })
        : new Response("not found\n", { status: 404 });
    }
  });
}
