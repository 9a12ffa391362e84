/**
 * Builds the renderer (`renderer/`) into `dist/renderer`, served by the headless host and
 * loaded by the Electron window. Relative asset paths so `file://` loading works too.
 */
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  root: "renderer",
  base: "./",
  plugins: [react()],
  build: {
    outDir: "../dist/renderer",
    emptyOutDir: true,
    // The page's CSP forbids inline scripts; keep every script a file.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1024,
  },
});
