/**
 * Reads the names of Electron's API out of the electron package's own `electron.d.ts`: per
 * class or interface, its methods, properties and events (with the platforms a member is
 * documented for). `electron-45-api.json` is this function's output for electron@45.5.0, kept
 * in the repository because the runtime (and with it the .d.ts) cannot be installed everywhere;
 * the double refuses any name that is not in it. Regenerate after an Electron upgrade with
 * `npm pack electron@<version>` and `npx vitest run test/electron/electron-double.test.ts`
 * with ELECTRON_DTS pointing at the unpacked electron.d.ts (the test says what differs).
 */

/** Per member, the platforms its docs restrict it to (`@platform darwin,win32`); empty means all. */
export interface ApiShape {
  methods: Record<string, string[]>;
  properties: Record<string, string[]>;
  events: Record<string, string[]>;
}

export interface ElectronApi {
  version: string;
  api: Record<string, ApiShape>;
}

/** The classes and interfaces the tray app touches, and the option bags it passes them. */
export const COVERED = [
  "App",
  "BaseWindow",
  "BrowserWindow",
  "WebContents",
  "WebFrameMain",
  "Tray",
  "Menu",
  "MenuItem",
  "Notification",
  "NativeImage",
  "Screen",
  "PowerMonitor",
  "IpcMain",
  "IpcMainEvent",
  "IpcMainInvokeEvent",
  "IpcRenderer",
  "ContextBridge",
  "Shell",
  "Dialog",
  "Session",
  "Dock",
  "Display",
  "Rectangle",
  "Point",
  "BaseWindowConstructorOptions",
  "BrowserWindowConstructorOptions",
  "WebPreferences",
  "NotificationConstructorOptions",
  "NotificationAction",
  "MenuItemConstructorOptions",
  "Settings",
  "LoginItemSettings",
  "LoginItemSettingsOptions",
  "CreateFromBitmapOptions",
  "HandlerDetails",
  "WindowOpenHandlerResponse",
  "RenderProcessGoneDetails",
  "LoadFileOptions",
  "OpenExternalOptions",
  "WebContentsWillNavigateEventParams",
  "PermissionRequest",
  "Protocol",
  "CustomScheme",
  "Privileges",
] as const;

const BLOCK_START = /^ {2}(?:class|interface) (\w+)\b.*\{$/;
const MEMBER = /^ {4}(?:static )?(?:readonly )?([A-Za-z_$][\w$]*)(\??)([(<:])/;
const EVENT = /^ {4}on\(event: '([^']+)'/;
/** Only a member's own doc comment (parameters' comments are indented deeper). */
const PLATFORM = /^ {5}\* @platform ([\w,]+)/;

/** The API names of the covered classes and interfaces, from the text of electron.d.ts. */
export function extractElectronApi(dts: string): Record<string, ApiShape> {
  const api: Record<string, ApiShape> = {};
  const covered = new Set<string>(COVERED);
  let current: ApiShape | undefined;
  let platforms: string[] = [];
  for (const line of dts.split("\n")) {
    const start = BLOCK_START.exec(line);
    if (start) {
      const name = start[1] as string;
      // Members of a namespace-level interface merge (App is declared once; keep the first).
      current = covered.has(name) && !api[name] ? { methods: {}, properties: {}, events: {} } : undefined;
      if (current) api[name] = current;
      platforms = [];
      continue;
    }
    if (!current) continue;
    if (line === "  }") {
      current = undefined;
      continue;
    }
    const platform = PLATFORM.exec(line);
    if (platform) platforms = (platform[1] as string).split(",");
    if (!/^ {4}\S/.test(line) || line.startsWith("    /**") || line.startsWith("    //")) continue;
    const member = platforms;
    platforms = [];
    const event = EVENT.exec(line);
    if (event) {
      current.events[event[1] as string] = member;
      continue;
    }
    const match = MEMBER.exec(line);
    if (!match) continue;
    const [, name, , kind] = match as unknown as [string, string, string, string];
    if (["on", "off", "once", "addListener", "removeListener"].includes(name) && kind === "(") continue;
    if (kind === ":") current.properties[name] = member;
    else current.methods[name] = member;
  }
  return api;
}
