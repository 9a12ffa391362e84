/**
 * The tray icon: applies tray-state.ts's decisions (icon, tooltip, the macOS title, the context
 * menu) to Electron's Tray each time the status changes. The menu is rebuilt every time, as
 * Linux trays only pick up a changed menu from setContextMenu.
 */
import { Menu, type MenuItemConstructorOptions, nativeImage, Tray } from "electron";
import type { Status } from "../shared/status.js";
import { trayIconPixels } from "./tray-icon.js";
import { type TrayAction, type TrayIcon, type TrayMenuItem, trayMenu, trayState } from "./tray-state.js";

const ICON_PIXELS = 32;

function icon(state: TrayIcon) {
  return nativeImage.createFromBitmap(trayIconPixels(state, ICON_PIXELS), {
    width: ICON_PIXELS,
    height: ICON_PIXELS,
    scaleFactor: 2,
  });
}

function toMenu(items: TrayMenuItem[], run: (action: TrayAction) => void): MenuItemConstructorOptions[] {
  return items.map((item) => {
    if (item.kind === "separator") return { type: "separator" };
    if (item.kind === "label") return { label: item.label, enabled: false };
    if (item.kind === "submenu") return { label: item.label, submenu: toMenu(item.items, run) };
    return { label: item.label, click: () => run(item.action) };
  });
}

export interface CrewTray {
  tray: Tray;
  show(status: Status): void;
}

export function createTray(run: (action: TrayAction) => void): CrewTray {
  const tray = new Tray(icon("idle"));
  tray.setToolTip("Switchyard — starting…");
  return {
    tray,
    show(status) {
      const state = trayState(status);
      tray.setImage(icon(state.icon));
      tray.setToolTip(state.tooltip);
      // Only macOS draws a title next to the icon.
      if (process.platform === "darwin") tray.setTitle(state.title);
      tray.setContextMenu(Menu.buildFromTemplate(toMenu(trayMenu(status), run)));
    },
  };
}
