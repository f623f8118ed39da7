// Passphrase-encrypted backup files of every record (ids, revs, timestamps and sync state kept),
// and their import. Import parses untrusted input: every field is checked before use, and every
// record on its own with the domain's schemas — a record that fails is refused (and named in the
// answer), the others are imported; nothing that fails a check reaches the database.
// Loaded on demand (index.ts imports it dynamically): zod and this code stay out of the first load.
import { z } from 'zod';
import { validateRecordPayload } from '../domain';
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
import { checkPassphrase as checkStrength } from './strength';
import { backupIterations, requireKey } from './vault';

const FORMAT = 'jejaring-backup';
/** Refuse files that would make us derive a key for minutes (a hostile file). */
const MAX_BACKUP_ITERATIONS = 5_000_000;
/**
 * The highest rev a backup may carry. Each save adds one, so no record on a phone comes near it;
 * a hostile rev near 2^53 would outrank every later edit and every server version of the record.
 */
export const MAX_BACKUP_REV = 1_000_000;
/** Files larger than this are refused before they are read (10,000 records take ~40 MB). */
export const MAX_BACKUP_FILE_BYTES = 256 * 1024 * 1024;
/** Records one file may hold. */
export const MAX_BACKUP_RECORDS = 200_000;
/** Refused records listed in the answer (the count is always complete). */
export const MAX_REFUSALS_LISTED = 100;
/** Years a record's dates may fall in: anything else is a damaged or forged file. */
const PLAUSIBLE_YEARS = { min: 2000, max: 2100 } as const;

const fileSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  salt: z.string().min(1).max(1000),
  iterations: z.number().int().min(1).max(MAX_BACKUP_ITERATIONS),
  iv: z.string().min(1).max(100),
  ciphertext: z.string(),
});

const isoSchema = z.iso.datetime({ offset: true }).refine((value) => {
  const year = Number(value.slice(0, 4));
  return year >= PLAUSIBLE_YEARS.min && year <= PLAUSIBLE_YEARS.max;
}, 'date outside the plausible years');

const backupRecordSchema = z
  .object({
    id: z.string().regex(UUID_PATTERN),
    kind: z.enum(RECORD_KINDS),
    schemaVersion: z.number().int().min(1).max(1000),
    rev: z.number().int().min(1).max(MAX_BACKUP_REV),
    createdAt: isoSchema,
    updatedAt: isoSchema,
    deleted: z.boolean(),
    payload: z.record(z.string(), z.unknown()),
    syncState: z.enum(['pending', 'sending', 'synced', 'rejected']),
    syncError: z
      .object({
        code: z.string().max(64),
        message: z.string().max(2000),
        issues: z
          .array(z.object({ path: z.string().max(200), message: z.string().max(500) }))
          .max(100)
          .optional(),
      })
      .optional(),
    nextActionDate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .refine((value) => {
        const year = Number(value.slice(0, 4));
        return year >= PLAUSIBLE_YEARS.min && year <= PLAUSIBLE_YEARS.max;
      })
      .optional(),
  })
  .refine((rec) => isoToMs(rec.updatedAt) >= isoToMs(rec.createdAt) - 60_000, {
    message: 'updated before it was created',
    path: ['updatedAt'],
  });

/** The decrypted content: its records are checked one by one (see checkRecord). */
const contentSchema = z.object({
  exportedAt: z.string().max(64),
  records: z.array(z.unknown()).max(MAX_BACKUP_RECORDS),
});

type BackupRecord = z.infer<typeof backupRecordSchema>;

/** Why a record of a backup file was not imported. */
export type RefusalReason =
  | 'not_a_record'
  | 'unknown_kind'
  | 'invalid_rev'
  | 'invalid_date'
  | 'invalid_envelope'
  | 'invalid_payload';

/**
 * A refused record: its position in the file, and its id and kind when they could be read. Only
 * field names, never values (they may name a person).
 */
export interface RefusedRecord {
  index: number;
  id?: string;
  kind?: string;
  reason: RefusalReason;
  fields: string[];
}

export interface ImportResult {
  imported: number;
  skipped: number;
  /** How many records were refused (all of them, even beyond the list's length). */
  refusedCount: number;
  /** The first MAX_REFUSALS_LISTED refused records, in file order. */
  refused: RefusedRecord[];
}

const stringField = (value: unknown, key: string): string | undefined => {
  if (typeof value !== 'object' || value === null || !(key in value)) return undefined;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === 'string' && field.length <= 64 ? field : undefined;
};

