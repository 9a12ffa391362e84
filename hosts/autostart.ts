/**
 * Start at login on Linux desktops: an XDG autostart entry, `~/.config/autostart/switchyard.desktop`
 * (the freedesktop.org Desktop Application Autostart spec), which GNOME, KDE, Xfce and others
 * run at login. Electron's app.setLoginItemSettings covers macOS and Windows only.
 */
import { mkdir, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { writeAtomic } from "../core/fs/atomic-write.js";

export const autostartFile = (home: string, env: NodeJS.ProcessEnv = {}): string =>
  join(env.XDG_CONFIG_HOME || join(home, ".config"), "autostart", "switchyard.desktop");

/**
 * One argument of an Exec line, quoted as the Desktop Entry spec asks: plain words stay bare;
 * others are double-quoted with `"`, `` ` ``, `$` and `\` escaped, and every backslash is then
 * doubled again, because Exec is also a string value. `%` is a field code, so it is doubled.
 */
export function execArgument(argument: string): string {
  const escaped = argument.replaceAll("%", "%%");
  if (/^[\w/.,:=@%+-]+$/.test(escaped)) return escaped;
  return `"${escaped.replace(/(["`$\\])/g, "\\$1").replaceAll("\\", "\\\\")}"`;
}

export function autostartEntry(command: string[]): string {
  return [
    "[Desktop Entry]",
    "Type=Application",
    "Name=Switchyard",
    "Comment=Starts the Switchyard tray app when you log in",
    `Exec=${command.map(execArgument).join(" ")}`,
    "Terminal=false",
    "X-GNOME-Autostart-enabled=true",
    "",
  ].join("\n");
}

/** Writes the entry for `command`, or removes it when `command` is undefined. */
export async function setAutostart(file: string, command: string[] | undefined): Promise<void> {
  if (!command) return rm(file, { force: true });
  await mkdir(dirname(file), { recursive: true });
  await writeAtomic(file, autostartEntry(command), { durable: false });
}
