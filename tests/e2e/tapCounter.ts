// Counts what a volunteer does to finish a record: taps (every press on the screen) and fields
// (controls that need an answer typed or chosen), driving the real form in Chromium the way a
// person would — from the home screen, pressing "Lanjut" through every step, skipping answers the
// form already holds (prefilled). The cost model (stated in BENCHMARKS.md):
//   button, radio, checkbox, link: 1 tap;  drop-down: 2 taps (open, choose);
//   a typed input: 1 tap (focus) and 1 field;  a date input: 1 tap and 1 field.
// The driver works on both the drop-down and the one-tap-button form, so before/after figures
// come from the same script.
import { expect, type Page } from '@playwright/test';
import type { RecordKind } from '../../src/domain/envelope';
import { getDeclaration } from '../../src/domain/index';
import type { FieldMeta } from '../../src/domain/recordKind';
import { applies, fieldDomId, getPath, type Payload } from '../../src/app/records/form/model';
import { idText, pressFinish } from './fixtures';

export interface TapCount {
  taps: number;
  fields: number;
}

export class Counter implements TapCount {
  taps = 0;
  fields = 0;
  private readonly answered = new Set<string>();
  tap(n = 1): void {
    this.taps += n;
  }
  field(path: string): void {
    if (this.answered.has(path)) return;
    this.answered.add(path);
    this.fields += 1;
  }
}

const byId = (page: Page, path: string) => page.locator(`[id="${fieldDomId(path)}"]`);

async function tagOf(page: Page, path: string): Promise<string> {
  return byId(page, path).evaluate((element) => element.tagName.toLowerCase());
}

/** Clicks the radio of `value` in the group at `path` (one-tap buttons or Yes/No radios). */
async function chooseRadio(page: Page, c: Counter, path: string, value: string, index: number) {
  const group = byId(page, path);
  const byValue = group.locator(`input[type="radio"][value="${value}"]`);
  const radio = (await byValue.count()) > 0 ? byValue.first() : group.locator('input').nth(index);
  if (await radio.isChecked()) return;
  await radio.check();
  c.tap();
  c.field(path);
}

async function typeInto(page: Page, c: Counter, path: string, text: string) {
  const input = byId(page, path);
  if ((await input.inputValue()) === text) return;
  await input.fill(text);
  await input.blur();
  c.tap();
  c.field(path);
}

async function answer(page: Page, c: Counter, field: FieldMeta, path: string, value: unknown) {
  switch (field.input) {
    case 'text':
    case 'textarea':
    case 'date':
    case 'number':
      return typeInto(page, c, path, String(value));
    case 'boolean':
      return chooseRadio(page, c, path, String(value), value === true ? 0 : 1);
    case 'select': {
      if ((await tagOf(page, path)) === 'select') {
        const select = byId(page, path);
        if ((await select.inputValue()) === String(value)) return;
        await select.selectOption(String(value));
        c.tap(2);
        c.field(path);
        return;
      }
      return chooseRadio(
        page,
        c,
        path,
        String(value),
        (field.options ?? []).indexOf(String(value)),
      );
    }
    case 'multiselect':
      for (const option of value as string[]) {
        // Asked once: a repeated option follows the earlier answer (src/domain/sameFacts.ts).
        if (field.repeats?.[option]) continue;
        const box = byId(page, path).locator(`input[value="${option}"]`);
        if (await box.isChecked()) continue;
        await box.check();
        c.tap();
        c.field(path);
      }
      return;
    case 'checklist':
      for (const [item, entry] of Object.entries(
        value as Record<string, { state: string; note?: string }>,
      )) {
        const radio = page.locator(`input[name="${path}.${item}"][value="${entry.state}"]`);
        if (!(await radio.isChecked())) {
          await radio.check();
          c.tap();
          c.field(`${path}.${item}`);
        }
        if (entry.note) await typeInto(page, c, `${path}.${item}.note`, entry.note);
      }
      return;
    case 'region': {
      const region = value as Record<string, string>;
      await typeInto(page, c, `${path}.villageName`, region.villageName ?? '');
      if (region.detail) await typeInto(page, c, `${path}.detail`, region.detail);
      return;
    }
    case 'recordLinks':
      throw new Error(`links (${path}) are not typed by the tap counter`);
    case 'group': {
      const items = value as Payload[];
      const label = idText(`records:${field.labelKey}`);
      const add = page.getByRole('button', {
        name: idText('forms:form.addItem').replace('{{label}}', label),
        exact: true,
      });
      for (let index = 0; index < items.length; index++) {
        const itemPath = `${path}.${index}`;
        if ((await page.locator(`[id^="${fieldDomId(itemPath)}-"]`).count()) === 0) {
          await add.click();
          c.tap();
        }
        const item = items[index] as Payload;
        for (const sub of field.fields ?? []) {
          const subValue = getPath(item, sub.name);
          if (subValue === undefined || !applies(sub, item)) continue;
          await answer(page, c, sub, `${itemPath}.${sub.name}`, subValue);
        }
      }
      return;
    }
  }
}

