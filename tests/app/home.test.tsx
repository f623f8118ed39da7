import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  applyPushResults,
  createVault,
  getDraft,
  saveDraft,
  saveProfile,
  saveRecord,
} from '../../src/data';
import { formatDate, t } from '../../src/app/i18n';
import { navigate } from '../../src/app/router';
import { todayLocal } from '../../src/app/today';
import { findScreen, freshPhone, PIN, renderApp, tearDown } from './helpers';

function daysFromToday(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  return todayLocal(date);
}

describe('home', { timeout: 30_000 }, () => {
  beforeEach(freshPhone);
  afterEach(() => {
    vi.restoreAllMocks();
    tearDown();
  });

  it('a draft with a victim’s initials: no name on home; discarded only after confirming', async () => {
    await createVault(PIN);
    await saveProfile({
      name: 'Siti',
      role: 'relawan',
      provinceCode: '33',
      villageName: 'Sukamaju',
      trainedInVictimHandling: true,
    });
    const id = '0192f1a6-0000-7000-8000-0000000000d1';
    await saveDraft({
      id,
      kind: 'screening',
      payload: { subjectInitials: 'R.A.', immediateDanger: true },
      updatedAt: new Date().toISOString(),
    });
    renderApp();
    const drafts = await screen.findByRole('region', { name: t('app:home.draftsTitle') });
    expect(drafts.textContent).toContain(t('records:screening.title'));
    expect(drafts.textContent).not.toContain('R.A.');

    // A stray tap asks first; "keep" keeps it.
    fireEvent.click(within(drafts).getByRole('button', { name: /Buang draf/ }));
    const dialog = within(drafts).getByRole('alertdialog');
    fireEvent.click(within(dialog).getByRole('button', { name: t('app:drafts.keep') }));
    expect(await getDraft(id)).toBeDefined();

    fireEvent.click(within(drafts).getByRole('button', { name: /Buang draf/ }));
    fireEvent.click(
      within(within(drafts).getByRole('alertdialog')).getByRole('button', {
        name: t('app:drafts.confirm'),
      }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('region', { name: t('app:home.draftsTitle') })).toBeNull(),
    );
    expect(await getDraft(id)).toBeUndefined();
  });

  it('lists the six record kinds, follow-ups due, drafts and records needing attention', async () => {
    await createVault(PIN);
    await saveProfile({
      name: 'Siti',
      role: 'relawan',
      provinceCode: '33',
      villageName: 'Sukamaju',
      trainedInVictimHandling: false,
    });
    const overdue = await saveRecord({
      kind: 'migrant',
      payload: { name: 'A' },
      nextActionDate: daysFromToday(-3),
    });
    const dueToday = await saveRecord({
      kind: 'household_visit',
      payload: {
        householdName: 'Keluarga Budi',
        address: { provinceCode: '33', villageName: 'Sukamaju' },
        visitDate: '2026-11-01',
      },
      nextActionDate: todayLocal(),
    });
    const soon = await saveRecord({
      kind: 'screening',
      payload: {},
      nextActionDate: daysFromToday(5),
    });
    await saveRecord({ kind: 'screening', payload: {}, nextActionDate: daysFromToday(2) });
    await saveRecord({ kind: 'referral', payload: {}, nextActionDate: daysFromToday(8) });
    const rejected = await saveRecord({ kind: 'household_visit', payload: { note: 'C' } });
    await applyPushResults([
      {
        id: rejected.id,
        rev: rejected.rev,
        status: 'rejected',
        error: { code: 'invalid', message: 'x' },
      },
    ]);
    await saveDraft({
      id: '0192f1a6-0000-7000-8000-000000000001',
      kind: 'awareness_session',
      payload: { place: 'Balai desa' },
      updatedAt: new Date().toISOString(),
    });
    renderApp();
    await findScreen('Beranda');

    const kinds = screen.getByRole('region', { name: 'Catat kegiatan' });
    const links = within(kinds).getAllByRole('link');
    expect(links.map((a) => a.getAttribute('href')).sort()).toEqual(
      [
        '#/records/awareness_session',
        '#/records/household_visit',
        '#/records/migrant',
        '#/records/psychosocial_support',
        '#/records/referral',
        '#/records/screening',
      ].sort(),
    );

    const due = await screen.findByRole('region', { name: 'Tindak lanjut hari ini' });
    const overdueLink = await within(due).findByText('Terlambat');
    expect(overdueLink.closest('a')?.getAttribute('href')).toBe(`#/record/${overdue.id}`);
    const todayLink = within(due).getByText('Hari ini');
    expect(todayLink.closest('a')?.getAttribute('href')).toBe(`#/record/${dueToday.id}`);
    // Home is seen by others: the kind of record and its date, never the household's name.
    expect(todayLink.closest('a')?.textContent).toContain('Kunjungan rumah');
    expect(screen.queryByText(/Keluarga Budi/)).toBeNull();
    expect(within(due).getAllByRole('link')).toHaveLength(2); // the one in 5 days is not due
    // The week ahead, soonest first, so the kader can plan visits; not what is 8 days away.
    const upcoming = screen.getByRole('region', { name: 'Tindak lanjut 7 hari ke depan' });
    const coming = within(upcoming).getAllByRole('link');
    expect(coming).toHaveLength(2);
    expect(coming[0]?.textContent).toContain(formatDate(daysFromToday(2)));
    expect(coming[1]?.getAttribute('href')).toBe(`#/record/${soon.id}`);
    expect(coming[1]?.textContent).toContain('Akan datang');
    expect(screen.queryByRole('link', { name: 'Isi profil' })).toBeNull(); // loaded, profile saved

    const drafts = await screen.findByRole('region', { name: 'Draf yang belum selesai' });
    expect(within(drafts).getByRole('link').getAttribute('href')).toBe(
      '#/records/awareness_session/new?from=0192f1a6-0000-7000-8000-000000000001',
    );

    const attention = await screen.findByRole('region', { name: /Perlu diperbaiki/ });
    expect(within(attention).getByText('1 catatan ditolak server.', { exact: false })).toBeTruthy();
    expect(
      within(attention)
        .getByRole('link', { name: /Perlu diperbaiki/ })
        .getAttribute('href'),
    ).toBe(`#/record/${rejected.id}`);
  });

  it('shows the sync status in words and asks to enroll when not enrolled', async () => {
    await createVault(PIN);
    await saveRecord({ kind: 'migrant', payload: { name: 'A' } });
    renderApp();
    await findScreen('Beranda');
    const sync = screen.getByRole('region', { name: 'Pengiriman ke server' });
    await within(sync).findByText('HP belum didaftarkan ke server');
    expect(within(sync).getByText('Belum pernah')).toBeTruthy();
    expect(
      within(sync).getByRole('link', { name: 'Hubungkan ke server' }).getAttribute('href'),
    ).toBe('#/enroll');
    // Honest status (item 9): never "all sent" while no server is connected.
    expect(
      await screen.findByText('Belum terhubung ke server: 1 catatan tersimpan di HP'),
    ).toBeTruthy();
    expect(screen.queryByText(/Semua catatan sudah terkirim/)).toBeNull();
  });

  it('asks for the profile when a first run stopped before saving it', async () => {
    await createVault(PIN); // vault made, profile never saved
    renderApp();
    await findScreen('Beranda');
    const link = await screen.findByRole('link', { name: 'Isi profil' });
    expect(link.getAttribute('href')).toBe('#/settings/profile');
  });

  it('says online or offline in words, following the browser events', async () => {
    await createVault(PIN);
    renderApp();
    await findScreen('Beranda');
    await screen.findByText('Menunggu dikirim'); // the shell's effects (listeners) have run
    expect(screen.getByText('Ada sinyal')).toBeTruthy();
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    fireEvent(window, new Event('offline'));
    await screen.findByText('Tanpa sinyal');
  });

  it('moves focus to the new screen heading after navigation', async () => {
    await createVault(PIN);
    renderApp();
    await findScreen('Beranda');
    await screen.findByText('Menunggu dikirim'); // the shell's effects (listeners) have run
    navigate('/settings');
    const heading = await findScreen('Pengaturan');
    await vi.waitFor(() => expect(document.activeElement).toBe(heading));
  });
});
