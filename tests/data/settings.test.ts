import { beforeEach, describe, expect, it } from 'vitest';
import {
  appendSyncLog,
  clearEnrollment,
  deleteLocalContact,
  getEnrollment,
  getLanguage,
  getProfile,
  getSyncMeta,
  listLocalContacts,
  listSyncLog,
  lockVault,
  saveEnrollment,
  saveLocalContact,
  saveProfile,
  saveSyncMeta,
  setLanguage,
  unlockVault,
} from '../../src/data';
import { SYNC_LOG_LIMIT } from '../../src/data/settings';
import { freshStore, freshUnlocked, PIN } from './helpers';

describe('small state', () => {
  beforeEach(freshUnlocked);

  it('remembers the language in clear (needed before unlocking)', async () => {
    await freshStore();
    expect(await getLanguage()).toBeUndefined();
    await setLanguage('en');
    expect(await getLanguage()).toBe('en');
    await setLanguage('id');
    expect(await getLanguage()).toBe('id');
  });

  it('keeps profile, contacts and enrollment encrypted and readable only when unlocked', async () => {
    const profile = { name: 'Wati', role: 'kader_posyandu', trainedInVictimHandling: true };
    await saveProfile(profile);
    await saveLocalContact({ id: 'c1', name: 'UPTD PPA', phone: '0274' });
    await saveLocalContact({ id: 'c2', name: 'Puskesmas' });
    await saveEnrollment({
      serverUrl: 'https://koordinator.example',
      deviceId: 'dev-1',
      token: 't0k3n',
    });
    lockVault();
    await expect(getProfile()).rejects.toMatchObject({ code: 'vault_locked' });
    await expect(getEnrollment()).rejects.toMatchObject({ code: 'vault_locked' });
    await expect(listLocalContacts()).rejects.toMatchObject({ code: 'vault_locked' });
    await unlockVault(PIN);
    expect(await getProfile<typeof profile>()).toEqual(profile);
    expect((await listLocalContacts()).map((c) => c.id).sort()).toEqual(['c1', 'c2']);
    await deleteLocalContact('c1');
    expect(await listLocalContacts()).toEqual([{ id: 'c2', name: 'Puskesmas' }]);
    expect(await getEnrollment()).toEqual({
      serverUrl: 'https://koordinator.example',
      deviceId: 'dev-1',
      token: 't0k3n',
    });
    await clearEnrollment();
    expect(await getEnrollment()).toBeUndefined();
  });

  it('keeps sync meta readable while locked', async () => {
    expect(await getSyncMeta()).toEqual({});
    await saveSyncMeta({ lastSyncAt: '2026-11-30T09:00:00+07:00', paused: 'needs_enrollment' });
    lockVault();
    expect(await getSyncMeta()).toEqual({
      lastSyncAt: '2026-11-30T09:00:00+07:00',
      paused: 'needs_enrollment',
    });
  });

  it('keeps the newest sync log entries, newest first, up to the limit', async () => {
    for (let i = 0; i < SYNC_LOG_LIMIT + 5; i++) await appendSyncLog({ n: i });
    const log = await listSyncLog<{ n: number }>();
    expect(log).toHaveLength(SYNC_LOG_LIMIT);
    expect(log[0]).toEqual({ n: SYNC_LOG_LIMIT + 4 });
    expect(log.at(-1)).toEqual({ n: 5 });
  });
});
