// Writes BENCHMARKS.md from one run's results: machine, how to reproduce, every figure beside its
// target (met, missed or informative), details, and the hand-written diagnosis of misses
// (bench/diagnosis.md, kept beside the code that measures).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { AppResult } from './browser/app';
import type { FirstLoadResult } from './browser/firstLoad';
import type { LighthouseResult } from './browser/lighthouse';
import type { BrowserSyncResult, SaveResult } from './browser/save';
import type { V2PhoneResult } from './browser/syncV2';
import { TARGETS, type BenchConfig } from './config';
import type { MachineInfo } from './lib/machine';
import { REPO_ROOT } from './lib/serverProcess';
import type { IngestResult, SealedIngestResult } from './node/ingest';
import type { OpenLoopResult, PushResult } from './node/push';
import type { NodeSyncResult } from './node/syncNode';
import type { ScaleResult } from './node/scale';
import { renderScaleSection } from './reportScale';

export interface BenchResults {
  config: BenchConfig;
  machine: MachineInfo;
  loadAverage: { start: number[]; end: number[] };
  durationSeconds: number;
  distDir: string;
  firstLoad?: FirstLoadResult;
  lighthouse?: LighthouseResult;
  app?: AppResult;
  save?: SaveResult;
  browserSync?: BrowserSyncResult;
  /** Contract v2 on the phone (same page as browserSync): sealing per record, feed apply. */
  phoneV2?: Omit<V2PhoneResult, 'sync'>;
  nodeSync?: NodeSyncResult;
  push?: PushResult;
  /** 50 devices pushing at random times at half the measured capacity. */
  openLoop?: OpenLoopResult;
  /** Older runs: the 50-device level against the bundled server while tsx was the main one. */
  pushBundled?: PushResult;
  /** The 50-device level against the server run through tsx (its loader costs memory). */
  pushTsx?: PushResult;
  ingest?: IngestResult;
  /** Contract v2: sealed envelopes (ingestSealedRecords) vs raw INSERTs of the same rows. */
  ingestSealed?: SealedIngestResult;
  /** Issue 12: SQLite vs PostgreSQL with 1 and 2 replicas, raw floors, open loop, slow device. */
  scale?: ScaleResult;
  /** Peak RSS (VmHWM) of the server that served the app and took the Chromium sync, MiB. */
  appServerPeakRssMb?: number;
  /** Sections that failed, with their error message. */
  errors: { section: string; message: string }[];
}

type Verdict = 'met' | 'missed' | 'info' | 'not run';

interface Row {
  section: string;
  measure: string;
  result: string;
  target: string;
  verdict: Verdict;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number) =>
  Number.isFinite(value) ? `${value.toFixed(value < 10 ? 1 : 0)} ms` : 'n/a';
const num = (value: number, digits = 0) =>
  Number.isFinite(value)
    ? value.toLocaleString('en-US', {
        maximumFractionDigits: digits,
        minimumFractionDigits: digits,
      })
    : 'n/a';
