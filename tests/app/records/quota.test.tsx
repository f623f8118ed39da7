// Storage full while finishing: the person is told in words what happened and what to do, the
// draft stays, and finishing works once there is room again.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { getDeclaration } from '../../../src/domain/index';
import * as data from '../../../src/data/index';
import { t } from '../../../src/app/i18n';
import { RecordFormScreen } from '../../../src/app/records/form/RecordFormScreen';
import type { Payload } from '../../../src/app/records/form/model';
import { fillForm, freshApp } from './helpers';

vi.mock('../../../src/data/index', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../src/data/index')>();
  return { ...actual, saveRecord: vi.fn(actual.saveRecord) };
});

describe('storage full', { timeout: 20_000 }, () => {
  beforeEach(() => freshApp());
  afterEach(cleanup);

  it('keeps the draft and says what to do when saving hits the quota', async () => {
    const declaration = getDeclaration('household_visit')!;
    const base = declaration.examples[0] as Payload;
    // With a screening planned, so the rules have nothing to ask about (tests/app/records/rules).
    const example: Payload = {
      ...base,
      followUpActions: [...(base.followUpActions as string[]), 'start_screening'],
    };
    await data.saveRecord({
      kind: 'migrant',
      id: (example.migrantIds as string[])[0],
      payload: getDeclaration('migrant')!.examples[0] as Payload,
    });
    const links = Object.fromEntries(
      (example.migrantIds as string[]).map((id) => [id, 'Siti Rahmawati']),
    );
    vi.mocked(data.saveRecord).mockRejectedValueOnce(new data.DataError('quota_exceeded'));

    render(<RecordFormScreen kind="household_visit" />);
    await screen.findByRole('navigation', { name: t('forms:form.sectionsLabel') });
    await fillForm(declaration, example, links);
    fireEvent.click(screen.getByRole('button', { name: t('forms:form.finish') }));

    const alert = await screen.findByRole('alert');
    await waitFor(() => expect(alert.textContent).toContain(t('forms:form.quotaExceeded')));
    await waitFor(() => expect(document.activeElement).toBe(alert));
    const [draft] = await data.listDrafts('household_visit');
    expect(draft?.payload.householdName).toBe(example.householdName);
    expect((await data.listRecords({ kind: 'household_visit' })).total).toBe(0);

    // Room again: the same draft finishes into the record.
    fireEvent.click(screen.getByRole('button', { name: t('forms:form.finish') }));
    await waitFor(() => expect(location.hash).toBe(`#/record/${draft!.id}`));
    expect((await data.getRecord(draft!.id))?.payload.householdName).toBe(example.householdName);
    expect(await data.getDraft(draft!.id)).toBeUndefined();
  });
});
