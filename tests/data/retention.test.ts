// The retention sweep (issue 11 §6) on Dexie: a confirmed sensitive record past the period keeps
// only its summary (the full payload is gone from every store), while anything the server has
// not acknowledged, anything unconfirmed and other kinds stay whole; drafts expire by last edit.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  applyFeedPage,
  applyPushResults,
  exportBackup,
  getRecord,
  getRetentionDays,
  listDrafts,
  listRecords,
  lockVault,
  saveDraft,
  saveRecord,
  setRetentionDays,
  sweepRetention,
  unlockVault,
} from '../../src/data';
import type { FeedItem } from '../../src/domain/contract';
import { exposedText, freshUnlocked, PIN, readAllRawValues } from './helpers';

const SECRET = 'Dibawa calo bernama Pak Darmowiyono';
const DAY = 24 * 3600_000;
const T0 = Date.parse('2026-12-02T09:00:00+07:00');

function screening(initials = 'S.R.'): Record<string, unknown> {
  return {
    screenedOn: '2026-12-02',
    consent: 'agreed',
    subjectInitials: initials,
    subjectAgeGroup: 'adult',
    subjectSex: 'female',
    placeMet: 'after_return',
    immediateDanger: false,
    situation: SECRET,
  };
}

let seq = 0;
async function review(recordId: string, rev: number, state: string, at: number): Promise<void> {
  seq += 1;
  const item = {
    seq,
    type: 'review',
    recordId,
    rev,
    state,
    at: new Date(at).toISOString(),
  } as FeedItem;
  await applyFeedPage([item], `c${seq}`);
}

async function acknowledged(
  kind: 'screening' | 'referral' | 'household_visit',
  payload = screening(),
) {
  const r = await saveRecord({ kind, payload });
  await applyPushResults([{ id: r.id, rev: r.rev, status: 'stored' }]);
  return r;
}

/** The ciphertext of a record's row, as text (to look for it anywhere afterwards). */
async function ciphertextOf(id: string): Promise<string> {
  const row = (await readAllRawValues()).find(
    ({ store, value }) => store === 'records' && (value as { id?: string }).id === id,
  );
  return exposedText((row?.value as { box: { ciphertext: unknown } }).box.ciphertext);
}

