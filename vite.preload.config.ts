/**
 * Bundles the Electron preload into one CommonJS file: a sandboxed preload cannot import
 * modules, so the bridge contract it uses must be inside it. `electron` stays external.
 */
import { defineConfig } from "vite";

export default defineConfig({
  build: {
    outDir: "dist/electron",
    emptyOutDir: false,
    minify: false,
    lib: { entry: "electron/preload.ts", formats: ["cjs"], fileName: () => "preload.cjs" },
    rollupOptions: { external: ["electron"] },
  },
});
