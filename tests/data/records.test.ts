import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  appendSyncLog,
  applyPushResults,
  countOutbox,
  deleteRecord,
  getDraft,
  getRecord,
  listDueRecords,
  listRecords,
  lockVault,
  peekOutbox,
  saveDraft,
  saveEnrollment,
  saveLocalContact,
  saveProfile,
  saveRecord,
  unlockVault,
  type DataError,
} from '../../src/data';
import { getDb } from '../../src/data/db';
import { exposedText, freshUnlocked, PIN, readAllRawValues } from './helpers';

const NAME = 'Siti Nurhaliza Zx7';
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/;

async function caught(p: Promise<unknown>): Promise<DataError> {
  try {
    await p;
  } catch (e) {
    return e as DataError;
  }
  throw new Error('expected a rejection');
}

describe('records', () => {
  beforeEach(freshUnlocked);
  afterEach(() => vi.restoreAllMocks());

  it('saves a new record as rev 1 with ISO timestamps that keep the offset', async () => {
    const r = await saveRecord({ kind: 'migrant', payload: { name: 'A', age: 30 } });
    expect(r.rev).toBe(1);
    expect(r.syncState).toBe('pending');
    expect(r.deleted).toBe(false);
    expect(r.schemaVersion).toBe(1);
    expect(r.createdAt).toMatch(ISO_WITH_OFFSET);
    expect(r.updatedAt).toBe(r.createdAt);
    expect(Date.parse(r.createdAt)).not.toBeNaN();
    expect(await getRecord(r.id)).toEqual(r);
  });

  it('bumps rev on each save, keeps createdAt, and the outbox keeps only the latest rev', async () => {
    const first = await saveRecord({ kind: 'household_visit', payload: { v: 1 } });
    const second = await saveRecord({ id: first.id, kind: 'household_visit', payload: { v: 2 } });
    const third = await saveRecord({ id: first.id, kind: 'household_visit', payload: { v: 3 } });
    expect([first.rev, second.rev, third.rev]).toEqual([1, 2, 3]);
    expect(third.createdAt).toBe(first.createdAt);
    expect(await countOutbox()).toBe(1);
    const queued = await peekOutbox({ maxRecords: 10, maxBytes: 1_000_000 });
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ id: first.id, rev: 3, payload: { v: 3 } });
  });

  it('deletes as a tombstone with a new rev, queued for sync', async () => {
    const r = await saveRecord({
      kind: 'referral',
      payload: { to: 'P2TP2A' },
      nextActionDate: '2026-12-01',
    });
    const t = await deleteRecord(r.id);
    expect(t).toMatchObject({ id: r.id, rev: 2, deleted: true, payload: {}, syncState: 'pending' });
    expect(t.nextActionDate).toBeUndefined();
    const queued = await peekOutbox({ maxRecords: 10, maxBytes: 1_000_000 });
    expect(queued[0]).toMatchObject({ id: r.id, rev: 2, deleted: true, payload: {} });
    expect((await listRecords({})).total).toBe(0);
    expect((await listRecords({ includeDeleted: true })).total).toBe(1);
    expect((await deleteRecord(r.id)).rev).toBe(2); // deleting again adds no revision
    expect((await caught(deleteRecord('0192f1a6-0000-7000-8000-000000000000'))).code).toBe(
      'not_found',
    );
  });

  it('lists newest first with kind, sync state, search and paging', async () => {
    const a = await saveRecord({
      kind: 'migrant',
      payload: { name: 'Dewi Lestari', village: 'Sukamaju' },
    });
    const b = await saveRecord({
      kind: 'migrant',
      payload: { name: 'Budi Santoso', village: 'Cibodas' },
    });
    const c = await saveRecord({ kind: 'screening', payload: { name: 'Dewi Sartika' } });
    await applyPushResults([{ id: b.id, rev: 1, status: 'stored' }]);

    const all = await listRecords({});
    expect(all.total).toBe(3);
    expect(all.items.map((r) => r.id)).toEqual([c.id, b.id, a.id]);
    expect((await listRecords({ kind: 'migrant' })).items.map((r) => r.id)).toEqual([b.id, a.id]);
    expect((await listRecords({ syncState: 'synced' })).items.map((r) => r.id)).toEqual([b.id]);
    // Case- and accent-insensitive; all words must match.
    expect((await listRecords({ search: 'dÉwi' })).items.map((r) => r.id)).toEqual([c.id, a.id]);
    expect((await listRecords({ search: 'dewi suka' })).items.map((r) => r.id)).toEqual([a.id]);
    const byVillage = await listRecords({
      search: 'cibodas',
      searchText: (r) => String(r.payload.village ?? ''),
    });
    expect(byVillage.items.map((r) => r.id)).toEqual([b.id]);
    const page = await listRecords({ offset: 1, limit: 1 });
    expect(page).toMatchObject({ total: 3 });
    expect(page.items.map((r) => r.id)).toEqual([b.id]);
  });

  it('returns copies: changing a returned payload changes nothing stored', async () => {
    const r = await saveRecord({ kind: 'migrant', payload: { name: 'A' } });
    const got = await getRecord(r.id);
    got!.payload.name = 'changed';
    (await listRecords({})).items[0]!.payload.name = 'changed';
    expect((await getRecord(r.id))?.payload).toEqual({ name: 'A' });
  });

  it('lists due records (nextActionDate <= today), newest date first, without tombstones', async () => {
    const early = await saveRecord({ kind: 'referral', payload: {}, nextActionDate: '2026-11-20' });
    const today = await saveRecord({ kind: 'referral', payload: {}, nextActionDate: '2026-11-30' });
    await saveRecord({ kind: 'referral', payload: {}, nextActionDate: '2026-12-05' });
    await saveRecord({ kind: 'referral', payload: {} });
    const gone = await saveRecord({ kind: 'referral', payload: {}, nextActionDate: '2026-11-01' });
    await deleteRecord(gone.id);
    const due = await listDueRecords('2026-11-30');
    expect(due.map((r) => r.id)).toEqual([today.id, early.id]);
    // With a later `until`, the coming ones up to it join (Beranda's week ahead).
    const week = await listDueRecords('2026-11-30', '2026-12-07');
    expect(week).toHaveLength(3);
    expect(week[0]?.nextActionDate).toBe('2026-12-05');
    expect(await listDueRecords('2026-11-30', '2026-11-01')).toHaveLength(2);
    await expect(saveRecord({ kind: 'referral', payload: {}, id: 'r1' })).rejects.toThrow(
      TypeError,
    );
    await expect(
      saveRecord({ kind: 'referral', payload: {}, nextActionDate: '30/11/2026' }),
    ).rejects.toThrow(TypeError);
  });

  it('writes record and outbox in one transaction: a failed outbox write leaves no record', async () => {
    const db = await getDb();
    const kept = await saveRecord({ kind: 'migrant', payload: { v: 1 } });
    vi.spyOn(db.outbox, 'put').mockRejectedValue(new Error('outbox write failed'));
    await expect(saveRecord({ kind: 'migrant', payload: { v: 'new' } })).rejects.toThrow(
      'outbox write failed',
    );
    await expect(saveRecord({ id: kept.id, kind: 'migrant', payload: { v: 2 } })).rejects.toThrow(
      'outbox write failed',
    );
    vi.restoreAllMocks();
    expect(await db.records.count()).toBe(1);
    expect((await getRecord(kept.id))?.rev).toBe(1);
    expect((await getRecord(kept.id))?.payload).toEqual({ v: 1 });
    const queued = await peekOutbox({ maxRecords: 10, maxBytes: 1_000_000 });
    expect(queued.map((e) => [e.id, e.rev])).toEqual([[kept.id, 1]]);
  });

  it('maps QuotaExceededError to quota_exceeded, and the draft stays', async () => {
    await saveDraft({
      id: 'd1',
      kind: 'migrant',
      payload: { name: 'draft v1' },
      updatedAt: '2026-11-30T09:00:00+07:00',
    });
    const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const onSave = await caught(saveRecord({ kind: 'migrant', payload: { name: 'x' } }));
    expect(onSave.code).toBe('quota_exceeded');
    const onDraft = await caught(
      saveDraft({
        id: 'd1',
        kind: 'migrant',
        payload: { name: 'draft v2' },
        updatedAt: '2026-11-30T09:01:00+07:00',
      }),
    );
    expect(onDraft.code).toBe('quota_exceeded');
    expect(put).toHaveBeenCalled();
    put.mockRestore();
    expect((await getDraft('d1'))?.payload).toEqual({ name: 'draft v1' });
    expect(await countOutbox()).toBe(0);
  });

  it('reports damaged ciphertext as decryption_failed', async () => {
    const r = await saveRecord({ kind: 'migrant', payload: { name: 'A' } });
    const db = await getDb();
    const row = (await db.records.get(r.id))!;
    const bytes = new Uint8Array(row.box.ciphertext.slice(0));
    bytes[0] = bytes[0]! ^ 0xff;
    await db.records.put({ ...row, box: { iv: row.box.iv, ciphertext: bytes.buffer } });
    lockVault(); // drops the session cache of decrypted payloads
    await unlockVault(PIN);
    expect((await caught(getRecord(r.id))).code).toBe('decryption_failed');
    expect((await caught(listRecords({ search: 'a' }))).code).toBe('decryption_failed');
  });

  it('leaves no plaintext in IndexedDB (records, drafts, profile, contacts, enrollment, log)', async () => {
    const r = await saveRecord({
      kind: 'migrant',
      payload: { name: NAME, phone: '0812-5555-7777', destination: { country: 'Malaysia' } },
      nextActionDate: '2026-12-01',
    });
    await saveRecord({
      id: r.id,
      kind: 'migrant',
      payload: { name: NAME, note: `${NAME} again` },
      nextActionDate: '2026-12-01',
    });
    await saveDraft({
      id: 'draft-1',
      kind: 'screening',
      payload: { name: NAME },
      section: 'identity',
      updatedAt: r.updatedAt,
    });
    await saveProfile({ name: NAME, role: 'kader' });
    await saveLocalContact({ id: 'c1', name: NAME, phone: '0812' });
    await saveEnrollment({
      serverUrl: 'https://example.org',
      deviceId: 'dev-1',
      token: `token-${NAME}`,
    });
    await applyPushResults([
      {
        id: r.id,
        rev: 2,
        status: 'rejected',
        error: { code: 'invalid', message: `name ${NAME} too long` },
      },
    ]);
    await appendSyncLog({ at: r.updatedAt, pushed: 1, note: NAME });

    const values = await readAllRawValues();
    const text = values.map((v) => exposedText(v.value)).join('\n');
    // The scan does see what is stored in clear (so its silence below means something).
    expect(text).toContain(r.id);
    expect(text).toContain('2026-12-01');
    const stores = new Set(values.map((v) => `${v.db}/${v.store}`));
    for (const s of [
      'jejaring/records',
      'jejaring/drafts',
      'jejaring/contacts',
      'jejaring/syncLog',
      'jejaring-settings/keyval',
    ]) {
      expect(stores).toContain(s);
    }
    for (const secret of [
      NAME,
      'Siti',
      'Zx7',
      'Nurhaliza',
      '0812-5555-7777',
      'Malaysia',
      'token-',
      'kader',
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});