const ratio = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)}×` : 'n/a');
const verdictText: Record<Verdict, string> = {
  met: '✅ met',
  missed: '❌ missed',
  info: 'ℹ️ no target',
  'not run': '⚠️ not run',
};

function check(ok: boolean | undefined): Verdict {
  if (ok === undefined) return 'not run';
  return ok ? 'met' : 'missed';
}

/** Every figure with its target, in the issue's order. */
export function resultRows(r: BenchResults): Row[] {
  const rows: Row[] = [];
  const add = (
    section: string,
    measure: string,
    result: string,
    target: string,
    verdict: Verdict,
  ) => rows.push({ section, measure, result, target, verdict });
  const fl = r.firstLoad;
  add(
    '1',
    'First load: bytes transferred by the first navigation (CDP encodedDataLength, as the server sends them)',
    fl
      ? `${kb(fl.transferredBytes)}${fl.compressedOnWire ? ' (compressed)' : ' (sent uncompressed)'}`
      : 'n/a',
    `≤ ${TARGETS.firstLoadKb} KB (aim ${TARGETS.firstLoadAimKb})`,
    check(fl && fl.transferredBytes <= TARGETS.firstLoadKb * 1024),
  );
  add(
    '1',
    'First load: gzip size of index.html + shell JS + CSS (what the size budget counts)',
    fl ? kb(fl.gzipBytes) : 'n/a',
    `≤ ${TARGETS.firstLoadKb} KB (aim ${TARGETS.firstLoadAimKb})`,
    check(fl && fl.gzipBytes <= TARGETS.firstLoadKb * 1024),
  );
  const lh = r.lighthouse?.median;
  const runs = r.lighthouse?.runs.length ?? 0;
  add(
    '1',
    `Lighthouse performance (mobile, median of ${runs})`,
    lh ? num(lh.performance) : 'n/a',
    `≥ ${TARGETS.lighthousePerformance}`,
    check(lh && lh.performance >= TARGETS.lighthousePerformance),
  );
  add(
    '1',
    'Lighthouse LCP (median)',
    lh ? ms(lh.lcpMs) : 'n/a',
    '— (part of the performance score)',
    lh ? 'info' : 'not run',
  );
  add(
    '1',
    'Lighthouse TBT (median)',
    lh ? ms(lh.tbtMs) : 'n/a',
    '— (part of the performance score)',
    lh ? 'info' : 'not run',
  );
  add(
    '1',
    'Lighthouse accessibility (median)',
    lh ? num(lh.accessibility) : 'n/a',
    `${TARGETS.lighthouseAccessibility}`,
    check(lh && lh.accessibility >= TARGETS.lighthouseAccessibility),
  );
  add(
    '1',
    'Lighthouse best practices (median)',
    lh ? num(lh.bestPractices) : 'n/a',
    `≥ ${TARGETS.lighthouseBestPractices}`,
    check(lh && lh.bestPractices >= TARGETS.lighthouseBestPractices),
  );
  const app = r.app;
  add(
    '2',
    `Offline cold start of the installed app to its first screen, interactive (CPU ×4, median of ${app?.coldStarts.length ?? 0})`,
    app ? ms(app.coldStartMedianMs) : 'n/a',
    '— (no target in the issue)',
    app ? 'info' : 'not run',
  );
  const s = r.save;
  for (const at of s ? [s.atEmpty, s.atN] : []) {
    const label = at.stored === 0 ? 'empty store' : `${num(at.stored)} records stored`;
    add(
      '3',
      `saveRecord p50 / p95, ${label}`,
      `${ms(at.save.p50)} / ${ms(at.save.p95)}`,
      `p95 ≤ ${TARGETS.saveP95Ms} ms`,
      check(at.save.p95 <= TARGETS.saveP95Ms),
    );
    add(
      '3',
      `Raw IndexedDB put of the same bytes p50 / p95, ${label}`,
      `${ms(at.rawPut.p50)} / ${ms(at.rawPut.p95)}`,
      '— (the platform limit)',
      'info',
    );
    add(
      '3',
      `Raw IndexedDB transaction doing saveRecord's reads and writes (2 stores: get + put, last seq + put) p50 / p95, ${label}`,
      `${ms(at.rawSaveTransaction.p50)} / ${ms(at.rawSaveTransaction.p95)}`,
      '— (the design without Dexie and encryption)',
      'info',
    );
    add(
      '3',
      `saveRecord ÷ raw put (p50, p95), ${label}`,
      `${ratio(at.ratioP50)}, ${ratio(at.ratioP95)}`,
      `≤ ${TARGETS.saveRatioToRaw}×`,
      check(at.ratioP95 <= TARGETS.saveRatioToRaw && at.ratioP50 <= TARGETS.saveRatioToRaw),
    );
  }
  if (!s)
    add(
      '3',
      'saveRecord vs raw IndexedDB',
      'n/a',
      `p95 ≤ ${TARGETS.saveP95Ms} ms, ≤ ${TARGETS.saveRatioToRaw}×`,
      'not run',
    );
  add(
    '4',
    `Open the list of ${num(r.config.n)} records (#/records/migrant) to first painted row, first opening`,
    app ? ms(app.firstOpeningPaintMs) : 'n/a',
    `≤ ${TARGETS.listFirstPaintMs} ms`,
    check(app && app.firstOpeningPaintMs <= TARGETS.listFirstPaintMs),
  );
  add(
    '4',
    `Same, later openings (median of ${Math.max(0, (app?.openings.length ?? 1) - 1)})`,
    app ? ms(app.warmMedianPaintMs) : 'n/a',
    `≤ ${TARGETS.listFirstPaintMs} ms`,
    check(app && app.warmMedianPaintMs <= TARGETS.listFirstPaintMs),
  );
  add(
    '4',
    'Search typed into the list until its one result is painted (first / second search; includes the 250 ms input debounce)',
    app ? `${ms(app.searches.first)} / ${ms(app.searches.second)}` : 'n/a',
    '— (no target in the issue)',
    app ? 'info' : 'not run',
  );
  add(
    '4',
    `listRecords in the page: first page of ${num(r.config.n)} / search (cold) / search again`,
    app
      ? `${ms(app.data.pageMs)} / ${ms(app.data.searchMs)} / ${ms(app.data.searchAgainMs)}`
      : 'n/a',
    '— (data layer share of the above)',
    app ? 'info' : 'not run',
  );
  add(
    '4',
    `Raw IndexedDB: the same first page (50 newest) through the [kind+updatedMs] index / the kind's count from its index`,
    app && app.data.rawIndexPageMs !== undefined
      ? `${ms(app.data.rawIndexPageMs)} / ${ms(app.data.rawIndexCountMs)}`
      : 'n/a',
    '— (the platform limit for the list)',
    app ? 'info' : 'not run',
  );
  const bs = r.browserSync;
  add(
    '5',
    `Sync of ${bs ? num(bs.records) : num(r.config.n)} queued records end to end (Chromium: src/data + src/sync startSync → HTTP → real server)`,
    bs ? `${num(bs.recordsPerSecond)} records/s (${bs.seconds.toFixed(1)} s)` : 'n/a',
    `≥ ${num(TARGETS.syncRecordsPerSecond)} records/s`,
    check(bs && bs.recordsPerSecond >= TARGETS.syncRecordsPerSecond),
  );
  const v2 = r.phoneV2;
  add(
    '5',
    'Seal one record in Chromium (sealRecordPayload, HPKE to one district key) p50 / p95',
    v2 ? `${ms(v2.seal.seal.p50)} / ${ms(v2.seal.seal.p95)}` : 'n/a',
    '— (no target in the issue)',
    v2 ? 'info' : 'not run',
  );
  add(
    '5',
    `Apply ${v2 ? num(v2.feed.items) : '?'} feed items on the phone (applyFeedPage, ${v2?.feed.pageSize ?? 200} per page)`,
    v2 ? `${num(v2.feed.itemsPerSecond)} items/s (${v2.feed.seconds.toFixed(1)} s)` : 'n/a',
    '— (no target in the issue)',
    v2 ? 'info' : 'not run',
  );
  const ns = r.nodeSync;
  add(
    '5',
    `Same in Node (fake-indexeddb, ${ns ? num(ns.records) : '?'} records)`,
    ns ? `${num(ns.recordsPerSecond)} records/s` : 'n/a',
    '— (fake-indexeddb is not a phone; for comparison)',
    ns ? 'info' : 'not run',
  );
  const ing = r.ingest;
  add(
    '5',
    `Server ingest (ingestRecords, ${ing?.batchSize ?? 200}-record batches) vs raw better-sqlite3 INSERTs of the same rows`,
    ing
      ? `${num(ing.ingestRecordsPerSecond)} vs ${num(ing.rawRecordsPerSecond)} records/s = ${ratio(ing.ratio)} wall, ${ratio(ing.cpuRatio)} CPU time`
      : 'n/a',
    `≤ ${TARGETS.ingestRatioToRaw}×`,
    check(ing && ing.ratio <= TARGETS.ingestRatioToRaw),
  );
  const sealed = r.ingestSealed;
  add(
    '5',
    `Server ingest of sealed v2 envelopes (ingestSealedRecords, ${sealed?.batchSize ?? 200}-record batches) vs raw better-sqlite3 INSERTs of the same rows`,
    sealed
      ? `${num(sealed.ingestRecordsPerSecond)} vs ${num(sealed.rawRecordsPerSecond)} records/s = ${ratio(sealed.ratio)} wall, ${ratio(sealed.cpuRatio)} CPU time`
      : 'n/a',
    `≤ ${TARGETS.ingestRatioToRaw}×`,
    check(sealed && sealed.ratio <= TARGETS.ingestRatioToRaw),
  );
  for (const level of r.push?.levels ?? []) {
    add(
      '5',
      `100-record push latency p50 / p99, ${level.devices} concurrent device${level.devices > 1 ? 's' : ''} (${level.latencyMs.count} pushes)`,
      `${ms(level.latencyMs.p50)} / ${ms(level.latencyMs.p99)}${busyText(level.busyAnswers)}`,
      level.devices === 50 ? `p99 ≤ ${TARGETS.pushP99At50Ms} ms` : '—',
      level.devices === 50 ? check(level.latencyMs.p99 <= TARGETS.pushP99At50Ms) : 'info',
    );
  }
  if (!r.push)
    add(
      '5',
      'Push latency at 1/10/50 devices',
      'n/a',
      `p99 ≤ ${TARGETS.pushP99At50Ms} ms at 50`,
      'not run',
    );
  const ol = r.openLoop;
  add(
    '5',
    `100-record push latency p50 / p99, 50 devices pushing at random times at ${ol ? Math.round(ol.offeredShareOfCapacity * 100) : 50}% of capacity (${ol ? `${ol.offeredPushesPerSecond.toFixed(1)} pushes/s, ${ol.latencyMs.count} pushes` : 'open loop'})`,
    ol
      ? `${ms(ol.latencyMs.p50)} / ${ms(ol.latencyMs.p99)}${busyText(ol.busyAnswers)}${Object.keys(ol.networkErrors).length ? `; without an answer: ${errorsText(ol.networkErrors)}` : ''}`
      : 'n/a',
    `p99 ≤ ${TARGETS.pushP99At50Ms} ms (the target read as devices syncing at their own pace)`,
    check(ol ? ol.latencyMs.p99 <= TARGETS.pushP99At50Ms : undefined),
  );
  const peak = Math.max(r.push?.rssHwmMb ?? 0, r.appServerPeakRssMb ?? 0);
  add(
    '5',
    'Server RSS at peak (VmHWM of the server process; idle RSS in brackets)',
    r.push ? `${num(peak, 1)} MB (idle ${num(r.push.rssIdleMb, 1)} MB)` : 'n/a',
    `≤ ${TARGETS.serverRssMb} MB`,
    check(r.push ? peak <= TARGETS.serverRssMb : undefined),
  );
  const alt = r.pushTsx ?? r.pushBundled;
  const altLabel = r.pushTsx
    ? 'Same server through tsx (`node --import tsx`, as tests and development run it)'
    : 'Same server bundled to plain JavaScript (esbuild, no tsx loader)';
  const pb = alt;
  const pb50 = pb?.levels[0];
  add(
    '5',
    `${altLabel}: RSS at peak (idle); 50-device p99`,
    pb && pb50
      ? `${num(pb.rssHwmMb, 1)} MB (idle ${num(pb.rssIdleMb, 1)} MB); p99 ${ms(pb50.latencyMs.p99)}`
      : 'n/a',
    r.pushTsx ? '— (comparison: `npm start` runs the bundle)' : `≤ ${TARGETS.serverRssMb} MB`,
    r.pushTsx ? 'info' : check(pb ? pb.rssHwmMb <= TARGETS.serverRssMb : undefined),
  );
  add(
    '6',
    `JS heap (used, after GC): home / ${num(r.config.n)} records listed / and searched`,
    app
      ? `${num(app.heap.homeMb, 1)} / ${num(app.heap.listedMb, 1)} / ${num(app.heap.searchedMb, 1)} MB`
      : 'n/a',
    '— (no target in the issue)',
    app ? 'info' : 'not run',
  );
  return rows;
}

