// Runs the Node-side benchmarks once with tiny sizes so they cannot rot: each must finish and
// produce finite, positive figures of the right shape. Timings are never asserted (they belong
// in BENCHMARKS.md, measured by `npm run bench`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig, TARGETS } from '../../bench/config';
import { machineInfo } from '../../bench/lib/machine';
import { startServerChild, type ServerChild } from '../../bench/lib/serverProcess';
import { percentile, summarize } from '../../bench/lib/stats';
import { benchIngest } from '../../bench/node/ingest';
import { benchOpenLoop, benchPush } from '../../bench/node/push';
import { benchNodeSync } from '../../bench/node/syncNode';
import { renderReport, resultRows, type BenchResults } from '../../bench/report';
import {
  renderScaleSection,
  scaleVerdicts,
  SCALE_END,
  SCALE_START,
  spliceScaleSection,
} from '../../bench/reportScale';
import { makeSealedEnvelopes, makeSealedKit } from '../../bench/lib/sealed';
import { PUSH_V2 } from '../../bench/node/push';
import type { ScaleResult } from '../../bench/node/scale';
import { openDatabase } from '../../src/server/db';
import { registerDistrictKey } from '../../src/server/districtKeys';

const positive = (value: number) => {
  expect(Number.isFinite(value)).toBe(true);
  expect(value).toBeGreaterThan(0);
};

describe('bench helpers', () => {
  it('percentiles use the nearest rank', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile([7], 95)).toBe(7);
    expect(summarize([1, 2, 3]).mean).toBe(2);
  });

  it('reads BENCH_N and BENCH_QUICK', () => {
    expect(readConfig({}).n).toBe(10_000);
    expect(readConfig({ BENCH_QUICK: '1' })).toMatchObject({ n: 200, lighthouseRuns: 1 });
    expect(readConfig({ BENCH_N: '500' }).n).toBe(500);
    expect(() => readConfig({ BENCH_N: 'ten' })).toThrow(/BENCH_N/);
  });
});

describe('Node-side benchmarks with a tiny N', () => {
  let server: ServerChild;
  let push: Awaited<ReturnType<typeof benchPush>>;
  let nodeSync: Awaited<ReturnType<typeof benchNodeSync>>;
  let ingest: Awaited<ReturnType<typeof benchIngest>>;

  beforeAll(async () => {
    server = await startServerChild();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  }, 30_000);

  it('server ingest next to raw SQLite', async () => {
    ingest = await benchIngest(50, 20);
    expect(ingest.records).toBe(50);
    for (const value of [
      ingest.ingestMs,
      ingest.rawMs,
      ingest.ratio,
      ingest.ingestRecordsPerSecond,
      ingest.rawRecordsPerSecond,
      ingest.rawSingleTransactionMs,
      ...Object.values(ingest.perRecordUs),
    ]) {
      positive(value);
    }
  }, 60_000);

  it('concurrent pushes to the server child and its memory', async () => {
    push = await benchPush(server, 50, { levels: [1, 3], pushesPerDevice: 2, recordsPerPush: 10 });
    expect(push.levels.map((l) => [l.devices, l.latencyMs.count])).toEqual([
      [1, 2],
      [3, 6],
    ]);
    for (const level of push.levels) {
      positive(level.latencyMs.p50);
      positive(level.latencyMs.p99);
      positive(level.recordsPerSecond);
      expect(level.latencyMs.p99).toBeGreaterThanOrEqual(level.latencyMs.p50);
    }
    positive(push.rssIdleMb);
    expect(push.rssHwmMb).toBeGreaterThanOrEqual(push.rssIdleMb);
  }, 60_000);

  it('pushes arriving at random times (open loop)', async () => {
    const open = await benchOpenLoop(server, 1_000, { devices: 3, pushes: 4, recordsPerPush: 5 });
    expect(open).toMatchObject({ devices: 3, offeredShareOfCapacity: 0.5 });
    expect(
      open.latencyMs.count + Object.values(open.networkErrors).reduce((a, b) => a + b, 0),
    ).toBe(4);
    positive(open.offeredPushesPerSecond);
    positive(open.latencyMs.p99);
  }, 60_000);

  it('sealed (v2) pushes spread over a list of servers', async () => {
    const kit = await makeSealedKit();
    const opened = await openDatabase(server.dataDir, { databaseUrl: '' });
    await registerDistrictKey(opened.db, kit.publicJwk);
    await opened.close();
    const v2 = await benchPush(server, 50, {
      levels: [2],
      pushesPerDevice: 2,
      recordsPerPush: 5,
      urls: [server.url, server.url],
      endpoint: PUSH_V2,
      makeBatch: (count) => makeSealedEnvelopes(kit, count),
    });
    expect(v2.levels[0]?.latencyMs.count).toBe(4);
    positive(v2.levels[0]!.recordsPerSecond);
  }, 60_000);

  it('end-to-end sync through src/data and src/sync in Node', async () => {
    nodeSync = await benchNodeSync(server, 30);
    expect(nodeSync.records).toBeGreaterThanOrEqual(30);
    positive(nodeSync.seconds);
    positive(nodeSync.recordsPerSecond);
  }, 60_000);

  it('renders a report with every figure beside its target', () => {
    const results: BenchResults = {
      config: readConfig({ BENCH_N: '50' }),
      machine: machineInfo(undefined),
      loadAverage: { start: [1, 1, 1], end: [1, 1, 1] },
      durationSeconds: 1,
      distDir: 'dist',
      push,
      nodeSync,
      ingest,
      errors: [],
    };
    const rows = resultRows(results);
    // Figures not measured here (the browser parts) say so instead of passing silently.
    expect(rows.find((r) => r.measure.startsWith('Lighthouse performance'))?.verdict).toBe(
      'not run',
    );
    const ingestRow = rows.find((r) => r.measure.startsWith('Server ingest'));
    expect(ingestRow?.target).toBe(`≤ ${TARGETS.ingestRatioToRaw}×`);
    expect(['met', 'missed']).toContain(ingestRow?.verdict);
    const markdown = renderReport(results);
    expect(markdown).toContain('## How to reproduce');
    expect(markdown).toContain('## Missed targets');
    expect(markdown).toContain(results.machine.commit);
  });
});

