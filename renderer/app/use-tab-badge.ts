/**
 * The browser tab as a tray for people without Electron: its title and favicon say how many
 * things need the operator ("(2) Switchyard") and whether the host answers at all.
 */
import { useEffect } from "react";
import type { Connection } from "../../shared/bridge.js";

const APP = "Switchyard";

export function tabTitle(needsYou: number, connection: Connection): string {
  if (connection === "lost") return `${APP} — host not answering`;
  if (connection === "refused") return `${APP} — token refused`;
  return needsYou > 0 ? `(${needsYou}) ${APP}` : APP;
}

/** A rail-switch mark; a count badge when something waits, grey when the host does not answer. */
export function tabIcon(needsYou: number, connection: Connection): string {
  const down = connection === "lost" || connection === "refused";
  const mark = down ? "#8a94a6" : "#3659e3";
  const badge =
    !down && needsYou > 0
      ? `<circle cx="23" cy="9" r="9" fill="#c23a3a"/><text x="23" y="13.5" font-size="${needsYou > 9 ? 10 : 13}" font-family="Arial,sans-serif" font-weight="700" text-anchor="middle" fill="#fff">${needsYou > 99 ? "99" : needsYou}</text>`
      : "";
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect x="2" y="6" width="22" height="22" rx="5" fill="${mark}"/><path d="M7 23 L13 17 L19 17 M13 17 L13 11" stroke="#fff" stroke-width="3" fill="none" stroke-linecap="round"/>${badge}</svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

export function useTabBadge(needsYou: number, connection: Connection): void {
  useEffect(() => {
    document.title = tabTitle(needsYou, connection);
    let link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
    if (!link) {
      link = document.createElement("link");
      link.rel = "icon";
      document.head.append(link);
    }
    link.href = tabIcon(needsYou, connection);
  }, [needsYou, connection]);
}
