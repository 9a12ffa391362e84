import { describe, expect, it } from "vitest";
import { popoverPosition } from "../../electron/popover-position.js";
import { appPageUrl, destinationOf, isTrustedSender, shouldReload } from "../../electron/window-policy.js";
import { approvalOfHash, pathOfHash, viewHash } from "../../shared/window-address.js";

describe("where a window may go", () => {
  it("stays on the app's own page whatever view it shows", () => {
    expect(destinationOf(appPageUrl(viewHash("tasks")))).toBe("app");
    expect(destinationOf("app://switchyard/index.html")).toBe("app");
  });

  it("sends http(s) links to the browser and refuses everything else", () => {
    expect(destinationOf("https://example.com/docs")).toBe("browser");
    expect(destinationOf("http://127.0.0.1:8080/")).toBe("browser");
    for (const url of [
      "file:///etc/passwd",
      "javascript:alert(1)",
      "app://switchyard/assets/index.js",
      "app://elsewhere/index.html",
      "smb://host/share",
      "not a url",
    ])
      expect(destinationOf(url), url).toBe("nowhere");
  });

  it("trusts IPC only from a frame showing the app's page", () => {
    expect(isTrustedSender(appPageUrl("/popover"))).toBe(true);
    expect(isTrustedSender("https://example.com/")).toBe(false);
    expect(isTrustedSender("file:///work/dist/renderer/index.html")).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });

  it("reloads a crashed renderer, but not after a clean exit or a third crash in a minute", () => {
    const now = 1_000_000;
    expect(shouldReload("crashed", [], now)).toBe(true);
    expect(shouldReload("clean-exit", [], now)).toBe(false);
    expect(shouldReload("oom", [now - 10_000, now - 5_000], now)).toBe(true);
    expect(shouldReload("crashed", [now - 20_000, now - 10_000, now - 5_000], now)).toBe(false);
    expect(shouldReload("crashed", [now - 120_000, now - 90_000, now - 61_000], now)).toBe(true);
  });
});

describe("the window's addresses", () => {
  it("name a view, and the approval the popover shows first", () => {
    expect(pathOfHash(`#${viewHash("popover", "deploy 1")}`)).toBe("popover");
    expect(approvalOfHash(`#${viewHash("popover", "deploy 1")}`)).toBe("deploy 1");
    expect(approvalOfHash("#/popover")).toBeUndefined();
    expect(pathOfHash("")).toBe("overview");
  });
});

describe("where the popover opens", () => {
  const workArea = { x: 0, y: 32, width: 1920, height: 1048 };
  const size = { width: 400, height: 460 };

  it("centres under a tray at the top, keeping inside the screen", () => {
    expect(popoverPosition({ x: 900, y: 4, width: 24, height: 24 }, workArea, size)).toEqual({
      x: 712,
      y: 32,
    });
    expect(popoverPosition({ x: 1900, y: 4, width: 24, height: 24 }, workArea, size)).toEqual({
      x: 1520,
      y: 32,
    });
  });

  it("opens above a tray at the bottom of the screen", () => {
    const bottom = { x: 0, y: 0, width: 1920, height: 1040 };
    expect(popoverPosition({ x: 1800, y: 1044, width: 24, height: 36 }, bottom, size)).toEqual({
      x: 1520,
      y: 580,
    });
  });
});
