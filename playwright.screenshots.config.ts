/** `npm run screenshots`: the README's pictures, taken like the browser tests (see playwright.config.ts). */
import { defineConfig } from "@playwright/test";
import base from "./playwright.config.js";

export default defineConfig({
  ...base,
  testDir: "scripts",
  testMatch: "screenshots.ts",
  workers: 1,
});
