// Server ingest next to raw SQLite: the server's own ingestRecords (validation, content hash,
// payload sealing, Kysely, one transaction per batch) against better-sqlite3 prepared INSERTs of
// exactly the rows the server wrote, with the same pragmas (WAL, synchronous = FULL) and the same
// batch transactions. Also times the CPU parts of ingest on their own, to show where time goes.
// benchSealedIngest does the same for contract v2 (sealed envelopes, meta validation only).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { RECORD_KINDS, validateRecordPayload } from '../../src/domain';
import { computeMeta } from '../../src/domain/contract';
import {
  describePublicKey,
  exportPublicJwk,
  generateKeyPair,
  sealRecordPayload,
} from '../../src/crypto/seal';
import { registerDistrictKey } from '../../src/server/districtKeys';
import { ingestSealedRecords } from '../../src/server/sealedIngest';
import { MAX_PUSH_RECORDS } from '../../src/domain/envelope';
import {
  contentHash,
  dataKeyFromBytes,
  keyedHashHex,
  newToken,
  seal,
  tokenHash,
} from '../../src/server/crypto';
import { DATABASE_FILE_NAME, openDatabase } from '../../src/server/db';
import {
  createEnrollmentCode,
  normalizeEnrollmentCode,
  redeemEnrollmentCode,
} from '../../src/server/devices';
import { ingestRecords, payloadContext } from '../../src/server/ingest';
import { makeEnvelopes } from '../lib/records';

