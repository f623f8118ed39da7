// The list of a kind: newest first, search by name or village, filter by sync state with the
// server's reason on rows that need attention, drafts above, and paging by 50.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { getDeclaration } from '../../../src/domain/index';
import { applyPushResults, markSending, saveDraft, saveRecord } from '../../../src/data/index';
import { t } from '../../../src/app/i18n';
import { PAGE_SIZE, RecordListScreen } from '../../../src/app/records/list/RecordListScreen';
import type { Payload } from '../../../src/app/records/form/model';
import { freshApp } from './helpers';

const base = getDeclaration('migrant')!.examples[0] as Payload;

function resident(name: string, village: string): Payload {
  return {
    ...structuredClone(base),
    name,
    address: { ...(base.address as Payload), villageName: village },
  };
}

function rowTexts(): string[] {
  const list = screen.getByRole('list', { name: t('forms:kinds.migrant') });
  return within(list)
    .queryAllByRole('listitem')
    .map((item) => item.textContent ?? '');
}

describe('record list', { timeout: 20_000 }, () => {
  beforeEach(() => freshApp());
  afterEach(cleanup);

  it('lists newest first, searches by name or village, and filters by sync state', async () => {
    const first = await saveRecord({
      kind: 'migrant',
      payload: resident('Ani Lestari', 'Sukamaju'),
    });
    await saveRecord({ kind: 'migrant', payload: resident('Budi Santoso', 'Karangrejo') });
    const third = await saveRecord({
      kind: 'migrant',
      payload: resident('Citra Dewi', 'Sukamaju'),
    });
    await markSending([{ id: first.id, rev: first.rev }]);
    await applyPushResults([
      {
        id: first.id,
        rev: first.rev,
        status: 'rejected',
        error: { code: 'invalid', message: 'payload.nik: invalid' },
      },
    ]);
    await markSending([{ id: third.id, rev: third.rev }]);
    await applyPushResults([{ id: third.id, rev: third.rev, status: 'stored' }]);

    render(<RecordListScreen kind="migrant" />);
    await waitFor(() => expect(rowTexts()).toHaveLength(3));
    // Newest edit first; sync results do not reorder (they are not edits).
    expect(rowTexts()[0]).toContain('Citra Dewi');
    expect(rowTexts()[2]).toContain('Ani Lestari');

    fireEvent.input(screen.getByLabelText(t('forms:list.search')), {
      target: { value: 'sukamaju' },
    });
    await waitFor(() => expect(rowTexts()).toHaveLength(2));
    expect(rowTexts().join(' ')).not.toContain('Budi');

    fireEvent.input(screen.getByLabelText(t('forms:list.search')), { target: { value: 'budi' } });
    await waitFor(() => expect(rowTexts()).toEqual([expect.stringContaining('Budi Santoso')]));

    fireEvent.input(screen.getByLabelText(t('forms:list.search')), { target: { value: '' } });
    await waitFor(() => expect(rowTexts()).toHaveLength(3));

    const filter = screen.getByLabelText(t('forms:list.syncFilter'));
    const rejectedLabel = t('sync:recordState.rejected');
    expect(within(filter).getByRole('option', { name: rejectedLabel })).toBeTruthy();
    fireEvent.change(filter, { target: { value: 'rejected' } });
    await waitFor(() => expect(rowTexts()).toHaveLength(1));
    expect(rowTexts()[0]).toContain('Ani Lestari');
    expect(rowTexts()[0]).toContain(rejectedLabel);
    expect(rowTexts()[0]).toContain(t('sync:rejection.invalid'));

    fireEvent.change(filter, { target: { value: 'synced' } });
    await waitFor(() => expect(rowTexts()).toEqual([expect.stringContaining('Citra Dewi')]));
    expect(rowTexts()[0]).toContain(t('sync:recordState.synced'));

    fireEvent.change(filter, { target: { value: 'pending' } });
    await waitFor(() => expect(rowTexts()).toEqual([expect.stringContaining('Budi Santoso')]));
  });

  it('rows follow sync results while the list is open', async () => {
    const record = await saveRecord({
      kind: 'migrant',
      payload: resident('Dewi Sartika', 'Sukamaju'),
    });
    render(<RecordListScreen kind="migrant" />);
    await waitFor(() => expect(rowTexts()[0]).toContain(t('sync:recordState.pending')));
    await markSending([{ id: record.id, rev: record.rev }]);
    await waitFor(() => expect(rowTexts()[0]).toContain(t('sync:recordState.sending')));
    await applyPushResults([
      {
        id: record.id,
        rev: record.rev,
        status: 'rejected',
        error: { code: 'conflict', message: 'rev conflict' },
      },
    ]);
    await waitFor(() => expect(rowTexts()[0]).toContain(t('sync:rejection.conflict')));
  });

  it('pages by 50 with "load more" and lists unfinished drafts above', async () => {
    for (let i = 0; i < PAGE_SIZE + 3; i++) {
      await saveRecord({ kind: 'migrant', payload: resident(`Warga ${i}`, 'Sukamaju') });
    }
    await saveDraft({
      id: '0190a0b0-0000-7000-8000-0000000000aa',
      kind: 'migrant',
      payload: { recordType: 'resident', name: 'Draf Warga' },
      updatedAt: new Date().toISOString(),
    });
    render(<RecordListScreen kind="migrant" />);
    await waitFor(() => expect(rowTexts()).toHaveLength(PAGE_SIZE));
    const drafts = await screen.findByRole('region', { name: t('forms:list.drafts') });
    const draftLink = within(drafts).getByRole('link');
    expect(draftLink.getAttribute('href')).toBe(
      '#/records/migrant/new?from=0190a0b0-0000-7000-8000-0000000000aa',
    );
    fireEvent.click(screen.getByRole('button', { name: t('forms:list.loadMore', { count: 3 }) }));
    await waitFor(() => expect(rowTexts()).toHaveLength(PAGE_SIZE + 3));
    expect(screen.queryByRole('button', { name: /load|tampilkan/i })).toBeNull();
  });
});
