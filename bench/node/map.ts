// The vulnerability map at scale (issue 13): N generated records (default 1,000,000) over 24
// months on the desa of one province (idn-area-data), stored as sealed_current rows on SQLite and
// PostgreSQL, the map's sums rebuilt from their meta, then the console's queries timed: the
// kabupaten table, a drill-down to kecamatan and to desa, the sparklines, the monthly report, and
// what the map adds to one 200-record push. Meta is generated directly (the server never opens a
// payload, and the map reads meta only), with a seeded generator so runs are comparable.
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Insertable } from 'kysely';
import { addMonths, monthsBetween, type MapAudience } from '../../src/domain/mapping';
import {
  DESTINATION_COUNTRIES,
  JOB_SECTORS,
  MIGRANT_DOCUMENTS,
  MODUS,
} from '../../src/domain/reference';
import { REFERRAL_TARGETS } from '../../src/domain/reference';
import { openDatabase, type OpenedDatabase } from '../../src/server/db';
import { insertChunks } from '../../src/server/ingest';
import type { SealedCurrentTable } from '../../src/server/schemaV2';
import { mapReport, mapTable, mapTrend } from '../../src/server/mapping/queries';
import { rebuildMap, updateMapForRecords } from '../../src/server/mapping/store';
import { createDatabaseSync, type PostgresCluster } from '../../tests/setup/postgresCluster';
import { summarize, type Summary } from '../lib/stats';

export const MAP_TARGETS = { tableMs: 300, drillMs: 300, reportMs: 2000 } as const;

export interface MapEngineResult {
  engine: 'sqlite' | 'postgres';
  records: number;
  loadSeconds: number;
  rebuildSeconds: number;
  countRows: number;
  /** Query name → latency summary (ms). */
  queries: Record<string, Summary>;
  /** One 200-record batch of new revisions through updateMapForRecords, in a transaction (ms). */
  pushOverhead: Summary;
}

export interface MapBenchResult {
  province: string;
  provinceName: string;
  villages: number;
  regencies: number;
  months: { from: string; to: string };
  engines: MapEngineResult[];
}

/** Mulberry32: a small seeded generator (the same records every run). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function provinceVillages(province: string): { name: string; villages: string[] } {
  const require = createRequire(import.meta.url);
  const dir = path.join(path.dirname(require.resolve('idn-area-data/package.json')), 'data');
  const villages = readFileSync(path.join(dir, 'villages.csv'), 'utf8')
    .split('\n')
    .map((line) => line.split(',')[0])
    .filter((code) => code.startsWith(`${province}.`));
  const name =
    readFileSync(path.join(dir, 'provinces.csv'), 'utf8')
      .split('\n')
      .find((line) => line.startsWith(`${province},`))
      ?.split(',')[1]
      ?.trim() ?? province;
  return { name, villages };
}

const pick = <T>(rand: () => number, list: readonly T[]): T =>
  list[Math.floor(rand() * list.length)];
const some = <T>(rand: () => number, list: readonly T[], p: number): T[] | undefined => {
  const out = list.filter(() => rand() < p);
  return out.length > 0 ? out : undefined;
};

/** Meta of one generated record (valid for the kind's meta schema). */
export function generatedMeta(
  rand: () => number,
  village: string,
  month: string,
): { kind: string; meta: Record<string, unknown> } {
  const [p, r, d] = village.split('.');
  const area = {
    provinceCode: p,
    regencyCode: `${p}.${r}`,
    districtCode: `${p}.${r}.${d}`,
    villageCode: village,
    eventMonth: month,
  };
  const roll = rand();
  const clean = (meta: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(meta).filter(([, v]) => v !== undefined));
  if (roll < 0.3)
    return {
      kind: 'migrant',
      meta: clean({
        recordType: 'resident',
        ...area,
        destinationType: 'abroad',
        destinationCountry: pick(rand, DESTINATION_COUNTRIES.slice(0, 8)),
        jobSector: pick(rand, JOB_SECTORS),
        procedure: rand() < 0.3 ? 'non_official' : rand() < 0.8 ? 'official' : 'unknown',
        child: rand() < 0.05,
        documentsMissing: some(rand, MIGRANT_DOCUMENTS.slice(0, 10), 0.08),
        documentsSuspectedFalse: some(rand, MIGRANT_DOCUMENTS.slice(0, 10), 0.01),
      }),
    };
  if (roll < 0.35)
    return {
      kind: 'migrant',
      meta: clean({
        recordType: 'outsider_observation',
        ...area,
        residentsApproached: Math.floor(rand() * 12),
      }),
    };
  if (roll < 0.6)
    return {
      kind: 'household_visit',
      meta: clean({
        ...area,
        warningSigns: some(rand, ['placement_fee', 'no_work_contract', 'job_unclear'], 0.12),
      }),
    };
  if (roll < 0.68) {
    const groups = [0, 0, 0, 0].map(() => Math.floor(rand() * 20));
    return {
      kind: 'awareness_session',
      meta: {
        ...area,
        participantsFemaleAdult: groups[0],
        participantsMaleAdult: groups[1],
        participantsFemaleChild: groups[2],
        participantsMaleChild: groups[3],
        participantsTotal: groups[0] + groups[1] + groups[2] + groups[3],
      },
    };
  }
  if (roll < 0.83)
    return {
      kind: 'screening',
      meta: clean({
        ...area,
        riskLevel: pick(rand, ['rendah', 'rendah', 'sedang', 'tinggi']),
        child: rand() < 0.15,
        immediateDanger: rand() < 0.05,
        modus: some(rand, MODUS, 0.05),
      }),
    };
  if (roll < 0.9)
    return {
      kind: 'psychosocial_support',
      meta: { ...area, consent: rand() < 0.9 ? 'agreed' : 'declined' },
    };
  return {
    kind: 'referral',
    meta: clean({ ...area, targets: some(rand, REFERRAL_TARGETS, 0.15) }),
  };
}

