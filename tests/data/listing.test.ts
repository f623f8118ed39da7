// listRecords reads pages through the v3 indexes and searches from the session's text cache:
// what a list reads and decrypts, checked against a plain model of the same records.
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  applyPushResults,
  countUnsyncedRecords,
  deleteRecord,
  getRecord,
  listRecords,
  lockVault,
  markSending,
  saveRecord,
  unlockVault,
  type RecordKind,
  type StoredRecord,
  type SyncState,
} from '../../src/data';
import { getDb } from '../../src/data/db';
import { freshUnlocked, PIN } from './helpers';

const KINDS: RecordKind[] = ['migrant', 'referral', 'screening'];
const STATES: SyncState[] = ['pending', 'sending', 'synced', 'rejected'];

/** Counts AES-GCM decryptions (payloads, rejection reasons) from now on. */
function countDecryptions(): { readonly count: number } {
  const spy = vi.spyOn(crypto.subtle, 'decrypt');
  return {
    get count() {
      return spy.mock.calls.length;
    },
  };
}

/**
 * The same list worked out from every stored record the slow way (read, filter, sort). The state
 * is the one getRecord shows: an in-flight mark lives in memory, not in the row.
 */
async function modelList(q: {
  kind?: RecordKind;
  syncState?: SyncState;
  includeDeleted?: boolean;
}): Promise<string[]> {
  const db = await getDb();
  const all = await db.records.toArray();
  const states = await Promise.all(all.map(async (r) => (await getRecord(r.id))?.syncState));
  const rows = all.filter(
    (r, i) =>
      (q.includeDeleted || !r.deleted) &&
      (!q.kind || r.kind === q.kind) &&
      (!q.syncState || states[i] === q.syncState),
  );
  rows.sort(
    (a, b) =>
      b.updatedMs - a.updatedMs || b.rev - a.rev || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
  );
  return rows.map((r) => r.id);
}

