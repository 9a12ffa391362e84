/**
 * Start at login, the tray app's own setting (kept in the per-user settings.json, shown and
 * changed in the Settings view through the bridge): macOS and Windows through Electron's
 * login items, Linux through an XDG autostart entry. The packaged app turns it on the first
 * time it runs; a checkout run with `npm start` leaves it off unless the operator turns it on.
 */
import { app } from "electron";
import type { HostSettings } from "../core/bridge/bridge-service.js";
import { autostartFile, setAutostart } from "../hosts/autostart.js";
import { readUserSettings, updateUserSettings, userSettingsFile } from "../hosts/user-settings.js";

export interface LoginItemOptions {
  home: string;
  env: NodeJS.ProcessEnv;
  warn(line: string): void;
}

/** What starts this app: the AppImage itself when run from one, the app binary, or Electron and the checkout. */
function launchCommand(env: NodeJS.ProcessEnv): string[] {
  if (env.APPIMAGE) return [env.APPIMAGE];
  return app.isPackaged ? [process.execPath] : [process.execPath, app.getAppPath()];
}

export function loginItem(options: LoginItemOptions): HostSettings & { applyAtStart(): Promise<void> } {
  const file = userSettingsFile(options.home, options.env);
  const apply = async (openAtLogin: boolean) => {
    if (process.platform === "linux")
      await setAutostart(
        autostartFile(options.home, options.env),
        openAtLogin ? launchCommand(options.env) : undefined,
      );
    // A checkout's Electron on Windows must be told which app to open.
    else if (process.platform === "win32" && !app.isPackaged)
      app.setLoginItemSettings({ openAtLogin, path: process.execPath, args: [app.getAppPath()] });
    else app.setLoginItemSettings({ openAtLogin });
  };
  return {
    async loginItem() {
      const read = await readUserSettings(file);
      if (!read.ok) return { applicable: false, reason: read.reason };
      return { applicable: true, openAtLogin: read.settings.openAtLogin ?? false };
    },
    async setLoginItem(openAtLogin) {
      const saved = await updateUserSettings(file, { openAtLogin });
      if (!saved.ok) return saved;
      await apply(openAtLogin);
      return {
        ok: true,
        detail: openAtLogin ? "Switchyard starts when you log in" : "Switchyard no longer starts at login",
      };
    },
    /** First run of the packaged app: on. Every run: the OS entry follows the setting (and the app's current path). */
    async applyAtStart() {
      const read = await readUserSettings(file);
      if (!read.ok) return options.warn(`switchyard: start at login left as it is: ${read.reason}`);
      let openAtLogin = read.settings.openAtLogin;
      if (openAtLogin === undefined) {
        openAtLogin = app.isPackaged;
        await updateUserSettings(file, { openAtLogin });
      }
      await apply(openAtLogin);
    },
  };
}
