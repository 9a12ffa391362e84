/**
 * What "lays out without overlap or clipping" means, measured in the page: nothing makes the
 * window scroll sideways or sticks out of it; no two pieces of text or controls cover each
 * other; and no text is cut off by a box that hides its overflow, unless that box scrolls or
 * shows an ellipsis (a deliberate, visible cut). Returns each problem in words.
 */
import type { Page } from "@playwright/test";

export function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const viewport = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > viewport + 1)
      problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth}px in ${viewport}px`);

    const CONTROL = "button, input, select, textarea, [role=meter], [role=progressbar]";
    const shown = (element: Element) => {
      const style = getComputedStyle(element);
      return style.visibility !== "hidden" && style.display !== "none" && Number(style.opacity) > 0;
    };
    const name = (element: Element, text?: string) =>
      `${element.tagName.toLowerCase()}${element.className && typeof element.className === "string" ? `.${element.className.split(" ")[0]}` : ""}${text ? ` "${text.trim().slice(0, 40)}"` : ""}`;

    interface Piece {
      owner: Element;
      rect: DOMRect;
      label: string;
    }
    const pieces: Piece[] = [];
    for (const control of document.querySelectorAll(CONTROL)) {
      const rect = control.getBoundingClientRect();
      if (rect.width > 1 && rect.height > 1 && shown(control))
        pieces.push({ owner: control, rect, label: name(control, control.textContent ?? "") });
    }
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (
        !parent ||
        !node.textContent?.trim() ||
        parent.closest(CONTROL) ||
        parent.closest("option, script, style")
      )
        continue;
      // Text for screen readers only (clipped to a pixel on purpose) takes no room.
      if (!shown(parent) || getComputedStyle(parent).clip !== "auto") continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const rect of range.getClientRects())
        if (rect.width > 1 && rect.height > 1)
          pieces.push({ owner: parent, rect, label: name(parent, node.textContent) });
    }

    // Where each piece is cut: the nearest box that hides overflow, does not scroll and shows no ellipsis.
    for (const piece of pieces) {
      // Text cut with an ellipsis shows that it is cut: its full extent may pass the edges.
      const ellipsis = getComputedStyle(piece.owner).textOverflow === "ellipsis";
      if (!ellipsis && (piece.rect.right > viewport + 1 || piece.rect.left < -1))
        problems.push(
          `${piece.label} sticks out of the window (${Math.round(piece.rect.left)}–${Math.round(piece.rect.right)}px)`,
        );
      for (let box: Element | null = piece.owner; box && box !== document.body; box = box.parentElement) {
        const style = getComputedStyle(box);
        if (style.overflowX === "visible" && style.overflowY === "visible") continue;
        if (/auto|scroll/.test(style.overflowX + style.overflowY)) break; // it scrolls: nothing is lost
        const clip = box.getBoundingClientRect();
        const cut =
          piece.rect.right > clip.right + 1 ||
          piece.rect.left < clip.left - 1 ||
          piece.rect.bottom > clip.bottom + 1 ||
          piece.rect.top < clip.top - 1;
        if (cut && !ellipsis && style.textOverflow !== "ellipsis")
          problems.push(`${piece.label} is cut off by ${name(box)}`);
        break;
      }
    }

    for (let i = 0; i < pieces.length; i++)
      for (let j = i + 1; j < pieces.length; j++) {
        const a = pieces[i] as Piece;
        const b = pieces[j] as Piece;
        if (a.owner === b.owner || a.owner.contains(b.owner) || b.owner.contains(a.owner)) continue;
        const width = Math.min(a.rect.right, b.rect.right) - Math.max(a.rect.left, b.rect.left);
        const height = Math.min(a.rect.bottom, b.rect.bottom) - Math.max(a.rect.top, b.rect.top);
        if (width > 2 && height > 2) problems.push(`${a.label} overlaps ${b.label}`);
      }
    return [...new Set(problems)];
  });
}
