/**
 * The tray icon drawn in code: a filled dot whose colour is the tray state, as raw BGRA
 * pixels for nativeImage.createFromBitmap. No image files to ship per platform and scale.
 */
import type { TrayIcon } from "./tray-state.js";

const COLOURS: Record<TrayIcon, [r: number, g: number, b: number]> = {
  idle: [138, 148, 166],
  busy: [31, 138, 76],
  attention: [54, 89, 227],
  problem: [194, 58, 58],
};

/** A `size`×`size` anti-aliased dot in BGRA order. */
export function trayIconPixels(icon: TrayIcon, size: number): Buffer {
  const [r, g, b] = COLOURS[icon];
  const pixels = Buffer.alloc(size * size * 4);
  const centre = (size - 1) / 2;
  const radius = size * 0.38;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const distance = Math.hypot(x - centre, y - centre);
      const coverage = Math.max(0, Math.min(1, radius + 0.5 - distance));
      const offset = (y * size + x) * 4;
      pixels[offset] = b;
      pixels[offset + 1] = g;
      pixels[offset + 2] = r;
      pixels[offset + 3] = Math.round(coverage * 255);
    }
  return pixels;
}
