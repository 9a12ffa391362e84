// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { App } from "../../renderer/app/App.js";
import { createBridge } from "../../shared/bridge.js";
import { connectedStore, makeStatus, makeTask } from "./crew-fixtures.js";
import { renderWithStore } from "./render-view.js";

afterEach(() => {
  cleanup();
  window.location.hash = "";
});

describe("the window's frame", () => {
  it("switches views with the number keys, and shows approvals waiting on the Tasks link", async () => {
    const { store } = connectedStore(makeStatus({ awaitingApproval: [makeTask("x")] }));
    renderWithStore(store, <App />);
    expect(screen.getByRole("main", { name: "Overview" })).toBeTruthy();
    expect(screen.getByRole("link", { name: /Tasks.*1 awaiting approval/ })).toBeTruthy();
    await act(async () => {
      fireEvent.keyDown(window, { key: "5" });
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    expect(await screen.findByRole("main", { name: "Locks" })).toBeTruthy();
    expect(screen.getByRole("link", { name: /Locks/ }).getAttribute("aria-current")).toBe("page");
  });

  it("says so when the host refuses this window's token", () => {
    const { store, bridge } = connectedStore(makeStatus());
    renderWithStore(store, <App />);
    act(() => bridge.setConnection("refused"));
    expect(screen.getByRole("alert").textContent).toContain("refused this window's token");
    expect(screen.getByRole("status", { name: "Event stream token refused" })).toBeTruthy();
  });

  it("says loudly when the host stops answering, turns actions off, and is back to normal when it returns", () => {
    const { store, bridge } = connectedStore(makeStatus({ awaitingApproval: [makeTask("x")] }));
    renderWithStore(store, <App />);
    const approve = () =>
      screen.getByRole("button", { name: "Approve Approve? Task x" }) as HTMLButtonElement;
    expect(approve().disabled).toBe(false);
    act(() => bridge.setConnection("lost"));
    expect(screen.getByRole("alert").textContent).toMatch(
      /host is not answering \(since \d\d:\d\d\).*keeps trying/,
    );
    expect(screen.getByRole("status", { name: "Event stream host not answering" })).toBeTruthy();
    expect(approve().disabled).toBe(true);
    expect(document.title).toBe("Switchyard — host not answering");
    act(() => bridge.setConnection("live"));
    expect(screen.queryByRole("alert")).toBeNull();
    expect(approve().disabled).toBe(false);
    expect(document.title).toBe("(1) Switchyard");
  });

  it("shows the compact tray popover at #/popover", async () => {
    window.location.hash = "#/popover";
    const { store } = connectedStore(makeStatus());
    renderWithStore(store, <App />);
    expect(await screen.findByRole("region", { name: "Approvals" })).toBeTruthy();
    expect(screen.queryByRole("navigation")).toBeNull();
  });
});

describe("the bridge", () => {
  it("parses replies with the contract and reports events it does not understand", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const events: unknown[] = [];
    let push: (raw: unknown) => void = () => undefined;
    const bridge = createBridge({
      call: async () => ({ ok: true, extra: "dropped" }),
      listen: (onEvent) => {
        push = onEvent;
        return () => undefined;
      },
    });
    expect(await bridge.request("approve", { id: "x" })).toEqual({ ok: true });
    await expect(bridge.request("approve", { id: "" })).rejects.toThrow();
    bridge.subscribe((event) => events.push(event));
    push({ kind: "status", status: { nonsense: true } });
    push({ kind: "status", status: makeStatus() });
    expect(events).toHaveLength(1);
    expect(errors).toHaveBeenCalledOnce();
    errors.mockRestore();
  });
});