export interface IngestResult {
  records: number;
  batchSize: number;
  /** ingestRecords, whole run. */
  ingestMs: number;
  ingestRecordsPerSecond: number;
  /** The same rows with prepared INSERTs in the same transactions. */
  rawMs: number;
  rawRecordsPerSecond: number;
  /** ingestMs / rawMs (target ≤ 2). */
  ratio: number;
  /** Process CPU time (user + system) of each; steadier than wall time on a shared machine. */
  ingestCpuMs: number;
  rawCpuMs: number;
  cpuRatio: number;
  /** CPU parts of ingest per record (warm, CPU time), microseconds. */
  perRecordUs: { validate: number; contentHash: number; seal: number };
  /** Raw inserts with one transaction for all rows (what batching cannot go below). */
  rawSingleTransactionMs: number;
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

function elapsed(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Runs the ingest comparison on `n` records in fresh temporary databases. */
export async function benchIngest(n: number, batchSize = MAX_PUSH_RECORDS): Promise<IngestResult> {
  const root = mkdtempSync(path.join(tmpdir(), 'jejaring-bench-ingest-'));
  try {
    const key = dataKeyFromBytes(new Uint8Array(32).fill(7));
    const envelopes = makeEnvelopes(n);

    // The server's path.
    const serverDir = path.join(root, 'server');
    const opened = await openDatabase(serverDir);
    let ingestMs: number;
    let ingestCpuMs: number;
    try {
      const { code } = await createEnrollmentCode(opened.db, key, { uses: 1, expiresInHours: 1 });
      const deviceId = await redeemEnrollmentCode(opened.db, key, {
        codeHash: keyedHashHex(key, normalizeEnrollmentCode(code)),
        label: 'bench',
        tokenHash: tokenHash(newToken()),
        now: new Date(),
      });
      if (!deviceId) throw new Error('enrollment failed');
      const ctx = {
        db: opened.db,
        dataKey: key,
        validatePayload: validateRecordPayload,
        now: () => new Date(),
      };
      const cpu = process.cpuUsage();
      const start = process.hrtime.bigint();
      for (let i = 0; i < envelopes.length; i += batchSize) {
        const results = await ingestRecords(ctx, deviceId, envelopes.slice(i, i + batchSize));
        const bad = results.find((r) => r.status !== 'stored');
        if (bad) throw new Error(`ingest answered ${bad.status} (${bad.error?.code ?? ''})`);
      }
      ingestMs = elapsed(start);
      ingestCpuMs = cpuMs(cpu);
    } finally {
      await opened.close();
    }

    // The same rows, raw. The schema comes from the server's own migrations.
    const rawDir = path.join(root, 'raw');
    await (await openDatabase(rawDir)).close();
    const source = new Database(path.join(serverDir, DATABASE_FILE_NAME), { readonly: true });
    const revisions = source
      .prepare('SELECT * FROM record_revisions ORDER BY rowid')
      .all() as Record<string, unknown>[];
    const devices = source.prepare('SELECT * FROM devices').all() as Record<string, unknown>[];
    source.close();
    if (revisions.length !== n)
      throw new Error(`expected ${n} stored rows, found ${revisions.length}`);

    const rawTimed = (file: string, perTransaction: number): { ms: number; cpuMs: number } => {
      const raw = new Database(file);
      raw.pragma('journal_mode = WAL');
      raw.pragma('synchronous = FULL');
      raw.pragma('foreign_keys = ON');
      try {
        const cols = Object.keys(revisions[0]!);
        const sql = (table: string) =>
          `INSERT INTO ${table} (${cols.join(',')}) VALUES (${cols.map((c) => `@${c}`).join(',')})`;
        const insertDevice = raw.prepare(
          `INSERT INTO devices (${Object.keys(devices[0]!).join(',')}) VALUES (${Object.keys(
            devices[0]!,
          )
            .map((c) => `@${c}`)
            .join(',')})`,
        );
        for (const d of devices) insertDevice.run(d);
        const insertRevision = raw.prepare(sql('record_revisions'));
        const insertCurrent = raw.prepare(sql('records_current'));
        const batch = raw.transaction((rows: Record<string, unknown>[]) => {
          for (const row of rows) {
            insertRevision.run(row);
            insertCurrent.run(row);
          }
        });
        const cpu = process.cpuUsage();
        const start = process.hrtime.bigint();
        for (let i = 0; i < revisions.length; i += perTransaction) {
          batch(revisions.slice(i, i + perTransaction));
        }
        return { ms: elapsed(start), cpuMs: cpuMs(cpu) };
      } finally {
        raw.close();
      }
    };
    const { ms: rawMs, cpuMs: rawCpuMs } = rawTimed(
      path.join(rawDir, DATABASE_FILE_NAME),
      batchSize,
    );
    const singleDir = path.join(root, 'raw-single');
    await (await openDatabase(singleDir)).close();
    const rawSingleTransactionMs = rawTimed(path.join(singleDir, DATABASE_FILE_NAME), n).ms;

    // CPU parts of ingest, each on its own.
    const sample = envelopes.slice(0, Math.min(n, 2_000));
    const perRecordUs = (fn: (e: (typeof sample)[number]) => unknown): number => {
      // One untimed pass first: the figures are for warm (JIT-compiled) code, as in a running server.
      // CPU time, not wall time: other processes on a shared machine do not inflate it.
      for (const e of sample) fn(e);
      const cpu = process.cpuUsage();
      for (const e of sample) fn(e);
      return (cpuMs(cpu) * 1000) / sample.length;
    };
    const validate = perRecordUs((e) => validateRecordPayload(e.kind, e.schemaVersion, e.payload));
    const hash = perRecordUs((e) =>
      contentHash(key, {
        kind: e.kind,
        schemaVersion: e.schemaVersion,
        deleted: e.deleted,
        payload: e.payload,
        createdAt: e.createdAt,
        updatedAt: e.updatedAt,
      }),
    );
    const sealUs = perRecordUs((e) =>
      seal(key, JSON.stringify(e.payload), payloadContext(e.id, e.rev)),
    );

    return {
      records: n,
      batchSize,
      ingestMs,
      ingestRecordsPerSecond: (n / ingestMs) * 1000,
      rawMs,
      rawRecordsPerSecond: (n / rawMs) * 1000,
      ratio: ingestMs / rawMs,
      ingestCpuMs,
      rawCpuMs,
      cpuRatio: ingestCpuMs / rawCpuMs,
      perRecordUs: { validate, contentHash: hash, seal: sealUs },
      rawSingleTransactionMs,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export interface SealedIngestResult {
  records: number;
  batchSize: number;
  /** ingestSealedRecords (contract v2), whole run. */
  ingestMs: number;
  ingestRecordsPerSecond: number;
  /** The same sealed_revisions + sealed_current rows with prepared INSERTs, same transactions. */
  rawMs: number;
  rawRecordsPerSecond: number;
  /** ingestMs / rawMs (target ≤ 2). */
  ratio: number;
  ingestCpuMs: number;
  rawCpuMs: number;
  cpuRatio: number;
  /** Bytes of sealed payload + meta per record as stored (once, in sealed_revisions). */
  storedBytesPerRecord: number;
}

/**
 * Contract v2 ingest next to raw SQLite: the server validates envelope and meta, checks kids,
 * hashes and stores the sealed bytes once. Records are sealed per kind once (HPKE) and the sealed
 * object reused under fresh ids: the server cannot open them, so its work is the same.
 */
export async function benchSealedIngest(
  n: number,
  batchSize = MAX_PUSH_RECORDS,
): Promise<SealedIngestResult> {
  const root = mkdtempSync(path.join(tmpdir(), 'jejaring-bench-sealed-'));
  try {
    const key = dataKeyFromBytes(new Uint8Array(32).fill(7));
    const serverDir = path.join(root, 'server');
    const opened = await openDatabase(serverDir);
    let ingestMs: number;
    let ingestCpuMs: number;
    try {
      const pair = await generateKeyPair(false);
      const { kid } = await describePublicKey(pair.publicKey);
      await registerDistrictKey(opened.db, await exportPublicJwk(pair.publicKey));
      const templates = await Promise.all(
        makeEnvelopes(RECORD_KINDS.length).map(async (e) => ({
          kind: e.kind,
          schemaVersion: e.schemaVersion,
          meta: computeMeta(e.kind, e.payload) ?? {},
          sealed: await sealRecordPayload(e, e.payload, [{ kid, publicKey: pair.publicKey }]),
        })),
      );
      const at = '2026-11-30T09:15:00+07:00';
      const envelopes = Array.from({ length: n }, (_, i) => ({
        id: randomUUID(),
        rev: 1,
        createdAt: at,
        updatedAt: at,
        deleted: false,
        ...templates[i % templates.length]!,
      }));
      const { code } = await createEnrollmentCode(opened.db, key, { uses: 1, expiresInHours: 1 });
      const deviceId = await redeemEnrollmentCode(opened.db, key, {
        codeHash: keyedHashHex(key, normalizeEnrollmentCode(code)),
        label: 'bench',
        tokenHash: tokenHash(newToken()),
        now: new Date(),
      });
      if (!deviceId) throw new Error('enrollment failed');
      const ctx = { db: opened.db, now: () => new Date() };
      const cpu = process.cpuUsage();
      const start = process.hrtime.bigint();
      for (let i = 0; i < envelopes.length; i += batchSize) {
        const results = await ingestSealedRecords(ctx, deviceId, envelopes.slice(i, i + batchSize));
        const bad = results.find((r) => r.status !== 'stored');
        if (bad) throw new Error(`sealed ingest answered ${bad.status}`);
      }
      ingestMs = elapsed(start);
      ingestCpuMs = cpuMs(cpu);
    } finally {
      await opened.close();
    }

    const rawDir = path.join(root, 'raw');
    await (await openDatabase(rawDir)).close();
    const source = new Database(path.join(serverDir, DATABASE_FILE_NAME), { readonly: true });
    const revisions = source
      .prepare('SELECT * FROM sealed_revisions ORDER BY rowid')
      .all() as Record<string, unknown>[];
    const currents = source.prepare('SELECT * FROM sealed_current ORDER BY rowid').all() as Record<
      string,
      unknown
    >[];
    const devices = source.prepare('SELECT * FROM devices').all() as Record<string, unknown>[];
    source.close();
    if (revisions.length !== n) throw new Error(`expected ${n} rows, found ${revisions.length}`);
    const storedBytesPerRecord =
      revisions.reduce(
        (sum, row) => sum + String(row.sealed ?? '').length + String(row.meta).length,
        0,
      ) / n;

    const insertSql = (table: string, row: Record<string, unknown>) =>
      `INSERT INTO ${table} (${Object.keys(row).join(',')}) VALUES (${Object.keys(row)
        .map((c) => `@${c}`)
        .join(',')})`;
    const raw = new Database(path.join(rawDir, DATABASE_FILE_NAME));
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    raw.pragma('foreign_keys = ON');
    let rawMs: number;
    let rawCpuMs: number;
    try {
      const insertDevice = raw.prepare(insertSql('devices', devices[0]!));
      for (const d of devices) insertDevice.run(d);
      const insertRevision = raw.prepare(insertSql('sealed_revisions', revisions[0]!));
      const insertCurrent = raw.prepare(insertSql('sealed_current', currents[0]!));
      const batch = raw.transaction((from: number, to: number) => {
        for (let i = from; i < to; i += 1) {
          insertRevision.run(revisions[i]);
          insertCurrent.run(currents[i]);
        }
      });
      const cpu = process.cpuUsage();
      const start = process.hrtime.bigint();
      for (let i = 0; i < n; i += batchSize) batch(i, Math.min(n, i + batchSize));
      rawMs = elapsed(start);
      rawCpuMs = cpuMs(cpu);
    } finally {
      raw.close();
    }
    return {
      records: n,
      batchSize,
      ingestMs,
      ingestRecordsPerSecond: (n / ingestMs) * 1000,
      rawMs,
      rawRecordsPerSecond: (n / rawMs) * 1000,
      ratio: ingestMs / rawMs,
      ingestCpuMs,
      rawCpuMs,
      cpuRatio: ingestCpuMs / rawCpuMs,
      storedBytesPerRecord,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
