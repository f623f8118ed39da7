// Set-up for the records UI tests: the real src/data over fake-indexeddb with a cheap vault,
// i18next in Bahasa Indonesia with the real locale files, a volunteer profile, and helpers that
// fill a form through its controls, driven by the same field metadata the renderer uses.
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { expect } from 'vitest';
import {
  configureVaultForTests,
  createVault,
  saveProfile,
  wipeAllLocalData,
} from '../../../src/data/index';
import type { FieldMeta, RecordKindDeclaration } from '../../../src/domain/recordKind';
import type { VolunteerProfile } from '../../../src/domain/profile';
import { ensureNamespaces, initI18n, NAMESPACES, t } from '../../../src/app/i18n';
import { fieldDomId, getPath, applies, type Payload } from '../../../src/app/records/form/model';

export const PIN = '275190';

export const TRAINED_PROFILE: VolunteerProfile = {
  name: 'Relawan Uji',
  role: 'relawan',
  provinceCode: '33',
  villageName: 'Desa Contoh',
  trainedInVictimHandling: true,
  trainedOn: '2024-05-01',
};

export const UNTRAINED_PROFILE: VolunteerProfile = {
  ...TRAINED_PROFILE,
  trainedInVictimHandling: false,
  trainedOn: undefined,
};

/** Empty store, unlocked vault (cheap PBKDF2), Indonesian UI, a profile. */
export async function freshApp(profile: VolunteerProfile = TRAINED_PROFILE): Promise<void> {
  await wipeAllLocalData();
  configureVaultForTests({ iterations: 1000 });
  await createVault(PIN);
  await initI18n('id');
  await ensureNamespaces(NAMESPACES);
  const { trainedOn, ...rest } = profile;
  await saveProfile(trainedOn ? { ...rest, trainedOn } : rest);
  location.hash = '#/';
}

/** The element of a payload path's control. */
export function control(path: string): HTMLElement {
  const element = document.getElementById(fieldDomId(path));
  if (!element) throw new Error(`no control for ${path}`);
  return element;
}

/** Goes to a section of the open form through its section navigation. */
export function openSection(kind: string, section: string): void {
  const nav = screen.getByRole('navigation', { name: t('forms:form.sectionsLabel') });
  const label = t(`records:${kind}.sections.${section}`);
  const button = within(nav)
    .getAllByRole('button')
    .find((candidate) => candidate.textContent?.includes(label));
  if (!button) throw new Error(`no section button ${section}`);
  fireEvent.click(button);
}

/** Answers a select field: a drop-down, or a one-tap button of a short list (issue 8). */
export function choose(path: string, value: string): void {
  const element = control(path);
  if (element.tagName === 'SELECT') {
    fireEvent.change(element, { target: { value } });
    return;
  }
  const radio = element.querySelector<HTMLInputElement>(`input[value="${value}"]`);
  if (!radio) throw new Error(`no option ${value} at ${path}`);
  fireEvent.click(radio);
}

/** Picks linked records by their list summary. */
export type LinkLabels = Record<string, string>;

async function fillField(
  field: FieldMeta,
  path: string,
  value: unknown,
  links: LinkLabels,
): Promise<void> {
  switch (field.input) {
    case 'text':
    case 'textarea':
    case 'date':
      fireEvent.input(control(path), { target: { value: String(value) } });
      return;
    case 'number':
      fireEvent.input(control(path), { target: { value: String(value) } });
      return;
    case 'select': {
      const element = control(path);
      if (element.tagName === 'SELECT') {
        fireEvent.change(element, { target: { value: String(value) } });
        return;
      }
      // Short lists are one-tap buttons (radios) since issue 8.
      const radio = element.querySelector<HTMLInputElement>(`input[value="${String(value)}"]`);
      if (!radio) throw new Error(`no option ${String(value)} at ${path}`);
      if (!radio.checked) fireEvent.click(radio);
      return;
    }
    case 'multiselect': {
      const box = control(path);
      for (const option of value as string[]) {
        // Asked once: a repeated option follows the earlier answer (src/domain/sameFacts.ts).
        if (field.repeats?.[option]) continue;
        const input = box.querySelector<HTMLInputElement>(`input[value="${option}"]`);
        if (!input) throw new Error(`no option ${option} at ${path}`);
        fireEvent.click(input);
      }
      return;
    }
    case 'boolean': {
      const radios = control(path).querySelectorAll<HTMLInputElement>('input[type="radio"]');
      fireEvent.click(radios[value === true ? 0 : 1]!);
      return;
    }
    case 'checklist': {
      for (const [item, answer] of Object.entries(
        value as Record<string, { state: string; note?: string }>,
      )) {
        const radio = document.querySelector<HTMLInputElement>(
          `input[name="${path}.${item}"][value="${answer.state}"]`,
        );
        if (!radio) throw new Error(`no state ${answer.state} for ${path}.${item}`);
        fireEvent.click(radio);
        if (answer.note) {
          fireEvent.input(control(`${path}.${item}.note`), { target: { value: answer.note } });
        }
      }
      return;
    }
    case 'region': {
      const region = value as Record<string, string>;
      fireEvent.input(control(`${path}.villageName`), { target: { value: region.villageName } });
      if (region.detail) {
        fireEvent.input(control(`${path}.detail`), { target: { value: region.detail } });
      }
      return;
    }
    case 'recordLinks': {
      for (const id of value as string[]) {
        const label = links[id];
        if (!label) throw new Error(`no label for linked record ${id}`);
        const box = control(path);
        const button = await waitFor(() => {
          const found = within(box)
            .getAllByRole('button')
            .find((candidate) => candidate.textContent?.includes(label));
          if (!found) throw new Error(`no link button for ${label}`);
          return found;
        });
        fireEvent.click(button);
      }
      return;
    }
    case 'group': {
      const items = value as Payload[];
      const label = t(`records:${field.labelKey}`);
      for (let index = 0; index < items.length; index++) {
        fireEvent.click(screen.getByRole('button', { name: t('forms:form.addItem', { label }) }));
        const item = items[index]!;
        for (const sub of field.fields ?? []) {
          const subValue = getPath(item, sub.name);
          if (subValue === undefined || !applies(sub, item)) continue;
          await fillField(sub, `${path}.${index}.${sub.name}`, subValue, links);
        }
      }
      return;
    }
  }
}

/**
 * Fills the open form with `payload` through its controls, section by section, in the order
 * the declaration lists fields (so a field's condition is answered before the field is needed).
 */
export async function fillForm(
  declaration: RecordKindDeclaration,
  payload: Payload,
  links: LinkLabels = {},
): Promise<void> {
  for (const section of declaration.sections) {
    const fields = declaration.fields.filter(
      (field) =>
        field.section === section &&
        applies(field, payload) &&
        getPath(payload, field.name) !== undefined,
    );
    if (fields.length === 0) continue;
    openSection(declaration.kind, section);
    for (const field of fields) {
      await fillField(field, field.name, getPath(payload, field.name), links);
    }
  }
}

/** The record id in the current route (#/record/<id>). */
export function routedRecordId(): string {
  const match = /^#\/record\/([^/?]+)$/.exec(location.hash);
  expect(match, `route ${location.hash}`).not.toBeNull();
  return decodeURIComponent(match![1]!);
}