/** The step currently shown (the section-row button marked aria-current). */
async function currentSection(page: Page, kind: RecordKind): Promise<string | undefined> {
  const declaration = getDeclaration(kind);
  const label = await page
    .getByRole('navigation', { name: idText('forms:form.sectionsLabel') })
    .locator('[aria-current="step"]')
    .innerText();
  return declaration?.sections.find((section) =>
    label.includes(idText(`records:${kind}.sections.${section}`)),
  );
}

/**
 * From the home screen: open the kind, start a new record, answer `payload` step by step with
 * "Lanjut", then "Selesai dan simpan". Returns the taps and fields it took.
 */
export async function finishFromHome(
  page: Page,
  kind: RecordKind,
  payload: Payload,
): Promise<TapCount> {
  const declaration = getDeclaration(kind);
  if (!declaration) throw new Error(`no declaration for ${kind}`);
  const c = new Counter();
  await page.locator(`a.card[href="#/records/${kind}"]`).click();
  c.tap();
  await page.locator(`a[href="#/records/${kind}/new"]`).click();
  c.tap();
  const next = page.getByRole('button', { name: idText('forms:form.next'), exact: true });
  const done = new Set<string>();
  for (let guard = 0; guard < 30; guard++) {
    const section = await currentSection(page, kind);
    if (section === undefined) throw new Error('no current step');
    if (!done.has(section)) {
      done.add(section);
      for (const field of declaration.fields) {
        if (field.section !== section || !applies(field, payload)) continue;
        const value = getPath(payload, field.name);
        if (value === undefined) continue;
        await answer(page, c, field, field.name, value);
      }
    }
    if ((await next.count()) === 0) break;
    await next.click();
    c.tap();
  }
  c.tap(await pressFinish(page));
  await expect(page, 'the finished record opens (no validation errors)').toHaveURL(
    /#\/record\/[0-9a-f-]+$/,
  );
  return { taps: c.taps, fields: c.fields };
}

/** A screening answered up to "in danger now? — yes", in the form's own step order. */
export const DANGER_SCREENING: Payload = {
  screenedOn: '2025-05-12',
  consent: 'agreed',
  subjectInitials: 'R.A.',
  subjectAgeGroup: 'adult',
  subjectSex: 'female',
  placeMet: 'after_return',
  immediateDanger: true,
};

/**
 * Taps from the home screen until the high-risk guidance (what to do, a number to call) is on
 * the screen: open screenings, new, answer the steps in order until "in danger now?" is "yes".
 */
export async function tapsToDangerGuidance(page: Page): Promise<TapCount> {
  const kind: RecordKind = 'screening';
  const declaration = getDeclaration(kind);
  if (!declaration) throw new Error('no screening declaration');
  const c = new Counter();
  await page.locator(`a.card[href="#/records/${kind}"]`).click();
  c.tap();
  await page.locator(`a[href="#/records/${kind}/new"]`).click();
  c.tap();
  const next = page.getByRole('button', { name: idText('forms:form.next'), exact: true });
  for (let guard = 0; guard < 10; guard++) {
    const section = await currentSection(page, kind);
    for (const field of declaration.fields) {
      if (field.section !== section || !applies(field, DANGER_SCREENING)) continue;
      const value = getPath(DANGER_SCREENING, field.name);
      if (value === undefined) continue;
      await answer(page, c, field, field.name, value);
      if (field.name === 'immediateDanger') {
        const guidance = page.getByRole('region', { name: idText('forms:emergency.title') });
        await expect(guidance.locator('a[href="tel:110"]')).toBeVisible();
        return { taps: c.taps, fields: c.fields };
      }
    }
    await next.click();
    c.tap();
  }
  throw new Error('never reached "in danger now?"');
}
