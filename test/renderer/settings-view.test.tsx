// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { SettingsView } from "../../renderer/views/settings/SettingsView.js";
import { connectedStore, makeStatus } from "./crew-fixtures.js";
import { renderWithStore } from "./render-view.js";

afterEach(cleanup);

describe("Settings", () => {
  it("names the wrong key while the operator types, and will not save an invalid config", async () => {
    const { store } = connectedStore(makeStatus(), { readConfig: () => ({ text: "{}\n", problems: [] }) });
    renderWithStore(store, <SettingsView />);
    const editor = await screen.findByRole("textbox", { name: "switchyard.json" });
    fireEvent.change(editor, { target: { value: '{ "heartbeat": { "intervalSeconds": "often" } }' } });
    expect(screen.getByText(/^heartbeat\.intervalSeconds: /)).toBeTruthy();
    expect(editor.getAttribute("aria-invalid")).toBe("true");
    expect((screen.getByRole("button", { name: "Save" }) as HTMLButtonElement).disabled).toBe(true);
  });

  it("saves a valid config through the bridge", async () => {
    const { store, bridge } = connectedStore(makeStatus(), {
      readConfig: () => ({ text: "{}\n", problems: [] }),
      writeConfig: () => ({ ok: true }),
    });
    renderWithStore(store, <SettingsView />);
    const editor = await screen.findByRole("textbox", { name: "switchyard.json" });
    const text = '{ "heartbeat": { "intervalSeconds": 60 } }';
    fireEvent.change(editor, { target: { value: text } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(bridge.calls.at(-1)).toEqual({ name: "writeConfig", params: { text } }));
    await waitFor(() => expect(screen.getByRole("status").textContent).toBe("valid"));
  });
});

describe("Start at login", () => {
  it("shows the tray app's setting and changes it through the bridge", async () => {
    const { store, bridge } = connectedStore(makeStatus(), {
      readConfig: () => ({ text: "{}\n", problems: [] }),
      loginItem: () => ({ applicable: true, openAtLogin: true }),
      setLoginItem: () => ({ ok: true }),
    });
    renderWithStore(store, <SettingsView />);
    const box = (await screen.findByRole("checkbox", {
      name: "Start Switchyard when I log in",
    })) as HTMLInputElement;
    await waitFor(() => expect(box.checked).toBe(true));
    fireEvent.click(box);
    await waitFor(() =>
      expect(bridge.calls.at(-1)).toEqual({ name: "setLoginItem", params: { openAtLogin: false } }),
    );
    await waitFor(() => expect(box.checked).toBe(false));
  });

  it("says why it does not apply on the headless host, and cannot be changed there", async () => {
    const { store } = connectedStore(makeStatus(), {
      readConfig: () => ({ text: "{}\n", problems: [] }),
      loginItem: () => ({ applicable: false, reason: "Start at login belongs to the tray app." }),
    });
    renderWithStore(store, <SettingsView />);
    const box = (await screen.findByRole("checkbox", {
      name: "Start Switchyard when I log in",
    })) as HTMLInputElement;
    expect(box.disabled).toBe(true);
    expect(screen.getByText("Not applicable: Start at login belongs to the tray app.")).toBeTruthy();
  });

  it("keeps the box as it was and says why when the change is refused", async () => {
    const { store } = connectedStore(makeStatus(), {
      readConfig: () => ({ text: "{}\n", problems: [] }),
      loginItem: () => ({ applicable: true, openAtLogin: false }),
      setLoginItem: () => ({ ok: false, reason: "settings.json is not JSON: fix it or delete it" }),
    });
    renderWithStore(store, <SettingsView />);
    const box = (await screen.findByRole("checkbox", {
      name: "Start Switchyard when I log in",
    })) as HTMLInputElement;
    fireEvent.click(box);
    expect(await screen.findByText("settings.json is not JSON: fix it or delete it")).toBeTruthy();
    expect(box.checked).toBe(false);
  });
});
