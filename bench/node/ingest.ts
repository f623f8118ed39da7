// Server ingest next to raw SQLite: the server's own ingestRecords (validation, content hash,
// payload sealing, Kysely, one transaction per batch) against better-sqlite3 prepared INSERTs of
// exactly the rows the server wrote, with the same pragmas (WAL, synchronous = FULL) and the same
// batch transactions. Also times the CPU parts of ingest on their own, to show where time goes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { validateRecordPayload } from '../../src/domain';
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
