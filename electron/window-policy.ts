/**
 * What the tray app's windows may do, as pure decisions (Electron's security checklist): the
 * only page they show is the app's own, served from `app://switchyard/` (a custom protocol
 * rather than file://); a link elsewhere opens in the user's browser when it is http(s) and
 * nowhere otherwise; IPC is answered only for frames showing the app's page; a crashed
 * renderer is reloaded, but not in a loop.
 */

export const APP_SCHEME = "app";
export const APP_HOST = "switchyard";
export const APP_PAGE = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** The page showing `hash` (as shared/window-address.ts writes it, without the `#`). */
export const appPageUrl = (hash: string): string => `${APP_PAGE}#${hash}`;

/** The app's own page, whichever view its hash names. */
export function isAppPage(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (
      parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.pathname === "/index.html"
    );
  } catch {
    return false;
  }
}

/** Where a navigation or a new window may go: stay (the app's page), the browser, or nowhere. */
export type Destination = "app" | "browser" | "nowhere";

export function destinationOf(url: string): Destination {
  if (isAppPage(url)) return "app";
  try {
    const { protocol } = new URL(url);
    return protocol === "https:" || protocol === "http:" ? "browser" : "nowhere";
  } catch {
    return "nowhere";
  }
}

/** An IPC sender is trusted only while its frame shows the app's page (a gone frame is not). */
export const isTrustedSender = (frameUrl: string | undefined): boolean =>
  frameUrl !== undefined && isAppPage(frameUrl);

/** More crashes than this within the window and the page stays down (a reload would crash again). */
const CRASHES_BEFORE_GIVING_UP = 3;
const CRASH_WINDOW_MS = 60_000;

/**
 * Whether to reload a window whose renderer is gone: not after a clean exit (the window was
 * closing), not after the third crash within a minute; `recentCrashes` are epoch milliseconds.
 */
export function shouldReload(reason: string, recentCrashes: number[], now: number): boolean {
  if (reason === "clean-exit") return false;
  return recentCrashes.filter((at) => now - at < CRASH_WINDOW_MS).length < CRASHES_BEFORE_GIVING_UP;
}