/** "; 12 busy (429) answers waited out" when the server pushed back. */
function busyText(busy: number | undefined): string {
  return busy ? `; ${busy} busy (429/503) answers waited out (Retry-After)` : '';
}

function errorsText(errors: Record<string, number> | undefined): string {
  const entries = Object.entries(errors ?? {});
  return entries.length ? entries.map(([code, n]) => `${n}× ${code}`).join(', ') : 'none';
}

function details(r: BenchResults): string {
  const out: string[] = [];
  if (r.firstLoad) {
    out.push(
      '### First load: responses of the first navigation',
      '',
      '| URL path | type | bytes on the wire |',
      '|---|---|---:|',
    );
    for (const resp of r.firstLoad.responses) {
      out.push(`| \`${new URL(resp.url).pathname}\` | ${resp.type} | ${num(resp.encodedBytes)} |`);
    }
    out.push('', '| first-load file | raw | gzip -9 |', '|---|---:|---:|');
    for (const f of r.firstLoad.gzipFiles)
      out.push(`| \`${f.file}\` | ${kb(f.rawBytes)} | ${kb(f.gzipBytes)} |`);
    out.push('');
  }
  if (r.lighthouse) {
    out.push(
      '### Lighthouse runs',
      '',
      `Settings: ${r.lighthouse.settings}.`,
      '',
      '| run | performance | LCP | TBT | FCP | accessibility | best practices |',
      '|---|---:|---:|---:|---:|---:|---:|',
    );
    r.lighthouse.runs.forEach((run, i) =>
      out.push(
        `| ${i + 1} | ${run.performance} | ${ms(run.lcpMs)} | ${ms(run.tbtMs)} | ${ms(run.fcpMs)} | ${run.accessibility} | ${run.bestPractices} |`,
      ),
    );
    if (r.lighthouse.failing.length)
      out.push(
        '',
        `Audits below full score: ${r.lighthouse.failing.map((f) => `\`${f}\``).join(', ')}.`,
      );
    out.push('');
  }
  if (r.app) {
    out.push(
      '### List, search, heap, cold start',
      '',
      `Seeding ${num(r.app.records)} records through saveRecord took ${ms(r.app.seedMs)}.`,
      '',
      '| list opening | first row in DOM | painted |',
      '|---|---:|---:|',
    );
    r.app.openings.forEach((o, i) =>
      out.push(`| ${i + 1}${i === 0 ? ' (first)' : ''} | ${ms(o.rowMs)} | ${ms(o.paintMs)} |`),
    );
    out.push(
      '',
      '| offline cold start | first screen painted | heading | served by SW | network really off |',
      '|---|---:|---|---|---|',
    );
    r.app.coldStarts.forEach((c, i) =>
      out.push(
        `| ${i + 1} | ${ms(c.firstScreenMs)} | ${c.heading} | ${c.controlled ? 'yes' : 'no'} | ${c.offline ? 'yes' : 'no'} |`,
      ),
    );
    out.push('');
  }
  if (r.save) {
    const s = r.save;
    out.push(
      '### Saving',
      '',
      `Ciphertext per record: ${num(s.cipherBytes)} bytes (migrant example payload). JSON + AES-GCM encrypt alone: p50 ${ms(s.encrypt.p50)}, p95 ${ms(s.encrypt.p95)}. Timer resolution in the page is 0.1 ms.`,
      '',
      '| store | saveRecord p50 | p95 | p99 | raw put p50 | p95 | p99 | raw save-shaped transaction p50 | p95 |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const at of [s.atEmpty, s.atN]) {
      out.push(
        `| ${num(at.stored)} records | ${ms(at.save.p50)} | ${ms(at.save.p95)} | ${ms(at.save.p99)} | ${ms(at.rawPut.p50)} | ${ms(at.rawPut.p95)} | ${ms(at.rawPut.p99)} | ${ms(at.rawSaveTransaction.p50)} | ${ms(at.rawSaveTransaction.p95)} |`,
      );
    }
    out.push('');
  }
  if (r.ingest) {
    const g = r.ingest;
    out.push(
      '### Server ingest',
      '',
      `${num(g.records)} records in ${g.batchSize}-record batches: ingestRecords ${ms(g.ingestMs)}, raw INSERTs of the same rows ${ms(g.rawMs)} (one transaction for all: ${ms(g.rawSingleTransactionMs)}). Process CPU time: ingest ${ms(g.ingestCpuMs)}, raw ${ms(g.rawCpuMs)} (${ratio(g.cpuRatio)}). CPU parts of ingest per record: validation ${num(g.perRecordUs.validate)} µs, content hash ${num(g.perRecordUs.contentHash)} µs, payload sealing ${num(g.perRecordUs.seal)} µs.`,
      '',
    );
  }
  if (r.ingestSealed) {
    const g = r.ingestSealed;
    out.push(
      '### Server ingest, contract v2 (sealed)',
      '',
      `${num(g.records)} sealed records in ${g.batchSize}-record batches: ingestSealedRecords ${ms(g.ingestMs)}, raw INSERTs of the same sealed_revisions + sealed_current rows ${ms(g.rawMs)}. Process CPU time: ingest ${ms(g.ingestCpuMs)}, raw ${ms(g.rawCpuMs)} (${ratio(g.cpuRatio)}). Sealed payload + meta stored once: ${num(g.storedBytesPerRecord)} bytes per record.`,
      '',
    );
  }
  if (r.push) {
    out.push(
      '### Concurrent pushes',
      '',
      '| devices | pushes per device | p50 | p95 | p99 | max | records/s | busy answers waited out | pushes without an answer |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    );
    for (const l of r.push.levels) {
      out.push(
        `| ${l.devices} | ${l.pushesPerDevice} | ${ms(l.latencyMs.p50)} | ${ms(l.latencyMs.p95)} | ${ms(l.latencyMs.p99)} | ${ms(l.latencyMs.max)} | ${num(l.recordsPerSecond)} | ${num(l.busyAnswers ?? 0)} | ${errorsText(l.networkErrors)} |`,
      );
    }
    const bundled = (r.pushTsx ?? r.pushBundled)?.levels[0];
    if (bundled) {
      out.push(
        `| ${bundled.devices} (${r.pushTsx ? 'server through tsx' : 'bundled server'}) | ${bundled.pushesPerDevice} | ${ms(bundled.latencyMs.p50)} | ${ms(bundled.latencyMs.p95)} | ${ms(bundled.latencyMs.p99)} | ${ms(bundled.latencyMs.max)} | ${num(bundled.recordsPerSecond)} | ${num(bundled.busyAnswers ?? 0)} | ${errorsText(bundled.networkErrors)} |`,
      );
    }
    out.push(
      '',
      `Server RSS: idle ${num(r.push.rssIdleMb, 1)} MB, highest sample ${num(r.push.rssPeakSampledMb, 1)} MB, VmHWM ${num(r.push.rssHwmMb, 1)} MB${r.appServerPeakRssMb ? `; the server that served the app and took the Chromium sync peaked at ${num(r.appServerPeakRssMb, 1)} MB` : ''}.`,
      '',
    );
  }
  return out.join('\n');
}

/** The whole BENCHMARKS.md. */
export function renderReport(r: BenchResults): string {
  const m = r.machine;
  const rows = resultRows(r);
  const missed = rows.filter((row) => row.verdict === 'missed');
  const diagnosisFile = path.join(REPO_ROOT, 'bench/diagnosis.md');
  const diagnosis = existsSync(diagnosisFile) ? readFileSync(diagnosisFile, 'utf8').trim() : '';
  const load = (l: number[]) => l.map((v) => v.toFixed(2)).join(', ');
  return [
    '# Benchmarks',
    '',
    'Generated by `npm run bench` (bench/run.ts). Do not edit by hand: edit bench/diagnosis.md for the explanations and run the bench again.',
    '',
    '| | |',
    '|---|---|',
    `| Date | ${m.date} |`,
    `| Git commit | \`${m.commit}\`${m.dirty ? ' (with uncommitted changes in the work tree)' : ''} |`,
    `| CPU | ${m.cpu}, ${m.cores} cores |`,
    `| RAM | ${m.ramGb} GB |`,
    `| OS | ${m.os} |`,
    `| Node | ${m.node} |`,
    `| Chromium | ${m.chromium} (headless, --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run) |`,
    `| Records (N) | ${num(r.config.n)}${r.config.quick ? ' (BENCH_QUICK)' : ''} |`,
    `| Load average (1, 5, 15 min) at start / end | ${load(r.loadAverage.start)} / ${load(r.loadAverage.end)} |`,
    `| Duration | ${num(r.durationSeconds)} s |`,
    '',
    'The machine is shared: a load average above the core count means other processes competed for the CPU during the run, which lengthens wall-clock figures.',
    '',
    '## How to reproduce',
    '',
    '```sh',
    'npm ci',
    'npm run bench                 # builds dist/ (npm run build), then measures; writes BENCHMARKS.md',
    'BENCH_N=2000 npm run bench    # fewer records',
    'BENCH_QUICK=1 npm run bench   # N=200, one Lighthouse run: a smoke run of every part',
    'BENCH_SKIP_BUILD=1 npm run bench   # measure the dist/ already built',
    'BENCH_RENDER_ONLY=1 npm run bench  # rewrite this file from the last run (.bench-tmp/results.json)',
    '```',
    '',
    'Push latencies are what a phone experiences: from the first attempt until the records are stored; a 429/503 "busy" answer is waited out for its Retry-After and the push is sent again, and the time counts.',
    '',
    'Chromium is the installed one (CHROME_PATH, else /usr/bin/chromium, found as by tests/e2e/chromium.ts); everything listens on 127.0.0.1. The server is `src/server/main.ts` bundled by esbuild (as `npm run build:server` does for `npm start`) in a child process, serving the built app; one row runs it through tsx for comparison. The Node-side parts are smoke-tested by `npx vitest run tests/bench`.',
    '',
    '## Results',
    '',
    '| # | Measure | Result | Target | |',
    '|---|---|---|---|---|',
    ...rows.map(
      (row) =>
        `| ${row.section} | ${row.measure} | ${row.result} | ${row.target} | ${verdictText[row.verdict]} |`,
    ),
    '',
    ...(r.errors.length
      ? [
          '**Sections that failed in this run:**',
          '',
          ...r.errors.map((e) => `- ${e.section}: ${e.message.replace(/\n/g, ' ').slice(0, 400)}`),
          '',
        ]
      : []),
    '## Missed targets',
    '',
    missed.length
      ? `Missed in this run: ${[...new Set(missed.map((row) => `${row.section}. ${row.measure.split(' (')[0]}`))].join('; ')}.`
      : 'Every target with a figure in this run was met.',
    '',
    diagnosis,
    '',
    '## Details',
    '',
    details(r),
    ...(r.scale
      ? [
          '',
          renderScaleSection(
            r.scale,
            r.machine,
            r.loadAverage,
            existsSync(path.join(REPO_ROOT, 'bench/diagnosis-scale.md'))
              ? readFileSync(path.join(REPO_ROOT, 'bench/diagnosis-scale.md'), 'utf8')
              : '',
          ),
        ]
      : []),
  ].join('\n');
}