const ID_BASE = '0192f1a6-0000-7000-8000-';
const idOf = (i: number) => `${ID_BASE}${String(i).padStart(12, '0')}`;

async function timed(run: () => Promise<unknown>, samples: number): Promise<Summary> {
  for (let i = 0; i < 2; i += 1) await run();
  const times: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return summarize(times);
}

export interface MapBenchOptions {
  n: number;
  province?: string;
  /** PostgreSQL cluster to use; without it only SQLite is measured. */
  cluster?: PostgresCluster;
  samples?: number;
  progress?: (message: string) => void;
}

async function benchEngine(
  engine: 'sqlite' | 'postgres',
  opened: OpenedDatabase,
  villages: string[],
  options: MapBenchOptions & { to: string },
): Promise<MapEngineResult> {
  const { db } = opened;
  const progress = options.progress ?? (() => undefined);
  const samples = options.samples ?? 20;
  const from = addMonths(options.to, -23);
  const months = monthsBetween(from, options.to);
  await db
    .insertInto('devices')
    .values({
      id: 'bench-map-device',
      label: 'bench',
      token_hash: 'x'.repeat(64),
      enrolled_at: new Date().toISOString(),
      last_seen_at: null,
      revoked_at: null,
    })
    .execute();

  // Some desa record far more than others (a Zipf-like weight), as in the field.
  const rand = random(13);
  const weights = villages.map((_, i) => 1 / Math.sqrt(1 + ((i * 7919) % villages.length)));
  const cumulative: number[] = [];
  weights.reduce((sum, w, i) => (cumulative[i] = sum + w), 0);
  const totalWeight = cumulative[cumulative.length - 1];
  const villageAt = (x: number) => {
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x * totalWeight) lo = mid + 1;
      else hi = mid;
    }
    return villages[lo];
  };

  const loadStart = performance.now();
  const at = new Date().toISOString();
  const CHUNK = 20_000;
  for (let start = 0; start < options.n; start += CHUNK) {
    const rows: Insertable<SealedCurrentTable>[] = [];
    for (let i = start; i < Math.min(options.n, start + CHUNK); i += 1) {
      const { kind, meta } = generatedMeta(rand, villageAt(rand()), pick(rand, months));
      rows.push({
        id: idOf(i),
        rev: 1,
        device_id: 'bench-map-device',
        kind,
        deleted: 0,
        meta: JSON.stringify(meta),
        created_at: at,
        updated_at: at,
        received_at: at,
      });
    }
    await db.transaction().execute(async (trx) => {
      for (const chunk of insertChunks(rows))
        await trx.insertInto('sealed_current').values(chunk).execute();
    });
    if ((start / CHUNK) % 10 === 0)
      progress(`map ${engine}: ${start + rows.length} records stored`);
  }
  const loadSeconds = (performance.now() - loadStart) / 1000;
  progress(`map ${engine}: rebuilding the sums`);
  const rebuildStart = performance.now();
  const { counts } = await rebuildMap(db);
  const rebuildSeconds = (performance.now() - rebuildStart) / 1000;
  if (engine === 'postgres') {
    const { sql } = await import('kysely');
    await sql`ANALYZE`.execute(db);
  }

  const province = villages[0].slice(0, 2);
  const regencyRows = await mapTable(
    db,
    { level: 'regency', parent: province, from: options.to, to: options.to },
    'coordinator',
  );
  const busiest = (rows: { code: string; cells: Record<string, { value: number | null }> }[]) =>
    [...rows].sort((a, b) => (b.cells.visits.value ?? 0) - (a.cells.visits.value ?? 0))[0].code;
  const regency = busiest(regencyRows.rows);
  const districtRows = await mapTable(
    db,
    { level: 'district', parent: regency, from: options.to, to: options.to },
    'coordinator',
  );
  const district = busiest(districtRows.rows);
  const year = addMonths(options.to, -11);
  const viewer: MapAudience = 'viewer';
  const queries: Record<string, Summary> = {};
  const plan: [string, () => Promise<unknown>][] = [
    [
      'kabupaten table, 1 month',
      () =>
        mapTable(
          db,
          { level: 'regency', parent: province, from: options.to, to: options.to },
          viewer,
        ),
    ],
    [
      'kabupaten table, 12 months',
      () =>
        mapTable(db, { level: 'regency', parent: province, from: year, to: options.to }, viewer),
    ],
    [
      'drill-down to kecamatan, 12 months',
      () =>
        mapTable(db, { level: 'district', parent: regency, from: year, to: options.to }, viewer),
    ],
    [
      'drill-down to desa, 12 months',
      () =>
        mapTable(db, { level: 'village', parent: district, from: year, to: options.to }, viewer),
    ],
    [
      'sparklines of the kabupaten rows, 12 months',
      () =>
        mapTrend(
          db,
          { level: 'regency', parent: province, indicator: 'migrants', to: options.to, months: 12 },
          viewer,
        ),
    ],
    ['monthly report of a kabupaten', () => mapReport(db, { regency, month: options.to }, viewer)],
  ];
  for (const [name, run] of plan) {
    progress(`map ${engine}: ${name}`);
    queries[name] = await timed(run, samples);
  }

  // What the map adds to a push: 200 records get a new revision (other desa, other month).
  let next = 0;
  const pushOverhead = await timed(
    async () => {
      const rows = Array.from({ length: 200 }, () => {
        const i = Math.floor(rand() * options.n);
        next += 1;
        const { kind, meta } = generatedMeta(rand, villageAt(rand()), pick(rand, months));
        return { id: idOf(i), kind, meta: JSON.stringify(meta), deleted: next % 50 === 0 ? 1 : 0 };
      });
      await db.transaction().execute(async (trx) => {
        await updateMapForRecords(trx, rows);
        for (const row of rows)
          await trx
            .updateTable('sealed_current')
            .set({ kind: row.kind, meta: row.meta, deleted: row.deleted })
            .where('id', '=', row.id)
            .execute();
      });
    },
    Math.min(samples, 10),
  );

  return {
    engine,
    records: options.n,
    loadSeconds,
    rebuildSeconds,
    countRows: counts,
    queries,
    pushOverhead,
  };
}