describe('listing through the indexes', () => {
  beforeEach(freshUnlocked);
  afterEach(() => vi.restoreAllMocks());

  it('decrypts only the page it returns, and counts without reading payloads', async () => {
    for (let i = 0; i < 30; i++) await saveRecord({ kind: 'migrant', payload: { i } });
    await saveRecord({ kind: 'referral', payload: { other: true } });
    // A new session: the payload cache is empty.
    lockVault();
    await unlockVault(PIN);
    const decryptions = countDecryptions();
    const page = await listRecords({ kind: 'migrant', offset: 5, limit: 10 });
    expect(page.total).toBe(30);
    expect(page.items.map((r) => r.payload.i)).toEqual([24, 23, 22, 21, 20, 19, 18, 17, 16, 15]);
    expect(decryptions.count).toBe(10);
  });

  it('leaves tombstones out of pages and totals, and keeps sync-state filters exact', async () => {
    const saved: StoredRecord[] = [];
    for (let i = 0; i < 8; i++) {
      saved.push(await saveRecord({ kind: i % 2 ? 'migrant' : 'referral', payload: { i } }));
    }
    await deleteRecord(saved[1]!.id);
    await deleteRecord(saved[2]!.id);
    await markSending(saved.slice(3, 6).map((r) => ({ id: r.id, rev: r.rev })));
    await applyPushResults([
      { id: saved[3]!.id, rev: 1, status: 'stored' },
      { id: saved[4]!.id, rev: 1, status: 'rejected', error: { code: 'invalid', message: 'x' } },
    ]);
    expect((await listRecords({})).total).toBe(6);
    expect((await listRecords({ kind: 'migrant' })).total).toBe(3);
    expect((await listRecords({ kind: 'migrant', includeDeleted: true })).total).toBe(4);
    expect((await listRecords({ syncState: 'synced' })).items.map((r) => r.id)).toEqual([
      saved[3]!.id,
    ]);
    expect((await listRecords({ syncState: 'rejected', kind: 'referral' })).items).toEqual([
      expect.objectContaining({ id: saved[4]!.id, syncError: { code: 'invalid', message: 'x' } }),
    ]);
    expect((await listRecords({ syncState: 'sending' })).total).toBe(1);
    // Tombstones not yet sent are unsynced changes too.
    expect(await countUnsyncedRecords()).toBe(7);
    for (const q of [{}, { kind: 'referral' as const }, { syncState: 'pending' as const }]) {
      expect((await listRecords(q)).items.map((r) => r.id)).toEqual(await modelList(q));
    }
  });

  it('pages like the plain model for any saves, deletes, sync results and query', async () => {
    const op = fc.oneof(
      fc.record({ t: fc.constant('save' as const), kind: fc.constantFrom(...KINDS) }),
      fc.record({ t: fc.constant('edit' as const), at: fc.nat() }),
      fc.record({ t: fc.constant('delete' as const), at: fc.nat() }),
      fc.record({ t: fc.constant('sent' as const), at: fc.nat() }),
      fc.record({ t: fc.constant('ack' as const), at: fc.nat(), reject: fc.boolean() }),
    );
    const query = fc.record({
      kind: fc.option(fc.constantFrom(...KINDS), { nil: undefined }),
      syncState: fc.option(fc.constantFrom(...STATES), { nil: undefined }),
      includeDeleted: fc.boolean(),
      offset: fc.nat({ max: 6 }),
      limit: fc.option(fc.nat({ max: 6 }), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { minLength: 1, maxLength: 14 }),
        fc.array(query, { minLength: 1, maxLength: 4 }),
        async (ops, queries) => {
          await freshUnlocked();
          const ids: string[] = [];
          for (const o of ops) {
            if (o.t === 'save') {
              ids.push((await saveRecord({ kind: o.kind, payload: { n: ids.length } })).id);
              continue;
            }
            if (ids.length === 0) continue;
            const db = await getDb();
            const row = (await db.records.get(ids[o.at % ids.length]!))!;
            if (o.t === 'edit' && !row.deleted) {
              await saveRecord({ id: row.id, kind: row.kind, payload: { edited: row.rev } });
            } else if (o.t === 'delete') {
              await deleteRecord(row.id);
            } else if (o.t === 'sent') {
              await markSending([{ id: row.id, rev: row.rev }]);
            } else if (o.t === 'ack') {
              await applyPushResults([
                o.reject
                  ? { id: row.id, rev: row.rev, status: 'rejected' }
                  : { id: row.id, rev: row.rev, status: 'stored' },
              ]);
            }
          }
          for (const q of queries) {
            const expected = await modelList(q);
            const got = await listRecords(q);
            expect(got.total).toBe(expected.length);
            const end = q.limit === undefined ? undefined : q.offset + q.limit;
            expect(got.items.map((r) => r.id)).toEqual(expected.slice(q.offset, end));
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('search with the session text cache', () => {
  beforeEach(freshUnlocked);
  afterEach(() => vi.restoreAllMocks());

  it('decrypts each record once per session; a later search decrypts nothing', async () => {
    const names = ['Dewi', 'Budi', 'Sari', 'Dewi Ayu', 'Joko', 'dewi kecil'];
    for (const name of names) await saveRecord({ kind: 'migrant', payload: { name } });
    lockVault();
    await unlockVault(PIN);
    const decryptions = countDecryptions();
    const first = await listRecords({ kind: 'migrant', search: 'dewi' });
    expect(first.items.map((r) => r.payload.name)).toEqual(['dewi kecil', 'Dewi Ayu', 'Dewi']);
    expect(decryptions.count).toBe(names.length);
    const again = await listRecords({ kind: 'migrant', search: 'DEWI', offset: 1, limit: 1 });
    expect(again).toMatchObject({ total: 3, items: [{ payload: { name: 'Dewi Ayu' } }] });
    expect(decryptions.count).toBe(names.length);
  });

  it('finds a record by its new text after an edit, never by its old text', async () => {
    // Enough other records that a later search reads only the edited one (not the whole range).
    for (let i = 0; i < 12; i++) await saveRecord({ kind: 'referral', payload: { name: `r${i}` } });
    const r = await saveRecord({ kind: 'referral', payload: { name: 'Lama' } });
    expect((await listRecords({ search: 'lama' })).total).toBe(1);
    const db = await getDb();
    const bulkGet = vi.spyOn(db.records, 'bulkGet');
    await saveRecord({ id: r.id, kind: 'referral', payload: { name: 'Baru' } });
    expect((await listRecords({ search: 'lama' })).total).toBe(0);
    // Only the edited record was read to refresh its text (then the one-row page).
    expect(bulkGet.mock.calls[0]![0]).toEqual([r.id]);
    expect((await listRecords({ kind: 'referral', search: 'baru' })).items[0]).toMatchObject({
      id: r.id,
      rev: 2,
    });
    await deleteRecord(r.id);
    expect((await listRecords({ search: 'baru' })).total).toBe(0);
  });

  it('keeps the text of each search function apart, and forgets all of it on lock', async () => {
    await saveRecord({ kind: 'migrant', payload: { name: 'Ani', village: 'Sukamaju' } });
    const byName = (x: StoredRecord) => String(x.payload.name);
    const byVillage = (x: StoredRecord) => String(x.payload.village);
    expect((await listRecords({ search: 'suka', searchText: byName })).total).toBe(0);
    expect((await listRecords({ search: 'suka', searchText: byVillage })).total).toBe(1);
    lockVault();
    await unlockVault(PIN);
    const decryptions = countDecryptions();
    expect((await listRecords({ search: 'ani', searchText: byName })).total).toBe(1);
    // The cache was emptied on lock: the payload had to be decrypted again.
    expect(decryptions.count).toBe(1);
  });
});
