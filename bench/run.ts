// `npm run bench`: builds the app, measures it in Chromium and Node on this machine, and writes
// BENCHMARKS.md. Every part is bounded (N records, fixed sample counts, timeouts) and the whole
// run stops itself after BENCH_TIMEOUT_MIN minutes (default 45). Everything runs on 127.0.0.1.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { benchApp } from './browser/app';
import { BENCH_TMP, buildWebRoot, DIST } from './browser/build';
import { benchFirstLoad } from './browser/firstLoad';
import { chromiumPath, launchBrowser } from './browser/launch';
import { benchLighthouse } from './browser/lighthouse';
import { benchSaveAndSync } from './browser/save';
import { readConfig } from './config';
import { machineInfo } from './lib/machine';
import { bundleServer, REPO_ROOT, startServerChild, type ServerChild } from './lib/serverProcess';
import { benchIngest, benchSealedIngest } from './node/ingest';
import { benchOpenLoop, benchPush } from './node/push';
import { benchNodeSync } from './node/syncNode';
import { renderReport, resultRows, type BenchResults } from './report';
import { renderScaleSection, scaleVerdicts, spliceScaleSection } from './reportScale';
import { benchServerScale, type ScaleResult } from './node/scale';
import { benchMap } from './node/map';
import { renderMapSection, spliceMapSection } from './reportMap';
import { startPostgresCluster } from '../tests/setup/postgresCluster';
import { syncOnly } from './syncOnly';

/** Records for the Node (fake-indexeddb) sync: slower storage, so fewer than N. */
const NODE_SYNC_MAX = 2_000;