describe('server-scale section', () => {
  const level = (devices: number, recordsPerSecond: number) => ({
    devices,
    pushesPerDevice: 2,
    latencyMs: summarize([10, 20, 30]),
    networkErrors: {},
    busyAnswers: 0,
    recordsPerSecond,
  });
  const scale: ScaleResult = {
    recordsPerPush: 100,
    postgres: { version: 'postgres (PostgreSQL) 15', fsync: true },
    backends: [
      { name: 'PostgreSQL, 1 replica', engine: 'postgres', replicas: 1, levels: [level(50, 1000)] },
      {
        name: 'PostgreSQL, 2 replicas',
        engine: 'postgres',
        replicas: 2,
        levels: [level(50, 1700)],
      },
    ],
    slowDevice: {
      devices: 10,
      pushesPerDevice: 2,
      without: summarize([100]),
      with: summarize([115]),
      p99Change: 0.15,
      slowBodySeconds: 4,
      slowPushesStored: 1,
    },
  };

  it('judges each figure against its target', () => {
    const v = scaleVerdicts(scale);
    expect(v.replicaSpeedup).toBeCloseTo(1.7);
    expect(v.postgresIngestRatio).toBeUndefined();
    const markdown = renderScaleSection(scale, machineInfo(undefined), {
      start: [1, 1, 1],
      end: [1, 1, 1],
    });
    expect(markdown).toContain(
      '| 2 replicas ≥ 1.6× the throughput of 1 (50 devices) | 1.70× | ✅ met |',
    );
    expect(markdown).toMatch(/slow device changes the others' p99 by ≤ 10% \| 15\.0% \| ❌ missed/);
    expect(markdown).toMatch(/raw `INSERT … ON CONFLICT` \| n\/a \| ⚠️ not run/);
  });

  it('replaces only its own section of an existing file', () => {
    const section = `${SCALE_START}\nnew\n${SCALE_END}`;
    const once = spliceScaleSection('# Benchmarks\n\nkept\n', section);
    expect(once).toContain('kept');
    expect(once).toContain('new');
    const twice = spliceScaleSection(once.replace('new', 'old'), section);
    expect(twice).not.toContain('old');
    expect(twice.split(SCALE_START)).toHaveLength(2);
  });
});