export async function benchMap(options: MapBenchOptions): Promise<MapBenchResult> {
  const province = options.province ?? '33';
  const { name, villages } = provinceVillages(province);
  if (villages.length === 0) throw new Error(`no desa codes for province ${province}`);
  const to = '2026-11';
  const result: MapBenchResult = {
    province,
    provinceName: name,
    villages: villages.length,
    regencies: new Set(villages.map((v) => v.slice(0, 5))).size,
    months: { from: addMonths(to, -23), to },
    engines: [],
  };
  const engines: ('sqlite' | 'postgres')[] = options.cluster ? ['sqlite', 'postgres'] : ['sqlite'];
  for (const engine of engines) {
    const dir = mkdtempSync(path.join(tmpdir(), 'jejaring-bench-map-'));
    let databaseUrl = '';
    if (engine === 'postgres') {
      const cluster = options.cluster!;
      const database = `bench_map_${process.pid}_${Date.now()}`;
      createDatabaseSync(cluster.bin, cluster.port, database);
      databaseUrl = cluster.urlFor(database);
    }
    const opened = await openDatabase(dir, { databaseUrl, poolSize: 2 });
    try {
      result.engines.push(await benchEngine(engine, opened, villages, { ...options, to }));
    } finally {
      await opened.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return result;
}
