/**
 * The tray popover: a small frameless window with the popover view, next to the tray. It is
 * shown focused only when the operator asks for it (a click on the tray, the menu or a
 * notification); shown on its own it never takes the focus. It hides when it loses the focus,
 * and a link in it (Open the dashboard) opens that view in the main window instead.
 */
import { type BrowserWindow, screen, type Tray } from "electron";
import { POPOVER_PATH, pathOfHash, viewHash } from "../shared/window-address.js";
import { popoverPosition } from "./popover-position.js";
import { secureWindow, type WindowLog } from "./secure-window.js";
import { appPageUrl } from "./window-policy.js";

const SIZE = { width: 400, height: 460 };

export interface Popover {
  /** `focus: false` shows it without taking the focus from what the operator is doing. */
  show(options: { approval?: string; focus: boolean }): void;
  toggle(): void;
}

export function createPopover(
  tray: Tray,
  preload: string,
  openWindow: (view: string) => void,
  log: WindowLog,
): Popover {
  const window: BrowserWindow = secureWindow(
    { ...SIZE, show: false, frame: false, resizable: false, skipTaskbar: true, alwaysOnTop: true },
    preload,
    log,
  );
  const load = (approval?: string) =>
    void window
      .loadURL(appPageUrl(viewHash(POPOVER_PATH, approval)))
      .catch((error: unknown) =>
        log.warn(`switchyard: the popover did not load: ${(error as Error).message}`),
      );
  load();
  window.on("blur", () => window.hide());
  window.webContents.on("did-navigate-in-page", (_event, url) => {
    const view = pathOfHash(new URL(url).hash);
    if (view === POPOVER_PATH) return;
    window.hide();
    load();
    openWindow(view);
  });

  const place = () => {
    // Only macOS and Windows report the tray's bounds; elsewhere the pointer is next to it.
    const anchor =
      process.platform === "linux"
        ? { ...screen.getCursorScreenPoint(), width: 0, height: 0 }
        : tray.getBounds();
    const { workArea } = screen.getDisplayNearestPoint({ x: anchor.x, y: anchor.y });
    window.setBounds({ ...popoverPosition(anchor, workArea, SIZE), ...SIZE });
  };
  const show: Popover["show"] = ({ approval, focus }) => {
    if (approval) load(approval);
    place();
    if (focus) window.show();
    else window.showInactive();
  };
  return {
    show,
    toggle: () => (window.isVisible() ? window.hide() : show({ focus: true })),
  };
}
