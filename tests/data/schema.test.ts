import { beforeEach, describe, expect, it } from 'vitest';
import {
  countUnsyncedRecords,
  deleteRecord,
  exportRawDatabase,
  getRecord,
  listDueRecords,
  listRecords,
  peekOutbox,
  saveRecord,
  type DataError,
} from '../../src/data';
import { encryptJson } from '../../src/data/crypto';
import {
  closeDb,
  DB_NAME,
  getDb,
  JejaringDb,
  LATEST_VERSION,
  SCHEMA_HISTORY,
} from '../../src/data/db';
import { requireKey } from '../../src/data/vault';
import { freshUnlocked } from './helpers';

describe('schema versions', () => {
  beforeEach(freshUnlocked);

  it('keeps data written by schema v1 readable after the upgrade to v2', async () => {
    expect(SCHEMA_HISTORY.map((s) => s.version)).toEqual([1, 2, 3, 4]);
    closeDb();
    // The database exactly as the v1 app wrote it: nextActionDate '' for "none".
    const v1 = new JejaringDb(1);
    await v1.open();
    expect(v1.verno).toBe(1);
    const key = requireKey();
    const rows = [
      { id: '01930000-0000-7000-8000-000000000001', next: '2026-11-01', name: 'Ani' },
      { id: '01930000-0000-7000-8000-000000000002', next: '', name: 'Budi' },
    ];
    for (const r of rows) {
      // Untyped table: a v1 row has no `live` (v3 adds it).
      await v1.table('records').put({
        id: r.id,
        kind: 'referral',
        schemaVersion: 1,
        rev: 2,
        createdAt: '2026-11-01T08:00:00.000+07:00',
        updatedAt: '2026-11-02T08:00:00.000+07:00',
        updatedMs: Date.parse('2026-11-02T08:00:00.000+07:00'),
        deleted: false,
        syncState: 'pending',
        nextActionDate: r.next,
        box: await encryptJson(key, { name: r.name }),
      });
      await v1.outbox.put({ id: r.id, rev: 2, seq: rows.indexOf(r) + 1 });
    }
    v1.close();

    // The current code opens (and upgrades) it, through v2 and v3.
    const db = await getDb();
    expect(db.verno).toBe(LATEST_VERSION);
    expect((await getRecord(rows[0]!.id))?.payload).toEqual({ name: 'Ani' });
    expect(await getRecord(rows[1]!.id)).toMatchObject({ rev: 2, payload: { name: 'Budi' } });
    expect((await db.records.get(rows[1]!.id))?.nextActionDate).toBeUndefined();
    // The v2 index answers the "due" list, and v1's '' is not taken as a date.
    expect((await listDueRecords('2026-11-30')).map((r) => r.id)).toEqual([rows[0]!.id]);
    expect((await listRecords({ kind: 'referral' })).total).toBe(2);
    expect((await peekOutbox({ maxRecords: 10, maxBytes: 1e6 })).map((e) => [e.id, e.rev])).toEqual(
      [
        [rows[0]!.id, 2],
        [rows[1]!.id, 2],
      ],
    );
    const next = await saveRecord({ id: rows[1]!.id, kind: 'referral', payload: { name: 'Budi' } });
    expect(next.rev).toBe(3);
  });

  it('fills `live` for rows written by schema v2, so pages and counts stay right after v3', async () => {
    closeDb();
    const v2 = new JejaringDb(2);
    await v2.open();
    expect(v2.verno).toBe(2);
    const key = requireKey();
    const rows = [
      { id: '01930000-0000-7000-8000-00000000000a', kind: 'migrant', deleted: false, ms: 3 },
      { id: '01930000-0000-7000-8000-00000000000b', kind: 'migrant', deleted: true, ms: 2 },
      { id: '01930000-0000-7000-8000-00000000000c', kind: 'migrant', deleted: false, ms: 1 },
      { id: '01930000-0000-7000-8000-00000000000d', kind: 'referral', deleted: false, ms: 4 },
    ];
    for (const [i, r] of rows.entries()) {
      const updatedAt = `2026-11-0${r.ms}T08:00:00.000+07:00`;
      // Untyped table: a v2 row has no `live`.
      await v2.table('records').put({
        id: r.id,
        kind: r.kind,
        schemaVersion: 1,
        rev: 1,
        createdAt: updatedAt,
        updatedAt,
        updatedMs: Date.parse(updatedAt),
        deleted: r.deleted,
        syncState: i === 3 ? 'synced' : 'pending',
        box: await encryptJson(key, r.deleted ? {} : { name: `n${i}` }),
      });
      if (i !== 3) await v2.outbox.put({ id: r.id, rev: 1, seq: i + 1 });
    }
    v2.close();

    const db = await getDb();
    expect(db.verno).toBe(LATEST_VERSION);
    expect((await db.records.toArray()).map((r) => [r.id, r.live])).toEqual(
      rows.map((r) => [r.id, r.deleted ? 0 : 1]),
    );
    const migrants = await listRecords({ kind: 'migrant' });
    expect(migrants.total).toBe(2);
    expect(migrants.items.map((r) => r.payload)).toEqual([{ name: 'n0' }, { name: 'n2' }]);
    expect((await listRecords({ kind: 'migrant', includeDeleted: true })).total).toBe(3);
    expect((await listRecords({})).items.map((r) => r.id)).toEqual([
      rows[3]!.id,
      rows[0]!.id,
      rows[2]!.id,
    ]);
    expect((await listRecords({ syncState: 'synced' })).total).toBe(1);
    expect((await listRecords({ search: 'n2' })).items.map((r) => r.id)).toEqual([rows[2]!.id]);
    expect(await countUnsyncedRecords()).toBe(3);
    // The outbox continues after the highest queued position.
    const next = await saveRecord({ kind: 'screening', payload: {} });
    expect((await db.outbox.get(next.id))?.seq).toBe(4);
    const deleted = await deleteRecord(rows[0]!.id);
    expect((await db.records.get(deleted.id))?.live).toBe(0);
    expect((await listRecords({ kind: 'migrant' })).total).toBe(1);
  });

  it('moves the sync state of rows written by schema v3 into the outbox (v4)', async () => {
    closeDb();
    const v3 = new JejaringDb(3);
    await v3.open();
    const key = requireKey();
    const updatedAt = '2026-11-02T08:00:00.000+07:00';
    const states = ['pending', 'sending', 'synced', 'rejected'] as const;
    const ids = states.map((_, i) => `01930000-0000-7000-8000-00000000010${i}`);
    for (const [i, state] of states.entries()) {
      await v3.table('records').put({
        id: ids[i],
        kind: 'migrant',
        schemaVersion: 1,
        rev: 2,
        createdAt: updatedAt,
        updatedAt,
        updatedMs: Date.parse(updatedAt) + i,
        deleted: false,
        live: 1,
        syncState: state,
        box: await encryptJson(key, { name: state }),
        ...(state === 'rejected'
          ? { errorBox: await encryptJson(key, { code: 'invalid', message: 'bad' }) }
          : {}),
      });
      // v3 kept outbox rows for queued records only (an older version persisted `sending`).
      if (state === 'pending' || state === 'sending')
        await v3.outbox.put({ id: ids[i], rev: 2, seq: i + 1 });
    }
    v3.close();

    const db = await getDb();
    expect(db.verno).toBe(LATEST_VERSION);
    const shown = await Promise.all(ids.map(async (id) => (await getRecord(id))?.syncState));
    expect(shown).toEqual(['pending', 'pending', 'synced', 'rejected']);
    expect((await getRecord(ids[3]!))?.syncError).toEqual({ code: 'invalid', message: 'bad' });
    expect((await listRecords({ syncState: 'rejected' })).items.map((r) => r.id)).toEqual([ids[3]]);
    expect((await listRecords({ syncState: 'pending' })).items.map((r) => r.id)).toEqual([
      ids[1],
      ids[0],
    ]);
    expect((await listRecords({ syncState: 'synced' })).total).toBe(1);
    // The rejected record waits for an edit, outside the queue; it still counts as unsynced.
    expect((await peekOutbox({ maxRecords: 10, maxBytes: 1e6 })).map((e) => e.id)).toEqual([
      ids[0],
      ids[1],
    ]);
    expect(await countUnsyncedRecords()).toBe(3);
  });

  it('reports a database it cannot open as database_unreadable and can still export it raw', async () => {
    await saveRecord({ kind: 'migrant', payload: { name: 'Rahasia' } });
    closeDb();
    // A newer app version (say, schema 99 that renamed the outbox) left the database behind.
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, 990);
      request.onupgradeneeded = () => {
        const db = request.result;
        db.deleteObjectStore('outbox');
        db.createObjectStore('queue', { keyPath: 'key', autoIncrement: true });
      };
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
      request.onerror = () => reject(request.error);
    });
    let error: DataError | undefined;
    try {
      await getRecord('01930000-0000-7000-8000-000000000001');
    } catch (e) {
      error = e as DataError;
    }
    expect(error?.code).toBe('database_unreadable');

    const raw = JSON.parse(await (await exportRawDatabase()).text()) as {
      format: string;
      databases: Record<string, { version: number; stores: Record<string, { value: unknown }[]> }>;
    };
    expect(raw.format).toBe('jejaring-raw-export');
    const main = raw.databases.jejaring!;
    expect(main.version).toBe(990);
    const record = main.stores.records![0]!.value as { box: { ciphertext: { $base64: string } } };
    expect(record.box.ciphertext.$base64).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const settings = raw.databases['jejaring-settings']!;
    const vault = settings.stores
      .keyval!.map((e) => e.value)
      .find((v) => typeof v === 'object' && v !== null && 'entries' in v) as
      { entries: { wrappedKey: unknown }[] } | undefined;
    expect(vault?.entries[0]?.wrappedKey).toBeDefined();
    expect(JSON.stringify(raw)).not.toContain('Rahasia');
  });
});
