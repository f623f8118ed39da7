// Issue 8 "Measure": taps and fields to finish each kind's example from the home screen, and the
// taps from home to the high-risk guidance of a screening (target: at most 6). The figures are
// printed as `TAPS <what> <taps> <fields>` lines for BENCHMARKS.md; only the emergency target fails.
import { expect, test } from '@playwright/test';
import { RECORD_KINDS } from '../../src/domain/envelope';
import { onboard } from './fixtures';
import { finishFromHome, tapsToDangerGuidance } from './tapCounter';
import { exampleWithoutLinks } from './workflowHelpers';

/** The examples' village: a profile from the same village gets it prefilled. */
const VILLAGE = 'Desa Contoh';

test('taps from home to the high-risk guidance of a screening: at most 6', async ({ page }) => {
  await onboard(page, { trained: true, village: VILLAGE });
  const count = await tapsToDangerGuidance(page);
  console.info(`TAPS danger_guidance ${count.taps} ${count.fields}`);
  expect(count.taps).toBeLessThanOrEqual(6);
});

for (const kind of RECORD_KINDS) {
  test(`taps and fields to finish the ${kind} example`, async ({ page }) => {
    test.setTimeout(120_000);
    await onboard(page, { trained: true, village: VILLAGE });
    const count = await finishFromHome(page, kind, exampleWithoutLinks(kind));
    console.info(`TAPS ${kind} ${count.taps} ${count.fields}`);
    expect(count.taps).toBeGreaterThan(0);
  });
}
