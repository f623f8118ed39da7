// Contract v2 ingest on PostgreSQL next to its floor: the server's own ingestSealedRecords (envelope
// and meta validation, kid check, content hash, Kysely over `pg`, one transaction per batch) against
// raw `INSERT … ON CONFLICT DO NOTHING` of exactly the rows the server wrote, as prepared multi-row
// statements in the same batch transactions, on the same cluster.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { MAX_PUSH_RECORDS_V2 } from '../../src/domain/contract';
import { dataKeyFromBytes, keyedHashHex, newToken, tokenHash } from '../../src/server/crypto';
import { openDatabase } from '../../src/server/db';
import {
  createEnrollmentCode,
  normalizeEnrollmentCode,
  redeemEnrollmentCode,
} from '../../src/server/devices';
import { registerDistrictKey } from '../../src/server/districtKeys';
import { ingestSealedRecords } from '../../src/server/sealedIngest';
import { createDatabaseSync, type PostgresCluster } from '../../tests/setup/postgresCluster';
import { makeSealedEnvelopes, type SealedKit } from '../lib/sealed';

export interface PostgresIngestResult {
  records: number;
  batchSize: number;
  ingestMs: number;
  ingestRecordsPerSecond: number;
  /** Raw INSERT … ON CONFLICT DO NOTHING of the same rows, same batches. */
  rawMs: number;
  rawRecordsPerSecond: number;
  /** ingestMs / rawMs (target ≤ 2). */
  ratio: number;
  /** CPU time of this (client) process only: PostgreSQL's own work runs in its processes. */
  ingestClientCpuMs: number;
  rawClientCpuMs: number;
}

const elapsed = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

let databaseCounter = 0;

/** A new, migrated database on the cluster; its URL. */
async function freshDatabase(cluster: PostgresCluster, dataDir: string): Promise<string> {
  databaseCounter += 1;
  const name = `bench_${process.pid}_${databaseCounter}`;
  createDatabaseSync(cluster.bin, cluster.port, name);
  const url = cluster.urlFor(name);
  await (await openDatabase(dataDir, { databaseUrl: url })).close();
  return url;
}

export { freshDatabase as freshPostgresDatabase };

export async function benchSealedIngestPostgres(
  cluster: PostgresCluster,
  kit: SealedKit,
  n: number,
  batchSize = MAX_PUSH_RECORDS_V2,
): Promise<PostgresIngestResult> {
  const root = mkdtempSync(path.join(tmpdir(), 'jejaring-bench-pg-ingest-'));
  try {
    const key = dataKeyFromBytes(new Uint8Array(32).fill(7));
    const serverUrl = await freshDatabase(cluster, root);
    const envelopes = makeSealedEnvelopes(kit, n);
    const opened = await openDatabase(root, { databaseUrl: serverUrl, poolSize: 2 });
    let ingestMs: number;
    let ingestClientCpuMs: number;
    try {
      await registerDistrictKey(opened.db, kit.publicJwk);
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
      for (let i = 0; i < n; i += batchSize) {
        const results = await ingestSealedRecords(ctx, deviceId, envelopes.slice(i, i + batchSize));
        const bad = results.find((r) => r.status !== 'stored');
        if (bad) throw new Error(`sealed ingest on PostgreSQL answered ${bad.status}`);
      }
      ingestMs = elapsed(start);
      ingestClientCpuMs = cpuMs(cpu);
    } finally {
      await opened.close();
    }

    // The same rows, raw, into a second database with the same schema.
    const source = new pg.Client({ connectionString: serverUrl });
    await source.connect();
    const revisions = (await source.query('SELECT * FROM sealed_revisions')).rows as Record<
      string,
      unknown
    >[];
    const byId = new Map(revisions.map((row, i) => [row.id as string, i]));
    const currents = (
      (await source.query('SELECT * FROM sealed_current')).rows as Record<string, unknown>[]
    ).sort((a, b) => byId.get(a.id as string)! - byId.get(b.id as string)!);
    // Insert in the order the server received them.
    const order = new Map(envelopes.map((e, i) => [e.id, i]));
    revisions.sort((a, b) => order.get(a.id as string)! - order.get(b.id as string)!);
    currents.sort((a, b) => order.get(a.id as string)! - order.get(b.id as string)!);
    const devices = (await source.query('SELECT * FROM devices')).rows as Record<string, unknown>[];
    await source.end();
    if (revisions.length !== n) throw new Error(`expected ${n} rows, found ${revisions.length}`);

    const rawUrl = await freshDatabase(cluster, root);
    const raw = new pg.Client({ connectionString: rawUrl });
    await raw.connect();
    let rawMs: number;
    let rawClientCpuMs: number;
    try {
      const insert = (table: string, rows: Record<string, unknown>[], named: boolean) => {
        const cols = Object.keys(rows[0]!);
        const values: unknown[] = [];
        const tuples = rows.map((row) => {
          const start = values.length;
          for (const c of cols) values.push(row[c]);
          return `(${cols.map((_, j) => `$${start + j + 1}`).join(',')})`;
        });
        return raw.query({
          ...(named ? { name: `${table}_${rows.length}` } : {}),
          text: `INSERT INTO ${table} (${cols.join(',')}) VALUES ${tuples.join(',')} ON CONFLICT DO NOTHING`,
          values,
        });
      };
      await insert('devices', devices, false);
      const cpu = process.cpuUsage();
      const start = process.hrtime.bigint();
      for (let i = 0; i < n; i += batchSize) {
        await raw.query('BEGIN');
        await insert('sealed_revisions', revisions.slice(i, i + batchSize), true);
        await insert('sealed_current', currents.slice(i, i + batchSize), true);
        await raw.query('COMMIT');
      }
      rawMs = elapsed(start);
      rawClientCpuMs = cpuMs(cpu);
    } finally {
      await raw.end();
    }
    return {
      records: n,
      batchSize,
      ingestMs,
      ingestRecordsPerSecond: (n / ingestMs) * 1000,
      rawMs,
      rawRecordsPerSecond: (n / rawMs) * 1000,
      ratio: ingestMs / rawMs,
      ingestClientCpuMs,
      rawClientCpuMs,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
