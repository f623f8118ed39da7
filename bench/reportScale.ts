// The "Server scale" section of BENCHMARKS.md (issue 12's measure). A full `npm run bench` puts it
// in the whole report; `BENCH_ONLY=scale npm run bench` measures only this part and replaces just
// this section (between the markers) in the existing file, with the machine and commit it ran on.
import type { MachineInfo } from './lib/machine';
import type { ScaleResult } from './node/scale';

export const SCALE_START = '<!-- bench:server-scale:start -->';
export const SCALE_END = '<!-- bench:server-scale:end -->';

/** Targets of issue 12 (and issue 9's ingest ratio). */
export const SCALE_TARGETS = {
  postgresIngestRatio: 2,
  sqliteIngestRatio: 2,
  replicaSpeedup: 1.6,
  openLoopP99Ms: 100,
  slowDeviceP99Change: 0.1,
} as const;

const ms = (v: number | undefined) =>
  v !== undefined && Number.isFinite(v) ? `${v.toFixed(v < 10 ? 1 : 0)} ms` : 'n/a';
const num = (v: number | undefined) =>
  v !== undefined && Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : 'n/a';
const times = (v: number | undefined) =>
  v !== undefined && Number.isFinite(v) ? `${v.toFixed(2)}×` : 'n/a';
const verdict = (ok: boolean | undefined) =>
  ok === undefined ? '⚠️ not run' : ok ? '✅ met' : '❌ missed';

export interface ScaleVerdicts {
  postgresIngestRatio?: number;
  sqliteIngestRatio?: number;
  /** records/s of 2 replicas ÷ 1 replica at 50 devices. */
  replicaSpeedup?: number;
  openLoopP99Ms?: number;
  slowDeviceP99Change?: number;
}

export function scaleVerdicts(s: ScaleResult): ScaleVerdicts {
  const at50 = (name: string) =>
    s.backends.find((b) => b.name === name)?.levels.find((l) => l.devices === 50)?.recordsPerSecond;
  const one = at50('PostgreSQL, 1 replica');
  const two = at50('PostgreSQL, 2 replicas');
  return {
    postgresIngestRatio: s.ingestPostgres?.ratio,
    sqliteIngestRatio: s.ingestSqlite?.ratio,
    replicaSpeedup: one && two ? two / one : undefined,
    openLoopP99Ms: s.openLoop?.latencyMs.p99,
    slowDeviceP99Change: s.slowDevice?.p99Change,
  };
}

