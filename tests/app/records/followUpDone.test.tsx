// "Selesai" on a follow-up from the record's page (issue 8, beyond the fixes): one tap clears the
// next-action date in a new revision (queued for sync), so the record is no longer due.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { getDeclaration } from '../../../src/domain/index';
import { getRecord, listDueRecords, saveDraft, saveRecord } from '../../../src/data/index';
import { t } from '../../../src/app/i18n';
import { RecordDetailScreen } from '../../../src/app/records/detail/RecordDetailScreen';
import type { Payload } from '../../../src/app/records/form/model';
import { freshApp } from './helpers';

const referral = () => structuredClone(getDeclaration('referral')!.examples[0]) as Payload;

describe('follow-up done', { timeout: 20_000 }, () => {
  beforeEach(() => freshApp());
  afterEach(cleanup);

  it('clears the next-action date in a new revision and leaves the due list', async () => {
    const payload = referral();
    const date = payload.nextActionDate as string;
    const record = await saveRecord({ kind: 'referral', payload, nextActionDate: date });
    expect((await listDueRecords(date)).map((r) => r.id)).toEqual([record.id]);
    render(<RecordDetailScreen id={record.id} />);

    fireEvent.click(await screen.findByRole('button', { name: t('forms:detail.followUpDone') }));
    await waitFor(async () => expect((await getRecord(record.id))?.rev).toBe(record.rev + 1));
    const saved = await getRecord(record.id);
    expect(saved?.nextActionDate).toBeUndefined();
    expect(saved?.payload.nextActionDate).toBeUndefined();
    // Everything else is kept as it was.
    expect(saved?.payload.statusUpdates).toEqual(payload.statusUpdates);
    expect(await listDueRecords(date)).toEqual([]);
    await waitFor(() =>
      expect(screen.queryByRole('button', { name: t('forms:detail.followUpDone') })).toBeNull(),
    );
    expect(screen.getByText(t('forms:detail.none'))).toBeTruthy();
  });

  it('is not offered without a date, nor while an edit of the record is unfinished', async () => {
    const { nextActionDate: _none, ...withoutDate } = referral();
    const plain = await saveRecord({ kind: 'referral', payload: withoutDate });
    render(<RecordDetailScreen id={plain.id} />);
    await screen.findByText(t('forms:detail.none'));
    expect(screen.queryByRole('button', { name: t('forms:detail.followUpDone') })).toBeNull();
    cleanup();

    const payload = referral();
    const editing = await saveRecord({
      kind: 'referral',
      payload,
      nextActionDate: payload.nextActionDate as string,
    });
    await saveDraft({
      id: editing.id,
      kind: 'referral',
      payload,
      updatedAt: new Date().toISOString(),
    });
    render(<RecordDetailScreen id={editing.id} />);
    await screen.findByText(t('forms:detail.hasDraft'));
    expect(screen.queryByRole('button', { name: t('forms:detail.followUpDone') })).toBeNull();
  });
});
