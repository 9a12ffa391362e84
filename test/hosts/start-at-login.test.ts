import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { autostartEntry, autostartFile, execArgument, setAutostart } from "../../hosts/autostart.js";
import { HEADLESS_SETTINGS } from "../../hosts/headless/host.js";
import { readUserSettings, updateUserSettings, userSettingsFile } from "../../hosts/user-settings.js";

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), "switchyard-home-"));
});
afterEach(() => rm(home, { recursive: true, force: true }));

describe("the operator's own settings file", () => {
  it("lives next to last-root and starts empty", async () => {
    const file = userSettingsFile(home, { XDG_CONFIG_HOME: join(home, "cfg") });
    expect(file).toBe(join(home, "cfg/switchyard/settings.json"));
    expect(await readUserSettings(file)).toEqual({ ok: true, settings: {} });
    expect(await updateUserSettings(file, { openAtLogin: true })).toEqual({ ok: true });
    expect(await readUserSettings(file)).toEqual({ ok: true, settings: { openAtLogin: true } });
  });

  it("reports a broken file and leaves it as the operator wrote it", async () => {
    const file = userSettingsFile(home);
    await updateUserSettings(file, {});
    for (const text of ['{ "openAtLogin": tru', '{ "openAtLogn": true }']) {
      await writeFile(file, text);
      const change = await updateUserSettings(file, { openAtLogin: false });
      expect(change.ok).toBe(false);
      expect(!change.ok && change.reason).toMatch(/settings\.json.*fix it or delete it/);
      expect(await readFile(file, "utf8")).toBe(text);
    }
  });
});

describe("the XDG autostart entry (Linux)", () => {
  it("quotes the command as the Desktop Entry spec asks", () => {
    expect(execArgument("/opt/Switchyard/switchyard")).toBe("/opt/Switchyard/switchyard");
    expect(execArgument("/home/op/My Apps/Switchyard.AppImage")).toBe(
      '"/home/op/My Apps/Switchyard.AppImage"',
    );
    expect(execArgument('/tmp/a "quoted" $HOME\\x')).toBe('"/tmp/a \\\\"quoted\\\\" \\\\$HOME\\\\\\\\x"');
    expect(execArgument("/tmp/100%")).toBe("/tmp/100%%");
    expect(autostartEntry(["/opt/Switchyard/switchyard"])).toContain("Exec=/opt/Switchyard/switchyard\n");
  });

  it("is written when the setting is on and removed when it is off", async () => {
    const file = autostartFile(home, {});
    expect(file).toBe(join(home, ".config/autostart/switchyard.desktop"));
    await setAutostart(file, ["/opt/Switchyard/switchyard"]);
    expect(await readFile(file, "utf8")).toMatch(/^\[Desktop Entry\]\nType=Application\nName=Switchyard\n/);
    await setAutostart(file, undefined);
    await expect(readFile(file, "utf8")).rejects.toThrow(/ENOENT/);
    await setAutostart(file, undefined); // already gone: nothing to do
  });
});

describe("the headless host", () => {
  it("says start at login is not for it, and refuses to change it", async () => {
    expect(await HEADLESS_SETTINGS.loginItem()).toMatchObject({
      applicable: false,
      reason: expect.stringMatching(/tray app/),
    });
    expect((await HEADLESS_SETTINGS.setLoginItem(true)).ok).toBe(false);
  });
});
