/**
 * Where the tray popover opens: centred under the tray icon when the tray is at the top of the
 * screen (macOS, most Linux panels), above it when at the bottom (Windows), always inside the
 * work area. Linux trays do not report where they are, so there the anchor is the pointer,
 * which has just clicked the tray, its menu or a notification.
 */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function popoverPosition(
  anchor: Rect,
  workArea: Rect,
  size: { width: number; height: number },
): { x: number; y: number } {
  const clamp = (value: number, low: number, high: number) => Math.min(Math.max(value, low), high);
  const x = clamp(
    anchor.x + anchor.width / 2 - size.width / 2,
    workArea.x,
    workArea.x + workArea.width - size.width,
  );
  const below = anchor.y + anchor.height / 2 < workArea.y + workArea.height / 2;
  const y = clamp(
    below ? anchor.y + anchor.height : anchor.y - size.height,
    workArea.y,
    workArea.y + workArea.height - size.height,
  );
  return { x: Math.round(x), y: Math.round(y) };
}