function progress(message: string): void {
  console.info(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

/** BENCH_RENDER_ONLY=1: rewrite BENCHMARKS.md from the last run's results (after editing bench/diagnosis.md). */
function renderOnly(): number {
  const file = path.join(BENCH_TMP, 'results.json');
  if (!existsSync(file)) throw new Error(`${file} is missing: run the benchmark first.`);
  const results = JSON.parse(readFileSync(file, 'utf8')) as BenchResults;
  writeFileSync(path.join(REPO_ROOT, 'BENCHMARKS.md'), renderReport(results));
  progress('BENCHMARKS.md rewritten from .bench-tmp/results.json');
  return 0;
}

/** The hand-written diagnosis of the server-scale figures, kept beside the code that measures. */
function scaleDiagnosis(): string {
  const file = path.join(REPO_ROOT, 'bench/diagnosis-scale.md');
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

/**
 * BENCH_ONLY=scale: only the server-scale comparison (SQLite, PostgreSQL ×1, ×2, raw floors, open
 * loop, slow device), spliced into the existing BENCHMARKS.md; the rest of the file stays as it is.
 */
async function scaleOnly(): Promise<number> {
  const started = Date.now();
  const config = readConfig();
  mkdirSync(BENCH_TMP, { recursive: true });
  const bundle = await bundleServer();
  const loadStart = os.loadavg();
  const scale: ScaleResult = await benchServerScale(bundle, config.n, { progress });
  const machine = machineInfo(undefined);
  const load = { start: loadStart, end: os.loadavg() };
  writeFileSync(
    path.join(BENCH_TMP, 'scale.json'),
    JSON.stringify({ machine, load, scale }, null, 2),
  );
  const file = path.join(REPO_ROOT, 'BENCHMARKS.md');
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const section = renderScaleSection(scale, machine, load, scaleDiagnosis());
  writeFileSync(file, spliceScaleSection(before, section));
  console.info(JSON.stringify(scaleVerdicts(scale)));
  progress(
    `server-scale section of BENCHMARKS.md written in ${Math.round((Date.now() - started) / 1000)} s`,
  );
  return 0;
}

/** Records of the map benchmark (BENCH_MAP_N, default 1,000,000; 20,000 with BENCH_QUICK). */
function mapRecordCount(quick: boolean): number {
  const n = Number(process.env.BENCH_MAP_N ?? (quick ? 20_000 : 1_000_000));
  if (!Number.isInteger(n) || n < 1 || n > 5_000_000)
    throw new Error('BENCH_MAP_N must be 1…5000000');
  return n;
}

/** The vulnerability map on SQLite and PostgreSQL; splices its section into BENCHMARKS.md. */
async function mapSection(quick: boolean): Promise<void> {
  const loadStart = os.loadavg();
  const cluster = await startPostgresCluster({ fsync: false });
  try {
    const result = await benchMap({ n: mapRecordCount(quick), cluster, progress });
    writeFileSync(path.join(BENCH_TMP, 'map.json'), JSON.stringify(result, null, 2));
    const file = path.join(REPO_ROOT, 'BENCHMARKS.md');
    const before = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
    const section = renderMapSection(result, machineInfo(undefined), {
      start: loadStart,
      end: os.loadavg(),
    });
    writeFileSync(file, spliceMapSection(before, section));
  } finally {
    cluster.stop();
  }
}

async function main(): Promise<number> {
  if (process.env.BENCH_RENDER_ONLY === '1') return renderOnly();
  if (process.env.BENCH_ONLY === 'scale') return scaleOnly();
  if (process.env.BENCH_ONLY === 'sync') return syncOnly(progress);
  if (process.env.BENCH_ONLY === 'map') {
    mkdirSync(BENCH_TMP, { recursive: true });
    await mapSection(readConfig().quick);
    progress('vulnerability-map section of BENCHMARKS.md written');
    return 0;
  }
  const started = Date.now();
  const config = readConfig();
  const timeoutMin = Number(process.env.BENCH_TIMEOUT_MIN ?? 45);
  setTimeout(() => {
    console.error(`The benchmark ran longer than ${timeoutMin} minutes and was stopped.`);
    process.exit(2);
  }, timeoutMin * 60_000).unref();

  let dist = DIST;
  if (process.env.BENCH_DIST) {
    dist = path.resolve(process.env.BENCH_DIST);
  } else if (process.env.BENCH_SKIP_BUILD !== '1') {
    progress('building the app (npm run build)');
    execFileSync('npm', ['run', 'build'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  mkdirSync(BENCH_TMP, { recursive: true });
  const web = await buildWebRoot(dist);
  // `npm start` runs src/server bundled by esbuild (build:server); the bench bundles it the same way.
  const bundle = await bundleServer();

  const results: BenchResults = {
    config,
    machine: machineInfo(chromiumPath()),
    loadAverage: { start: os.loadavg(), end: [] },
    durationSeconds: 0,
    distDir: path.relative(REPO_ROOT, dist) || '.',
    errors: [],
  };
  const section = async <T>(name: string, fn: () => Promise<T>): Promise<T | undefined> => {
    progress(name);
    try {
      return await fn();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`[bench] ${name} failed: ${message}`);
      results.errors.push({ section: name, message });
      return undefined;
    }
  };

  let server: ServerChild | undefined;
  let browser: Browser | undefined;
  try {
    server = await startServerChild({ staticDir: web, bundle });
    browser = await launchBrowser();
    const appServer = server;
    const chromium = browser;
    results.firstLoad = await section('first load', () =>
      benchFirstLoad(chromium, `${appServer.url}/`, dist),
    );
    results.lighthouse = await section(`Lighthouse ×${config.lighthouseRuns}`, () =>
      benchLighthouse(`${appServer.url}/`, config.lighthouseRuns),
    );
    results.app = await section(`list, search, heap and offline cold start (N=${config.n})`, () =>
      benchApp(appServer.url, config.n, config),
    );
    const saved = await section(`saving and Chromium sync (N=${config.n})`, () =>
      benchSaveAndSync(appServer, config.n, config.saveSamples),
    );
    results.save = saved?.save;
    results.browserSync = saved?.sync;
    results.phoneV2 = saved?.v2;
    results.appServerPeakRssMb = server.memory().peakRssMb;
  } finally {
    await browser?.close();
    await server?.stop();
  }

  // A fresh API-only server for the Node parts, so its memory figures start from idle.
  const apiServer = await startServerChild({ bundle });
  try {
    results.push = await section('concurrent pushes and server RSS', () =>
      benchPush(apiServer, config.n),
    );
    const capacity = results.push?.levels[0]?.recordsPerSecond;
    if (capacity) {
      results.openLoop = await section('50 devices pushing at half capacity (open loop)', () =>
        benchOpenLoop(apiServer, capacity, {
          pushes: Math.max(20, Math.round(100 * Math.min(1, config.n / 10_000))),
        }),
      );
    }
    const nodeN = Math.min(config.n, NODE_SYNC_MAX);
    results.nodeSync = await section(`Node sync (fake-indexeddb, N=${nodeN})`, () =>
      benchNodeSync(apiServer, nodeN),
    );
  } finally {
    await apiServer.stop();
  }
  // The same server through tsx (how tests and development run it): its memory with the loader.
  const tsxServer = await startServerChild();
  try {
    results.pushTsx = await section('50 concurrent pushes, server through tsx', () =>
      benchPush(tsxServer, config.n, { levels: [50] }),
    );
  } finally {
    await tsxServer.stop();
  }
  results.ingest = await section(`server ingest vs raw SQLite (N=${config.n})`, () =>
    benchIngest(config.n),
  );
  results.ingestSealed = await section(`sealed (v2) ingest vs raw SQLite (N=${config.n})`, () =>
    benchSealedIngest(config.n),
  );

  results.scale = await section(
    'server scale: SQLite, PostgreSQL with 1 and 2 replicas, raw floors',
    () => benchServerScale(bundle, config.n, { progress }),
  );

  results.loadAverage.end = os.loadavg();
  results.durationSeconds = (Date.now() - started) / 1000;
  writeFileSync(path.join(BENCH_TMP, 'results.json'), JSON.stringify(results, null, 2));
  writeFileSync(path.join(REPO_ROOT, 'BENCHMARKS.md'), renderReport(results));
  for (const row of resultRows(results)) {
    console.info(
      `${row.section}  ${row.verdict.padEnd(7)}  ${row.measure}: ${row.result}  (target ${row.target})`,
    );
  }
  // The map section lives between its own markers: measured after the rest, spliced in.
  await section('vulnerability map (issue 13)', () => mapSection(config.quick));
  progress(`BENCHMARKS.md written in ${Math.round(results.durationSeconds)} s`);
  return results.errors.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
