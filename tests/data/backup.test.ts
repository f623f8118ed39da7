import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  applyPushResults,
  createVault,
  deleteRecord,
  exportBackup,
  getRecord,
  importBackup,
  listRecords,
  onOutboxChange,
  peekOutbox,
  saveRecord,
  wipeAllLocalData,
  type DataError,
  type StoredRecord,
} from '../../src/data';
import { freshUnlocked, PIN } from './helpers';

const PASS = 'kunci rahasia 2026';
const BIG = { maxRecords: 200, maxBytes: 1e6 };

async function caught(p: Promise<unknown>): Promise<DataError> {
  try {
    await p;
  } catch (e) {
    return e as DataError;
  }
  throw new Error('expected a rejection');
}

async function allRecords(): Promise<StoredRecord[]> {
  return (await listRecords({ includeDeleted: true })).items.sort((a, b) => (a.id < b.id ? -1 : 1));
}

describe('backup', () => {
  beforeEach(freshUnlocked);

  it('round-trips to a fresh database keeping ids, revs and timestamps, queueing every record', async () => {
    const synced = await saveRecord({
      kind: 'migrant',
      payload: { name: 'Ani' },
      nextActionDate: '2026-12-01',
    });
    const twice = await saveRecord({ kind: 'screening', payload: { v: 1 } });
    await saveRecord({ id: twice.id, kind: 'screening', payload: { v: 2 } });
    const rejected = await saveRecord({ kind: 'referral', payload: { to: '' } });
    const gone = await saveRecord({ kind: 'migrant', payload: { name: 'x' } });
    await saveRecord({ kind: 'migrant', payload: { name: 'y' } });
    await applyPushResults([
      { id: synced.id, rev: 1, status: 'stored' },
      {
        id: rejected.id,
        rev: 1,
        status: 'rejected',
        error: { code: 'invalid', message: 'to is required' },
      },
    ]);
    await deleteRecord(gone.id);
    const before = await allRecords();

    const file = await exportBackup(PASS);
    const text = await file.text();
    expect(JSON.parse(text)).toMatchObject({ format: 'jejaring-backup', version: 1 });
    expect(text).not.toContain('Ani');

    await wipeAllLocalData();
    await createVault('135790');
    let outboxEvents = 0;
    const off = onOutboxChange(() => outboxEvents++);
    expect(await importBackup(file, PASS)).toEqual({ imported: before.length, skipped: 0 });
    off();
    expect(outboxEvents).toBe(1);
    const after = await allRecords();
    expect(
      after.map((r) => [
        r.id,
        r.rev,
        r.createdAt,
        r.updatedAt,
        r.deleted,
        r.payload,
        r.nextActionDate,
      ]),
    ).toEqual(
      before.map((r) => [
        r.id,
        r.rev,
        r.createdAt,
        r.updatedAt,
        r.deleted,
        r.payload,
        r.nextActionDate,
      ]),
    );
    // Everything is queued again, even what the file says was synced: the server may hold a
    // newer rev made after the backup, and only its answer makes a version synced.
    expect(after.find((r) => r.id === synced.id)?.syncState).toBe('pending');
    const queued = new Map((await peekOutbox(BIG)).map((e) => [e.id, e.rev]));
    expect(queued.get(synced.id)).toBe(1);
    expect(queued.get(twice.id)).toBe(2);
    expect(queued.get(rejected.id)).toBe(1);
    expect(queued.get(gone.id)).toBe(2);
    expect(queued.size).toBe(before.length);

    // Importing the same file again changes nothing.
    expect(await importBackup(file, PASS)).toEqual({ imported: 0, skipped: before.length });
    expect(await allRecords()).toEqual(after);
  });

  it('replaces a record only when the backup has a higher rev', async () => {
    const r = await saveRecord({ kind: 'migrant', payload: { v: 1 } });
    await saveRecord({ id: r.id, kind: 'migrant', payload: { v: 2 } });
    const older = await saveRecord({ kind: 'migrant', payload: { w: 1 } });
    const file = await exportBackup(PASS);
    await saveRecord({ id: older.id, kind: 'migrant', payload: { w: 2 } }); // local is newer now
    await wipeAllLocalData();
    await createVault(PIN);
    await saveRecord({ id: r.id, kind: 'migrant', payload: { v: 'local 1' } });
    await applyPushResults([{ id: r.id, rev: 1, status: 'stored' }]);
    expect(await importBackup(file, PASS)).toEqual({ imported: 2, skipped: 0 });
    expect(await getRecord(r.id)).toMatchObject({
      rev: 2,
      payload: { v: 2 },
      syncState: 'pending',
    });
    expect((await peekOutbox(BIG)).find((e) => e.id === r.id)?.rev).toBe(2);
  });

  it('refuses a short passphrase, a wrong passphrase and files that are not backups', async () => {
    await saveRecord({ kind: 'migrant', payload: { v: 1 } });
    expect((await caught(exportBackup('1234567'))).code).toBe('passphrase_too_short');
    const file = await exportBackup(PASS);
    expect((await caught(importBackup(file, 'wrong passphrase'))).code).toBe(
      'backup_wrong_passphrase',
    );
    const notJson = new Blob(['hello'], { type: 'text/plain' });
    expect((await caught(importBackup(notJson, PASS))).code).toBe('backup_invalid');
    const other = new Blob([JSON.stringify({ format: 'something-else', version: 1 })]);
    expect((await caught(importBackup(other, PASS))).code).toBe('backup_invalid');
    const tampered = JSON.parse(await file.text()) as { ciphertext: string };
    // Change the first character (to a different one, so the file really is damaged).
    tampered.ciphertext = `${tampered.ciphertext.startsWith('A') ? 'B' : 'A'}${tampered.ciphertext.slice(1)}`;
    const damaged = new Blob([JSON.stringify(tampered)]);
    expect(['backup_wrong_passphrase', 'backup_invalid']).toContain(
      (await caught(importBackup(damaged, PASS))).code,
    );
    expect((await listRecords({})).total).toBe(1);
  });

  it('never lets untrusted files through as anything but a clear DataError', async () => {
    const base = JSON.parse(await (await exportBackup(PASS)).text()) as Record<string, unknown>;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc
            .record({
              format: fc.constantFrom('jejaring-backup', 'x'),
              version: fc.oneof(fc.constant(1), fc.integer()),
              salt: fc.oneof(fc.constant(base.salt), fc.string()),
              iterations: fc.oneof(
                fc.constant(base.iterations),
                fc.integer({ min: -10, max: 2000 }),
                fc.double(),
              ),
              iv: fc.oneof(fc.constant(base.iv), fc.base64String()),
              ciphertext: fc.oneof(fc.constant(base.ciphertext), fc.base64String(), fc.string()),
            })
            .map((o) => JSON.stringify(o)),
        ),
        async (content) => {
          try {
            await importBackup(new Blob([content]), 'other passphrase');
            throw new Error('an untrusted file was accepted');
          } catch (e) {
            expect(['backup_invalid', 'backup_wrong_passphrase']).toContain((e as DataError).code);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