/** Whether any value of any store of any database holds `text`. */
async function anywhere(text: string): Promise<boolean> {
  return (await readAllRawValues()).some(({ value }) => exposedText(value).includes(text));
}

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'], now: T0 });
  seq = 0;
  await freshUnlocked();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('retention sweep', () => {
  it('keeps only the summary of a confirmed screening once the period has passed', async () => {
    const r = await acknowledged('screening');
    const full = await ciphertextOf(r.id);
    expect(full.length).toBeGreaterThan(100);
    expect(await anywhere(full)).toBe(true);
    await review(r.id, 1, 'received', T0);
    // Within the period nothing changes.
    vi.setSystemTime(T0 + 29 * DAY);
    expect(await sweepRetention()).toEqual({ records: 0, drafts: 0 });
    expect((await getRecord(r.id))?.payload['situation']).toBe(SECRET);

    vi.setSystemTime(T0 + 30 * DAY);
    expect(await sweepRetention()).toEqual({ records: 1, drafts: 0 });
    const kept = await getRecord(r.id);
    expect(kept?.payload).toEqual({ subjectInitials: 'S.R.', screenedOn: '2026-12-02' });
    expect(kept?.retained).toEqual({ at: expect.any(String), days: 30 });
    expect(kept?.rev).toBe(1);
    // Still listed; the full ciphertext is nowhere in IndexedDB, the kept one is much smaller.
    const list = await listRecords({ kind: 'screening' });
    expect(list.items.map((i) => i.id)).toEqual([r.id]);
    expect(await anywhere(full)).toBe(false);
    expect((await ciphertextOf(r.id)).length).toBeLessThan(full.length / 2);
    // After a lock and unlock (fresh caches) the full content is not there to decrypt either.
    lockVault();
    await unlockVault(PIN);
    expect((await getRecord(r.id))?.payload['situation']).toBeUndefined();
    // A second sweep changes nothing; an edit of the summary is refused.
    expect((await sweepRetention()).records).toBe(0);
    await expect(
      saveRecord({ kind: 'screening', id: r.id, payload: screening() }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it('counts from the first confirmation, not from later answers', async () => {
    const r = await acknowledged('screening');
    await review(r.id, 1, 'received', T0);
    await review(r.id, 1, 'in_follow_up', T0 + 20 * DAY);
    vi.setSystemTime(T0 + 30 * DAY);
    expect((await sweepRetention()).records).toBe(1);
  });

  it('runs after a feed page is applied', async () => {
    const r = await acknowledged('referral', {
      referredOn: '2026-12-02',
      targets: ['uptd_ppa'],
      reason: SECRET,
    });
    vi.setSystemTime(T0 + 31 * DAY);
    await review(r.id, 1, 'referred', T0);
    expect((await getRecord(r.id))?.payload).toEqual({
      referredOn: '2026-12-02',
      targets: ['uptd_ppa'],
    });
  });

  it('runs again after a lock and unlock (the app sweeps at every unlock)', async () => {
    const r = await acknowledged('screening');
    await setRetentionDays(7);
    await review(r.id, 1, 'closed', T0);
    lockVault();
    vi.setSystemTime(T0 + 8 * DAY);
    await unlockVault(PIN);
    expect((await sweepRetention()).records).toBe(1);
    expect((await getRecord(r.id))?.retained).toEqual({ at: expect.any(String), days: 7 });
  });

  it('leaves whole what is unconfirmed, asked to be corrected, unacknowledged or another kind', async () => {
    const unconfirmed = await acknowledged('screening', screening('A.A.'));
    const correction = await acknowledged('screening', screening('B.B.'));
    await review(correction.id, 1, 'needs_correction', T0);
    const visit = await acknowledged('household_visit', { householdName: SECRET });
    await review(visit.id, 1, 'received', T0);
    // Confirmed at rev 1, then edited: rev 2 waits in the outbox (not acknowledged).
    const edited = await acknowledged('screening', screening('C.C.'));
    await review(edited.id, 1, 'received', T0);
    await saveRecord({ kind: 'screening', id: edited.id, payload: screening('C.C.') });
    // Sent but rejected: stays in the outbox too.
    const rejected = await saveRecord({ kind: 'screening', payload: screening('D.D.') });
    await applyPushResults([
      { id: rejected.id, rev: 1, status: 'rejected', error: { code: 'validation', message: 'x' } },
    ]);
    await review(rejected.id, 1, 'received', T0);

    vi.setSystemTime(T0 + 365 * DAY);
    expect((await sweepRetention()).records).toBe(0);
    for (const r of [unconfirmed, correction, edited, rejected]) {
      const now = await getRecord(r.id);
      expect(now?.retained).toBeUndefined();
      expect(now?.payload['situation']).toBe(SECRET);
    }
    expect((await getRecord(visit.id))?.payload['householdName']).toBe(SECRET);
  });

  it('expires drafts of the sensitive kinds after the period since their last edit', async () => {
    await saveDraft({
      id: 'd-screening',
      kind: 'screening',
      payload: screening(),
      updatedAt: new Date(T0).toISOString(),
    });
    await saveDraft({
      id: 'd-recent',
      kind: 'psychosocial_support',
      payload: { subjectInitials: 'X' },
      updatedAt: new Date(T0 + 10 * DAY).toISOString(),
    });
    await saveDraft({
      id: 'd-visit',
      kind: 'household_visit',
      payload: { householdName: SECRET },
      updatedAt: new Date(T0).toISOString(),
    });
    vi.setSystemTime(T0 + 30 * DAY);
    expect(await sweepRetention()).toEqual({ records: 0, drafts: 1 });
    expect((await listDrafts()).map((d) => d.id).sort()).toEqual(['d-recent', 'd-visit']);
  });

  it('a retained record is left out of backups; the period is a choice, 30 days by default', async () => {
    expect(await getRetentionDays()).toBe(30);
    await expect(setRetentionDays(12)).rejects.toThrow(TypeError);
    await setRetentionDays(90);
    expect(await getRetentionDays()).toBe(90);
    await setRetentionDays(7);
    const r = await acknowledged('screening');
    const other = await acknowledged('screening', screening('Z.Z.'));
    await review(r.id, 1, 'received', T0);
    vi.setSystemTime(T0 + 7 * DAY);
    expect((await sweepRetention()).records).toBe(1);
    const file = await exportBackup('kuda-laut-merah-jambu-27');
    expect(file.size).toBeGreaterThan(0);
    expect((await getRecord(other.id))?.retained).toBeUndefined();
  });
});
