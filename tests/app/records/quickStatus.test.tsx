// A quick "Tambah perkembangan" on a referral's page (issue 8, beyond the fixes): one tap on the
// news and save appends a dated status update in a new revision, without the whole form.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { getDeclaration } from '../../../src/domain/index';
import { getRecord, saveRecord } from '../../../src/data/index';
import { t } from '../../../src/app/i18n';
import { todayLocal } from '../../../src/app/today';
import { RecordDetailScreen } from '../../../src/app/records/detail/RecordDetailScreen';
import type { Payload } from '../../../src/app/records/form/model';
import { freshApp } from './helpers';

const example = (kind: 'referral' | 'screening') =>
  structuredClone(getDeclaration(kind)!.examples[0]) as Payload;

describe('quick progress on a referral', { timeout: 20_000 }, () => {
  beforeEach(() => freshApp());
  afterEach(cleanup);

  it('appends today’s news and the note in a new revision', async () => {
    const payload = example('referral');
    const before = (payload.statusUpdates as unknown[]).length;
    const record = await saveRecord({ kind: 'referral', payload });
    render(<RecordDetailScreen id={record.id} />);

    const save = await screen.findByRole('button', { name: t('forms:statusUpdate.save') });
    fireEvent.click(save);
    // Nothing chosen yet: it says so and saves nothing.
    expect(await screen.findByText(t('forms:statusUpdate.choose'))).toBeTruthy();
    expect((await getRecord(record.id))?.rev).toBe(record.rev);

    fireEvent.click(screen.getByLabelText(t('records:referral.options.status.in_process')));
    fireEvent.input(screen.getByLabelText(t('forms:statusUpdate.note')), {
      target: { value: 'Ditelepon petugas UPTD PPA' },
    });
    fireEvent.click(save);
    expect(await screen.findByText(t('forms:statusUpdate.saved'))).toBeTruthy();
    await waitFor(async () => expect((await getRecord(record.id))?.rev).toBe(record.rev + 1));
    const updates = (await getRecord(record.id))?.payload.statusUpdates as unknown[];
    expect(updates).toHaveLength(before + 1);
    expect(updates.at(-1)).toEqual({
      date: todayLocal(),
      status: 'in_process',
      note: 'Ditelepon petugas UPTD PPA',
    });
  });

  it('is offered on referrals only', async () => {
    const record = await saveRecord({ kind: 'screening', payload: example('screening') });
    render(<RecordDetailScreen id={record.id} />);
    await screen.findByRole('heading', { level: 1 });
    expect(screen.queryByRole('button', { name: t('forms:statusUpdate.save') })).toBeNull();
  });
});