/**
 * One record of a file, checked on its own: the envelope (id, a known kind, rev ≤ MAX_BACKUP_REV,
 * plausible dates, sync state) and the payload against its kind's schema in src/domain — the same
 * rules a record had to pass to be saved. A tombstone may carry an empty payload.
 */
export function checkBackupRecord(
  value: unknown,
  index: number,
): { ok: true; record: BackupRecord } | { ok: false; refused: RefusedRecord } {
  const refuse = (reason: RefusalReason, fields: string[] = []) => {
    const id = stringField(value, 'id');
    const kind = stringField(value, 'kind');
    const refused: RefusedRecord = { index, reason, fields: [...new Set(fields)].slice(0, 10) };
    if (id !== undefined && UUID_PATTERN.test(id)) refused.id = id;
    if (kind !== undefined && (RECORD_KINDS as readonly string[]).includes(kind))
      refused.kind = kind;
    return { ok: false as const, refused };
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return refuse('not_a_record');
  const envelope = backupRecordSchema.safeParse(value);
  if (!envelope.success) {
    const paths = envelope.error.issues.map((issue) => issue.path.map(String).join('.'));
    const top = new Set(paths.map((path) => path.split('.')[0]));
    if (top.has('kind')) return refuse('unknown_kind', ['kind']);
    if (top.has('rev')) return refuse('invalid_rev', ['rev']);
    if (top.has('createdAt') || top.has('updatedAt') || top.has('nextActionDate'))
      return refuse(
        'invalid_date',
        paths.filter((p) => /^(createdAt|updatedAt|nextActionDate)/.test(p)),
      );
    return refuse('invalid_envelope', paths);
  }
  const record = envelope.data;
  if (record.deleted && Object.keys(record.payload).length === 0) return { ok: true, record };
  const payload = validateRecordPayload(record.kind, record.schemaVersion, record.payload);
  if (!payload.ok)
    return refuse(
      'invalid_payload',
      payload.issues.map((issue) => issue.path || 'payload'),
    );
  return { ok: true, record: { ...record, payload: payload.payload } };
}

/**
 * A backup file can be attacked offline, at leisure: its passphrase must pass the same rules as a
 * vault passphrase (length, several words, not guessable by zxcvbn-ts with the Indonesian
 * dictionary, see strength.ts).
 */
async function requireStrongPassphrase(passphrase: string): Promise<void> {
  const verdict = await checkStrength(passphrase);
  if (!verdict.ok) throw new DataError('passphrase_weak', { problem: verdict.problem });
}

/** A file (Blob, JSON) with every record, encrypted with a key derived from `passphrase`. */
export async function exportBackup(passphrase: string): Promise<Blob> {
  await requireStrongPassphrase(passphrase);
  const key = requireKey();
  const db = await getDb();
  const [rows, queuedRows] = await db.transaction('r', db.records, db.outbox, () =>
    Promise.all([db.records.toArray(), db.outbox.toArray()]),
  );
  const queued = new Map(queuedRows.map((q) => [q.id, q]));
  const records: StoredRecord[] = [];
  for (const row of rows) {
    // Retained (issue 11 §6): its full content is with the coordinator, not on this phone.
    if (row.retainedAt) continue;
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
 * Imports a backup: each record is checked on its own (checkBackupRecord); a valid one is inserted
 * when absent or when the backup's rev is higher (and queued for sync in the same transaction),
 * otherwise skipped; an invalid one is refused and listed in the answer. Ids and revs are kept.
 */
export async function importBackup(file: Blob, passphrase: string): Promise<ImportResult> {
  const key = requireKey();
  if (file.size > MAX_BACKUP_FILE_BYTES) throw new DataError('backup_invalid', { reason: 'size' });
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

  const valid: BackupRecord[] = [];
  const refused: RefusedRecord[] = [];
  let refusedCount = 0;
  parsed.data.records.forEach((value, index) => {
    const checked = checkBackupRecord(value, index);
    if (checked.ok) {
      valid.push(checked.record);
      return;
    }
    refusedCount += 1;
    if (refused.length < MAX_REFUSALS_LISTED) refused.push(checked.refused);
  });

  // Encrypt with the data key before the transaction (WebCrypto would let it auto-commit).
  const prepared: { row: RecordRow; payload: Record<string, unknown> }[] = [];
  for (const rec of valid) {
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
  return { imported: result.importedIds.size, skipped: result.skipped, refusedCount, refused };
}
