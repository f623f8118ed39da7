// In-page measurements for issue 8 item 7 (hidden or unreadable actions): the contrast of an
// element's text on what is painted behind it, and the tappable targets smaller than 48 px.
import type { Locator, Page } from '@playwright/test';

/** WCAG contrast ratio of the element's text colour on its nearest opaque background. */
export async function contrastOf(element: Locator): Promise<number> {
  return element.evaluate((el) => {
    const parse = (css: string) => {
      const parts = css.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 0];
      return { rgb: parts.slice(0, 3), alpha: parts.length > 3 ? parts[3]! : 1 };
    };
    const luminance = (rgb: number[]) => {
      const [r, g, b] = rgb.map((v) => {
        const c = v / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    let background = { rgb: [255, 255, 255], alpha: 1 };
    // The first ancestor (or the element) with a painted background is what the text sits on.
    for (let node: Element | null = el; node; node = node.parentElement) {
      const paint = parse(getComputedStyle(node).backgroundColor);
      if (paint.alpha > 0) {
        background = paint;
        break;
      }
    }
    const fore = luminance(parse(getComputedStyle(el).color).rgb);
    const back = luminance(background.rgb);
    return (Math.max(fore, back) + 0.05) / (Math.min(fore, back) + 0.05);
  });
}

export const MIN_TARGET = 48;

/**
 * Every visible tappable target (link, button, form control, the label that wraps a radio or
 * checkbox) smaller than MIN_TARGET on either side, as "text: W×H". A radio or checkbox inside
 * a label is measured as its label: the whole label takes the tap. The skip link is off screen
 * until focused and then 48 px tall, so it is measured like the rest.
 */
export async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate((min) => {
    const selector = 'a[href], button, select, textarea, input:not([type="hidden"]), summary';
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(selector)) {
      if (el.closest('.visually-hidden, [hidden]')) continue;
      const wrapper =
        el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox')
          ? el.closest('label')
          : null;
      const target = wrapper ?? el;
      const box = target.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      // A visually hidden input (one-tap choice buttons) is not a target of its own.
      if (!wrapper && box.width <= 1 && box.height <= 1) continue;
      if (box.width + 0.5 < min || box.height + 0.5 < min) {
        const name = (target.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
        out.push(
          `${target.tagName.toLowerCase()} "${name || el.id}": ${Math.round(box.width)}×${Math.round(box.height)}`,
        );
      }
    }
    return out;
  }, MIN_TARGET);
}
