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
