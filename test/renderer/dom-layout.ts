/**
 * happy-dom does no layout, so a virtualized list would see a 0-pixel viewport and render
 * nothing. This gives every element a window-sized client box (what the virtualizer reads for
 * its viewport) and a row-sized bounding box (what it measures rows with).
 */
const VIEWPORT = { width: 1000, height: 600 };
const ROW_HEIGHT = 48;

export function giveListsLayout(): void {
  Object.defineProperty(HTMLElement.prototype, "clientHeight", {
    configurable: true,
    get: () => VIEWPORT.height,
  });
  Object.defineProperty(HTMLElement.prototype, "clientWidth", {
    configurable: true,
    get: () => VIEWPORT.width,
  });
  HTMLElement.prototype.getBoundingClientRect = () =>
    ({
      x: 0,
      y: 0,
      top: 0,
      left: 0,
      right: VIEWPORT.width,
      bottom: ROW_HEIGHT,
      width: VIEWPORT.width,
      height: ROW_HEIGHT,
      toJSON: () => ({}),
    }) as DOMRect;
}
