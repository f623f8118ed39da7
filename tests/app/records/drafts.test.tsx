// Drafts: typing is autosaved within a second and comes back after the screen is left and
// reopened; "Simpan draf" leaves at once; editing a finished record saves a new rev.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { getDeclaration } from '../../../src/domain/index';
import { getDraft, getRecord, listDrafts, listRecords, saveRecord } from '../../../src/data/index';
import { t } from '../../../src/app/i18n';
import { RecordFormScreen } from '../../../src/app/records/form/RecordFormScreen';
import { AUTOSAVE_DELAY_MS } from '../../../src/app/records/form/RecordForm';
import type { Payload } from '../../../src/app/records/form/model';
import { choose, control, freshApp, openSection } from './helpers';

async function formShown(): Promise<void> {
  await screen.findByRole('navigation', { name: t('forms:form.sectionsLabel') });
}

describe('drafts', { timeout: 20_000 }, () => {
  beforeEach(() => freshApp());
  afterEach(cleanup);

  it('autosaves while typing (≤ 1 s) and restores the draft after unmount and remount', async () => {
    expect(AUTOSAVE_DELAY_MS).toBeLessThanOrEqual(1000);
    location.hash = '#/records/migrant/new';
    const view = render(<RecordFormScreen kind="migrant" />);
    await formShown();
    choose('recordType', 'resident');
    openSection('migrant', 'identity');
    fireEvent.input(control('name'), { target: { value: 'Sari Wulandari' } });

    const draft = await waitFor(
      async () => {
        const [found] = await listDrafts('migrant');
        // Plus the defaults of a new record (the volunteer's village as the address).
        expect(found?.payload).toMatchObject({ recordType: 'resident', name: 'Sari Wulandari' });
        return found!;
      },
      { timeout: 1500 },
    );
    expect(draft.section).toBe('identity');
    // A reload lands on this draft rather than on an empty form.
    expect(location.hash).toBe(`#/records/migrant/new?from=${draft.id}`);

    view.unmount();
    render(<RecordFormScreen kind="migrant" fromId={draft.id} />);
    await waitFor(() => expect((control('name') as HTMLInputElement).value).toBe('Sari Wulandari'));
    expect(screen.getByRole('heading', { level: 2 }).textContent).toContain(
      t('records:migrant.sections.identity'),
    );
    expect((await listRecords({ kind: 'migrant' })).total).toBe(0);
  });

  it('writes what was typed when the screen closes before the autosave delay', async () => {
    const view = render(<RecordFormScreen kind="household_visit" />);
    await formShown();
    fireEvent.input(control('householdName'), { target: { value: 'Keluarga Ibu Ani' } });
    view.unmount();
    await waitFor(async () => {
      const [found] = await listDrafts('household_visit');
      expect(found?.payload.householdName).toBe('Keluarga Ibu Ani');
    });
  });

  it('"Simpan draf" saves the draft and goes to the list without finishing', async () => {
    render(<RecordFormScreen kind="household_visit" />);
    await formShown();
    fireEvent.input(control('householdName'), { target: { value: 'Keluarga Pak Budi' } });
    fireEvent.click(screen.getByRole('button', { name: t('forms:form.saveDraft') }));
    await waitFor(() => expect(location.hash).toBe('#/records/household_visit'));
    const [found] = await listDrafts('household_visit');
    expect(found?.payload.householdName).toBe('Keluarga Pak Budi');
    expect((await listRecords({ kind: 'household_visit' })).total).toBe(0);
  });

  it('browsing the sections of a saved record without typing leaves no draft', async () => {
    const base = getDeclaration('household_visit')!.examples[0] as Payload;
    // With a screening planned, so the rules have nothing to ask about (tests/app/records/rules).
    const example: Payload = {
      ...base,
      followUpActions: [...(base.followUpActions as string[]), 'start_screening'],
    };
    const saved = await saveRecord({ kind: 'household_visit', payload: example });
    render(<RecordFormScreen kind="household_visit" id={saved.id} />);
    await formShown();
    fireEvent.click(screen.getByRole('button', { name: t('forms:form.next') }));
    fireEvent.click(screen.getByRole('button', { name: t('forms:form.next') }));
    await new Promise((resolve) => setTimeout(resolve, AUTOSAVE_DELAY_MS + 300));
    cleanup();
    expect(await getDraft(saved.id)).toBeUndefined();
  });

  it('editing a finished record saves a new rev of the same id, queued again', async () => {
    const base = getDeclaration('household_visit')!.examples[0] as Payload;
    // With a screening planned, so the rules have nothing to ask about (tests/app/records/rules).
    const example: Payload = {
      ...base,
      followUpActions: [...(base.followUpActions as string[]), 'start_screening'],
    };
    const saved = await saveRecord({ kind: 'household_visit', payload: example });
    render(<RecordFormScreen kind="household_visit" id={saved.id} />);
    await formShown();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toContain(
      t('forms:kinds.household_visit'),
    );
    fireEvent.input(control('householdName'), {
      target: { value: 'Keluarga Bapak Darto (pindah)' },
    });
    fireEvent.click(screen.getByRole('button', { name: t('forms:form.finish') }));
    await waitFor(() => expect(location.hash).toBe(`#/record/${saved.id}`));
    const updated = await getRecord(saved.id);
    expect(updated?.rev).toBe(saved.rev + 1);
    expect(updated?.syncState).toBe('pending');
    expect(updated?.payload).toEqual({
      ...example,
      householdName: 'Keluarga Bapak Darto (pindah)',
    });
    expect(await getDraft(saved.id)).toBeUndefined();
  });
});
