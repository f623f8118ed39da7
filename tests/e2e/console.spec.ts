// The coordinator console (/koordinator/) in real Chromium at 1280 px: served by the same server
// as its own build, never in the phone's precache, and accessible (axe, WCAG 2.2 AA) on every
// screen.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { idText } from './fixtures';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

test.use({
  viewport: { width: 1280, height: 800 },
  deviceScaleFactor: 1,
  isMobile: false,
  hasTouch: false,
});

async function violations(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return result.violations.map((v) => ({
    id: v.id,
    nodes: v.nodes.map((n) => n.target.join(' ')),
  }));
}

test('the console is its own build at /koordinator/, outside the phone precache', async ({
  page,
  request,
}) => {
  const sw = await (await request.get('/sw.js')).text();
  expect(sw).toContain('assets/shell-');
  expect(sw).not.toContain('koordinator');
  expect(sw).not.toMatch(/locale-[a-z]{2}-console/);

  await page.goto('/koordinator/');
  await expect(page.getByRole('heading', { name: idText('console:login.title') })).toBeVisible();
  const scripts = await page
    .locator('script[src]')
    .evaluateAll((els) => els.map((el) => (el as HTMLScriptElement).src));
  expect(scripts.every((src) => new URL(src).pathname.startsWith('/koordinator/assets/'))).toBe(
    true,
  );
  expect(await violations(page)).toEqual([]);
  await page.screenshot({ path: 'test-results/console-login.png' });
});