export function renderScaleSection(
  s: ScaleResult,
  machine: MachineInfo,
  load: { start: number[]; end: number[] },
  diagnosis = '',
): string {
  const v = scaleVerdicts(s);
  const l = (x: number[]) => x.map((n) => n.toFixed(2)).join(', ');
  const out: string[] = [
    SCALE_START,
    '## Server scale: SQLite, PostgreSQL, replicas (contract v2)',
    '',
    `Measured ${machine.date} at commit \`${machine.commit}\`${machine.dirty ? ' (with uncommitted changes)' : ''} on ${machine.cpu}, ${machine.cores} cores, ${machine.ramGb} GB, ${machine.os}, Node ${machine.node}, ${s.postgres.version} (throwaway cluster, fsync ${s.postgres.fsync ? 'on' : 'off'}; SQLite with synchronous = FULL). Load average at start / end: ${l(load.start)} / ${l(load.end)}. Reproduce with \`BENCH_ONLY=scale npm run bench\` (only this section) or \`npm run bench\`.`,
    '',
    `Servers are \`src/server/main.ts\` bundled by esbuild, each a child process; pushes are ${s.recordsPerPush}-record \`POST /api/v2/sync/push\` bodies of HPKE-sealed envelopes, back to back per device (each device has one push in flight), latencies from the first attempt until stored (429 answers waited out). "2 replicas" = two server processes on one PostgreSQL database; the client sends each push to the next replica in turn, as a round-robin load balancer would. Every process of the run (client, servers, PostgreSQL) shares the same ${machine.cores} cores.`,
    '',
    '| Target | Result | |',
    '|---|---|---|',
    `| PostgreSQL ingest within ${SCALE_TARGETS.postgresIngestRatio}× of raw \`INSERT … ON CONFLICT\` | ${times(v.postgresIngestRatio)} | ${verdict(v.postgresIngestRatio === undefined ? undefined : v.postgresIngestRatio <= SCALE_TARGETS.postgresIngestRatio)} |`,
    `| SQLite sealed ingest within ${SCALE_TARGETS.sqliteIngestRatio}× of raw INSERTs (issue 9) | ${times(v.sqliteIngestRatio)} | ${verdict(v.sqliteIngestRatio === undefined ? undefined : v.sqliteIngestRatio <= SCALE_TARGETS.sqliteIngestRatio)} |`,
    `| 2 replicas ≥ ${SCALE_TARGETS.replicaSpeedup}× the throughput of 1 (50 devices) | ${times(v.replicaSpeedup)} | ${verdict(v.replicaSpeedup === undefined ? undefined : v.replicaSpeedup >= SCALE_TARGETS.replicaSpeedup)} |`,
    `| p99 of 50 devices arriving at random at half capacity, SQLite ≤ ${SCALE_TARGETS.openLoopP99Ms} ms | ${ms(v.openLoopP99Ms)} | ${verdict(v.openLoopP99Ms === undefined ? undefined : v.openLoopP99Ms <= SCALE_TARGETS.openLoopP99Ms)} |`,
    `| one slow device changes the others' p99 by ≤ ${SCALE_TARGETS.slowDeviceP99Change * 100}% | ${v.slowDeviceP99Change === undefined ? 'n/a' : `${(v.slowDeviceP99Change * 100).toFixed(1)}%`} | ${verdict(v.slowDeviceP99Change === undefined ? undefined : v.slowDeviceP99Change <= SCALE_TARGETS.slowDeviceP99Change)} |`,
    '',
    `| Backend | devices | pushes per device | p50 | p95 | p99 | records/s | 429 waited out |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const b of s.backends)
    for (const level of b.levels)
      out.push(
        `| ${b.name} | ${level.devices} | ${level.pushesPerDevice} | ${ms(level.latencyMs.p50)} | ${ms(level.latencyMs.p95)} | ${ms(level.latencyMs.p99)} | ${num(level.recordsPerSecond)} | ${level.busyAnswers} |`,
      );
  out.push('');
  const ingestRows: string[] = [];
  if (s.ingestSqlite) {
    const g = s.ingestSqlite;
    ingestRows.push(
      `| SQLite | ${num(g.records)} | ${g.batchSize} | ${num(g.ingestRecordsPerSecond)} | ${num(g.rawRecordsPerSecond)} (prepared INSERTs) | ${times(g.ratio)} | ${times(g.cpuRatio)} |`,
    );
  }
  if (s.ingestPostgres) {
    const g = s.ingestPostgres;
    ingestRows.push(
      `| PostgreSQL | ${num(g.records)} | ${g.batchSize} | ${num(g.ingestRecordsPerSecond)} | ${num(g.rawRecordsPerSecond)} (prepared \`INSERT … ON CONFLICT DO NOTHING\`) | ${times(g.ratio)} | client only: ${num(g.ingestClientCpuMs)} vs ${num(g.rawClientCpuMs)} ms |`,
    );
  }
  if (ingestRows.length) {
    out.push(
      'Ingest in process (`ingestSealedRecords`: envelope + meta validation, kid check, content hash, one transaction per batch) next to raw inserts of exactly the rows it wrote, in the same batch transactions:',
      '',
      '| Engine | records | batch | ingest records/s | raw floor records/s | ratio (wall) | CPU ratio |',
      '|---|---:|---:|---:|---:|---:|---:|',
      ...ingestRows,
      '',
    );
  }
  if (s.openLoop) {
    const o = s.openLoop;
    out.push(
      `Open loop (SQLite): ${o.devices} devices, ${num(o.latencyMs.count)} pushes arriving at random (exponential gaps) at ${o.offeredPushesPerSecond.toFixed(1)} pushes/s = ${o.offeredShareOfCapacity * 100}% of the 1-device capacity: p50 ${ms(o.latencyMs.p50)}, p95 ${ms(o.latencyMs.p95)}, p99 ${ms(o.latencyMs.p99)}, max ${ms(o.latencyMs.max)}; ${o.busyAnswers} busy answers waited out.`,
      '',
    );
  }
  if (s.slowDevice) {
    const d = s.slowDevice;
    out.push(
      `Slow device (SQLite): ${d.devices} devices × ${d.pushesPerDevice} pushes back to back, twice without and twice with an eleventh device whose ${s.recordsPerPush}-record bodies each trickle in over ${d.slowBodySeconds} s (${d.slowPushesStored} of them stored meanwhile). Others' latency without: p50 ${ms(d.without.p50)}, p99 ${ms(d.without.p99)}; with: p50 ${ms(d.with.p50)}, p99 ${ms(d.with.p99)}.`,
      '',
    );
  }
  if (diagnosis.trim()) out.push(diagnosis.trim(), '');
  out.push(SCALE_END);
  return out.join('\n');
}

/** Puts the section into an existing BENCHMARKS.md: replaces the marked one, else appends. */
export function spliceScaleSection(markdown: string, section: string): string {
  const start = markdown.indexOf(SCALE_START);
  const end = markdown.indexOf(SCALE_END);
  if (start !== -1 && end > start)
    return markdown.slice(0, start) + section + markdown.slice(end + SCALE_END.length);
  return `${markdown.trimEnd()}\n\n${section}\n`;
}
