// Passphrase-encrypted backup files of every record (ids, revs, timestamps and sync state kept),
// and their import. Import parses untrusted input: every field is checked before use.
// Loaded on demand (index.ts imports it dynamically): zod and this code stay out of the first load.
import { z } from 'zod';
import { RECORD_KINDS } from '../domain/recordKinds';
import {
  base64ToBytes,
  bytesToBase64,
  decryptJson,
  deriveKey,
  encryptJson,
  randomBytes,
  toBytes,
  type Box,
} from './crypto';
import { getDb, type RecordRow } from './db';
import { DataError, guardWrite } from './errors';
import { emitChange } from './events';
import { UUID_PATTERN } from './ids';
import { enqueue } from './outbox';
import { payloadOf, rememberPayload } from './recordCache';
import { envelopeOf } from './rowEnvelope';
import type { StoredRecord, SyncError } from './records';
import { isoToMs, nowIso } from './time';
import { backupIterations, MIN_PASSPHRASE_LENGTH, requireKey } from './vault';

const FORMAT = 'jejaring-backup';
/** Refuse files that would make us derive a key for minutes (a hostile file). */
const MAX_BACKUP_ITERATIONS = 5_000_000;

const fileSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  salt: z.string().min(1).max(1000),
  iterations: z.number().int().min(1).max(MAX_BACKUP_ITERATIONS),
  iv: z.string().min(1).max(100),
  ciphertext: z.string(),
});

const isoSchema = z.iso.datetime({ offset: true });

const backupRecordSchema = z.object({
  id: z.string().regex(UUID_PATTERN),
  kind: z.enum(RECORD_KINDS),
  schemaVersion: z.number().int().min(1),
  rev: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  createdAt: isoSchema,
  updatedAt: isoSchema,
  deleted: z.boolean(),
  payload: z.record(z.string(), z.unknown()),
  syncState: z.enum(['pending', 'sending', 'synced', 'rejected']),
  syncError: z
    .object({
      code: z.string(),
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    })
    .optional(),
  nextActionDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});

const contentSchema = z.object({
  exportedAt: z.string(),
  records: z.array(backupRecordSchema),
});

function checkPassphrase(passphrase: string): void {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
    throw new DataError('passphrase_too_short', { minLength: MIN_PASSPHRASE_LENGTH });
  }
}

/** A file (Blob, JSON) with every record, encrypted with a key derived from `passphrase`. */
export async function exportBackup(passphrase: string): Promise<Blob> {
  checkPassphrase(passphrase);
  const key = requireKey();
  const db = await getDb();
  const [rows, queuedRows] = await db.transaction('r', db.records, db.outbox, () =>
    Promise.all([db.records.toArray(), db.outbox.toArray()]),
  );
  const queued = new Map(queuedRows.map((q) => [q.id, q]));
  const records: StoredRecord[] = [];
  for (const row of rows) {
    const outboxRow = queued.get(row.id);
    const rec: StoredRecord = {
      ...envelopeOf(row, await payloadOf(row)),
      // What the file says matters little: an import queues every record again (see below).
      syncState: !outboxRow ? 'synced' : outboxRow.seq === undefined ? 'rejected' : 'pending',
    };
    if (row.nextActionDate) rec.nextActionDate = row.nextActionDate;
    if (outboxRow?.errorBox) rec.syncError = await decryptJson<SyncError>(key, outboxRow.errorBox);
    records.push(rec);
  }
  const salt = randomBytes(16);
  const iterations = backupIterations();
  const fileKey = await deriveKey(passphrase, salt, iterations, ['encrypt', 'decrypt']);
  const box = await encryptJson(fileKey, { exportedAt: nowIso(), records });
  const file = {
    format: FORMAT,
    version: 1,
    salt: bytesToBase64(salt),
    iterations,
    iv: bytesToBase64(box.iv),
    ciphertext: bytesToBase64(toBytes(box.ciphertext)),
  };
  return new Blob([JSON.stringify(file)], { type: 'application/json' });
}

async function readText(file: Blob): Promise<string> {
  try {
    return await file.text();
  } catch (e) {
    throw new DataError('backup_invalid', { reason: 'unreadable' }, { cause: e });
  }
}

/**
 * Imports a backup: a record is inserted when absent or when the backup's rev is higher (and
 * queued for sync in the same transaction unless the backup says it was synced); otherwise it is
 * skipped. Ids and revs are kept.
 */
export async function importBackup(
  file: Blob,
  passphrase: string,
): Promise<{ imported: number; skipped: number }> {
  const key = requireKey();
  let parsedFile: z.infer<typeof fileSchema>;
  let salt: Uint8Array;
  let box: Box;
  try {
    parsedFile = fileSchema.parse(JSON.parse(await readText(file)));
    salt = base64ToBytes(parsedFile.salt);
    box = {
      iv: base64ToBytes(parsedFile.iv),
      ciphertext: base64ToBytes(parsedFile.ciphertext).buffer,
    };
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw new DataError('backup_invalid', { reason: 'format' }, { cause: e });
  }
  if (box.iv.byteLength !== 12) throw new DataError('backup_invalid', { reason: 'iv' });
  const fileKey = await deriveKey(passphrase, salt, parsedFile.iterations, ['encrypt', 'decrypt']);
  let content: unknown;
  try {
    content = await decryptJson<unknown>(fileKey, box);
  } catch (e) {
    // AES-GCM authenticates: a wrong passphrase (or a damaged file) fails here.
    throw new DataError('backup_wrong_passphrase', undefined, { cause: e });
  }
  const parsed = contentSchema.safeParse(content);
  if (!parsed.success) throw new DataError('backup_invalid', { reason: 'content' });

  // Encrypt with the data key before the transaction (WebCrypto would let it auto-commit).
  const prepared: { row: RecordRow; payload: Record<string, unknown> }[] = [];
  for (const rec of parsed.data.records) {
    const row: RecordRow = {
      id: rec.id,
      kind: rec.kind,
      schemaVersion: rec.schemaVersion,
      rev: rec.rev,
      createdAt: rec.createdAt,
      updatedAt: rec.updatedAt,
      updatedMs: isoToMs(rec.updatedAt),
      deleted: rec.deleted,
      live: rec.deleted ? 0 : 1,
      box: await encryptJson(key, rec.payload),
    };
    if (rec.nextActionDate) row.nextActionDate = rec.nextActionDate;
    prepared.push({ row, payload: rec.payload });
  }

  const db = await getDb();
  const result = await guardWrite(() =>
    // Invariant as in saveRecord: a record version and its outbox row commit together.
    db.transaction('rw', db.records, db.outbox, async () => {
      const importedIds = new Set<string>();
      let skipped = 0;
      for (const { row } of prepared) {
        const existing = await db.records.get(row.id);
        if (existing && existing.rev >= row.rev) {
          skipped++;
          continue;
        }
        await db.records.put(row);
        // Every imported version is queued, even one the file says was synced: the server may
        // hold a newer rev made after the backup (contract v2: it answers stale or conflict with
        // its currentRev and the phone renumbers above it), and a version is only shown synced
        // once the server has confirmed it is its current one.
        await enqueue(db, row.id, row.rev);
        importedIds.add(row.id);
      }
      return { importedIds, skipped };
    }),
  );
  for (const { row, payload } of prepared) {
    if (result.importedIds.has(row.id)) rememberPayload(row.id, row.rev, payload);
  }
  if (result.importedIds.size > 0) emitChange('records', 'outbox');
  return { imported: result.importedIds.size, skipped: result.skipped };
}
