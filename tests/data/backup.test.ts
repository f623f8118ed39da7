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
import { RECORD_KIND_DECLARATIONS, validateRecordPayload, type RecordKind } from '../../src/domain';
import { MAX_BACKUP_REV } from '../../src/data/backup';
import { bytesToBase64, deriveKey, encryptJson, toBytes } from '../../src/data/crypto';
import { freshUnlocked, PIN } from './helpers';

const PASS = 'kebun jeruk nenek merapi 2026';

/** A valid payload of `kind` (its declared example), changed where `name`-like fields allow. */
function valid(kind: RecordKind, change: Record<string, unknown> = {}): Record<string, unknown> {
  const example = structuredClone(RECORD_KIND_DECLARATIONS[kind].examples[0]) as Record<
    string,
    unknown
  >;
  return { ...example, ...change };
}
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
      payload: valid('migrant', { name: 'Ani Lestari' }),
      nextActionDate: '2026-12-01',
    });
    const twice = await saveRecord({ kind: 'screening', payload: valid('screening') });
    await saveRecord({
      id: twice.id,
      kind: 'screening',
      payload: valid('screening', { subjectInitials: 'S.W.' }),
    });
    const rejected = await saveRecord({ kind: 'referral', payload: valid('referral') });
    const gone = await saveRecord({ kind: 'migrant', payload: valid('migrant', { name: 'Wati' }) });
    await saveRecord({ kind: 'migrant', payload: valid('migrant', { name: 'Yanti' }) });
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
    expect(text).not.toContain('Ani Lestari');

    await wipeAllLocalData();
    await createVault('135790');
    let outboxEvents = 0;
    const off = onOutboxChange(() => outboxEvents++);
    expect(await importBackup(file, PASS)).toEqual({
      imported: before.length,
      skipped: 0,
      refusedCount: 0,
      refused: [],
    });
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
    expect(await importBackup(file, PASS)).toMatchObject({
      imported: 0,
      skipped: before.length,
      refusedCount: 0,
    });
    expect(await allRecords()).toEqual(after);
  });

  it('replaces a record only when the backup has a higher rev', async () => {
    const r = await saveRecord({ kind: 'migrant', payload: valid('migrant', { name: 'Satu' }) });
    await saveRecord({ id: r.id, kind: 'migrant', payload: valid('migrant', { name: 'Dua' }) });
    const older = await saveRecord({ kind: 'migrant', payload: valid('migrant') });
    const file = await exportBackup(PASS);
    // Local is newer now.
    await saveRecord({
      id: older.id,
      kind: 'migrant',
      payload: valid('migrant', { name: 'Baru' }),
    });
    await wipeAllLocalData();
    await createVault(PIN);
    await saveRecord({ id: r.id, kind: 'migrant', payload: valid('migrant', { name: 'Lokal' }) });
    await applyPushResults([{ id: r.id, rev: 1, status: 'stored' }]);
    expect(await importBackup(file, PASS)).toMatchObject({ imported: 2, skipped: 0 });
    expect(await getRecord(r.id)).toMatchObject({
      rev: 2,
      payload: { name: 'Dua' },
      syncState: 'pending',
    });
    expect((await peekOutbox(BIG)).find((e) => e.id === r.id)?.rev).toBe(2);
  });

  it('refuses a weak passphrase, a wrong passphrase and files that are not backups', async () => {
    await saveRecord({ kind: 'migrant', payload: valid('migrant') });
    // Too short, one word, and long but guessable (a common phrase): each refused before writing.
    for (const [weak, problem] of [
      ['1234567', 'too_short'],
      ['passwordpassword', 'few_words'],
      ['satu dua tiga empat', 'guessable'],
    ] as const) {
      const refusal = await caught(exportBackup(weak));
      expect(refusal.code).toBe('passphrase_weak');
      expect(refusal.details).toMatchObject({ problem });
    }
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

/** A backup file of arbitrary (hostile) content, encrypted as exportBackup does. */
async function backupFileWith(content: unknown, passphrase = PASS): Promise<Blob> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iterations = 1000;
  const key = await deriveKey(passphrase, salt, iterations, ['encrypt', 'decrypt']);
  const box = await encryptJson(key, content);
  return new Blob([
    JSON.stringify({
      format: 'jejaring-backup',
      version: 1,
      salt: bytesToBase64(salt),
      iterations,
      iv: bytesToBase64(box.iv),
      ciphertext: bytesToBase64(toBytes(box.ciphertext)),
    }),
  ]);
}

const AT = '2026-11-30T09:15:00+07:00';
const goodRecord = (kind: RecordKind = 'migrant', change: Record<string, unknown> = {}) => ({
  id: crypto.randomUUID(),
  kind,
  schemaVersion: RECORD_KIND_DECLARATIONS[kind].schemaVersion,
  rev: 1,
  createdAt: AT,
  updatedAt: AT,
  deleted: false,
  payload: valid(kind),
  syncState: 'synced',
  ...change,
});

describe('a hostile backup file', () => {
  beforeEach(freshUnlocked);

  it('imports its valid records, refuses each corrupt one by position and reason, stores nothing corrupt', async () => {
    const good = [goodRecord('migrant'), goodRecord('screening'), goodRecord('referral')];
    const hostile = [
      goodRecord('migrant', { rev: MAX_BACKUP_REV + 1 }),
      goodRecord('migrant', { rev: Number.MAX_SAFE_INTEGER }),
      goodRecord('migrant', { kind: 'bank_account' }),
      goodRecord('migrant', { createdAt: '9999-01-01T00:00:00+07:00' }),
      goodRecord('migrant', { updatedAt: '0000-01-01T00:00:00Z' }),
      goodRecord('migrant', { payload: { ...valid('migrant'), name: 42 } }),
      goodRecord('screening', { payload: { subjectAge: -5 } }),
      goodRecord('migrant', { id: '../../etc/passwd' }),
      goodRecord('migrant', { syncState: 'owned' }),
      'not a record',
      null,
      [1, 2, 3],
    ];
    const records = [good[0], ...hostile.slice(0, 6), good[1], ...hostile.slice(6), good[2]];
    const result = await importBackup(await backupFileWith({ exportedAt: AT, records }), PASS);
    expect(result.imported).toBe(3);
    expect(result.refusedCount).toBe(hostile.length);
    const byIndex = new Map(result.refused.map((r) => [r.index, r]));
    expect(byIndex.get(1)).toMatchObject({ reason: 'invalid_rev', kind: 'migrant' });
    expect(byIndex.get(2)).toMatchObject({ reason: 'invalid_rev' });
    expect(byIndex.get(3)).toMatchObject({ reason: 'unknown_kind' });
    expect(byIndex.get(3)?.kind).toBeUndefined();
    expect(byIndex.get(4)).toMatchObject({ reason: 'invalid_date' });
    expect(byIndex.get(4)?.fields).toContain('createdAt');
    expect(byIndex.get(5)).toMatchObject({ reason: 'invalid_date' });
    expect(byIndex.get(6)).toMatchObject({ reason: 'invalid_payload', kind: 'migrant' });
    expect(byIndex.get(6)?.fields).toContain('name');
    expect(byIndex.get(8)).toMatchObject({ reason: 'invalid_payload', kind: 'screening' });
    expect(byIndex.get(9)).toMatchObject({ reason: 'invalid_envelope' });
    expect(byIndex.get(9)?.id).toBeUndefined();
    expect(byIndex.get(10)).toMatchObject({ reason: 'invalid_envelope' });
    for (const index of [11, 12, 13]) expect(byIndex.get(index)?.reason).toBe('not_a_record');
    // Never a value of the file in the answer (it may name a person): only field names.
    expect(JSON.stringify(result)).not.toContain('passwd');
    const stored = await allRecords();
    expect(stored.map((r) => r.id).sort()).toEqual(good.map((r) => r.id).sort());
    expect((await peekOutbox(BIG)).map((e) => e.id).sort()).toEqual(good.map((r) => r.id).sort());
  });

  it('stores only records that pass every check, whatever the file holds (property)', async () => {
    const kinds = Object.keys(RECORD_KIND_DECLARATIONS) as RecordKind[];
    const field = fc.constantFrom(
      'id',
      'kind',
      'schemaVersion',
      'rev',
      'createdAt',
      'updatedAt',
      'deleted',
      'payload',
      'syncState',
      'nextActionDate',
      'syncError',
    );
    const hostileValue = fc.oneof(
      fc.jsonValue(),
      fc.integer(),
      fc.constantFrom(MAX_BACKUP_REV, MAX_BACKUP_REV + 1, 2 ** 53, -1, 0, 1.5),
      fc.constantFrom('9999-12-31T00:00:00Z', '1970-01-01T00:00:00Z', '2026-13-01'),
      fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 5 }),
    );
    const record = fc.oneof(
      // A valid record with one field replaced (or removed) by something hostile.
      fc
        .tuple(fc.constantFrom(...kinds), field, fc.option(hostileValue, { nil: undefined }))
        .map(([kind, key, value]) => {
          const r: Record<string, unknown> = goodRecord(kind);
          if (value === undefined) delete r[key];
          else r[key] = value;
          return r;
        }),
      fc.constantFrom(...kinds).map((kind) => goodRecord(kind)),
      fc.jsonValue(),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(record, { maxLength: 8 }), async (records) => {
        await freshUnlocked();
        const result = await importBackup(await backupFileWith({ exportedAt: AT, records }), PASS);
        expect(result.imported + result.skipped + result.refusedCount).toBe(records.length);
        const stored = await allRecords();
        for (const r of stored) {
          expect(r.rev).toBeLessThanOrEqual(MAX_BACKUP_REV);
          const declared = RECORD_KIND_DECLARATIONS[r.kind as RecordKind];
          expect(declared).toBeDefined();
          if (!(r.deleted && Object.keys(r.payload).length === 0))
            expect(validateRecordPayload(r.kind, r.schemaVersion, r.payload).ok).toBe(true);
        }
        // Every refused position is a record that is not stored under its id.
        const storedIds = new Set(stored.map((r) => r.id));
        for (const refusal of result.refused) {
          const original = records[refusal.index] as { id?: unknown } | null;
          const sameIdValid = records.some(
            (other, i) =>
              i !== refusal.index &&
              !result.refused.some((x) => x.index === i) &&
              (other as { id?: unknown } | null)?.id === original?.id,
          );
          if (typeof original?.id === 'string' && !sameIdValid)
            expect(storedIds.has(original.id)).toBe(false);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('refuses an oversized file before reading it', async () => {
    const huge = { size: 300 * 1024 * 1024, text: () => Promise.reject(new Error('read')) };
    expect((await caught(importBackup(huge as unknown as Blob, PASS))).code).toBe('backup_invalid');
  });
});
