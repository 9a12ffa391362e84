/**
 * Browser tests: Debian's Chromium (Playwright cannot download its own build here) against a
 * real headless host on a real crew root. Each test starts its own daemon, so they run apart.
 */
import { defineConfig } from "@playwright/test";

export const CHROMIUM = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

export default defineConfig({
  testDir: "test/browser",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 2,
  reporter: process.env.CI ? "line" : "list",
  use: {
    headless: true,
    launchOptions: CHROMIUM,
    viewport: { width: 1280, height: 800 },
  },
});
