// Layout checks run in the page: text squeezed into a column too narrow to read (the bug where
// "Belum pernah" became "Belu/m/perna/h" at 360 px) and pages that scroll sideways.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/** A wrapped text whose widest line holds fewer average characters than this is squeezed. */
export const MIN_LINE_CHARS = 4;

/**
 * Every problem on the page: the document wider than the viewport, or a text node that wraps
 * into a column too narrow to read — either a word is broken across lines (more lines than
 * words: "Belu/m/perna/h") or even its widest line holds fewer than MIN_LINE_CHARS average
 * characters. Two short words on two lines ("Tidak / tahu" in a button) still read and pass.
 * Visually hidden texts (1×1 px, for screen readers) are not seen, so not counted.
 */
export async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate((minChars) => {
    const problems: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth + 1) {
      problems.push(`page scrolls sideways: ${root.scrollWidth} px in ${root.clientWidth} px`);
    }
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = (node.textContent ?? '').replace(/\s+/g, ' ').trim();
      if (text.length <= 1) continue;
      const parent = node.parentElement;
      if (!parent || parent.closest('.visually-hidden, [hidden], template')) continue;
      const box = parent.getBoundingClientRect();
      if (box.width <= 2 || box.height <= 2) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const rects = [...range.getClientRects()].filter((rect) => rect.width > 0);
      const lineTops = new Set(rects.map((rect) => Math.round(rect.top)));
      if (lineTops.size < 2) continue;
      const words = text.split(' ').length;
      const style = getComputedStyle(parent);
      // An average character is about half the font size wide in the app's sans-serif fonts.
      const minWidth = parseFloat(style.fontSize) * 0.5 * minChars;
      const widest = Math.max(...rects.map((rect) => rect.width));
      if (lineTops.size > words || widest < minWidth) {
        problems.push(
          `"${text.slice(0, 48)}" wraps into a ${Math.round(widest)} px column (${lineTops.size} lines)`,
        );
      }
    }
    return problems;
  }, MIN_LINE_CHARS);
}

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** axe WCAG 2.2 AA violations of the page, as rule id and offending elements. */
export async function axeViolations(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return result.violations.map((v) => ({
    id: v.id,
    nodes: v.nodes.map((n) => n.target.join(' ')),
  }));
}
