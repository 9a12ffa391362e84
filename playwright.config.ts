/**
 * Browser tests: Debian's Chromium (Playwright cannot download its own build here) against a
 * real headless host on a real crew root. Each test starts its own daemon, so they run apart.
 */
import { defineConfig } from "@playwright/test";
import { CHROMIUM } from "./bench/chromium.js";

export default defineConfig({
  testDir: "test/browser",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 2,
  reporter: [[process.env.CI ? "line" : "list"], ["./test/browser/skip-reasons-reporter.ts"]],
  use: {
    headless: true,
    launchOptions: CHROMIUM,
    viewport: { width: 1280, height: 800 },
  },
});
