// `BENCH_ONLY=sync npm run bench`: contract v2 on the phone in Chromium (sealing, sync of N
// records, N feed items applied) and, in the same run, PouchDB writing and replicating the same
// N records; spliced into BENCHMARKS.md between its markers (the rest of the file stays).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BENCH_TMP, buildWebRoot, DIST } from './browser/build';
import { chromiumPath } from './browser/launch';
import { benchPhoneSync, type PhoneSyncResult } from './browser/phoneSync';
import { benchPouch, type PouchResult } from './browser/pouch';
import { readConfig } from './config';
import { machineInfo } from './lib/machine';
import { bundleServer, REPO_ROOT, startServerChild } from './lib/serverProcess';
import { renderSyncSection, spliceSyncSection, type SyncSectionInput } from './reportSync';

export async function syncOnly(progress: (message: string) => void): Promise<number> {
  const config = readConfig();
  if (process.env.BENCH_SKIP_BUILD !== '1') {
    progress('building the app (npm run build)');
    execFileSync('npm', ['run', 'build'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  mkdirSync(BENCH_TMP, { recursive: true });
  // BENCH_SYNC_PROFILE=1: a CDP CPU profile of the page during the sync (unminified bundle, so
  // the profile names the app's functions), and no PouchDB part.
  const profiling = process.env.BENCH_SYNC_PROFILE === '1';
  const profileFile = profiling ? path.join(BENCH_TMP, 'sync.cpuprofile') : undefined;
  const web = await buildWebRoot(DIST, { minify: !profiling });
  const bundle = await bundleServer();
  const input: SyncSectionInput = {
    machine: machineInfo(chromiumPath()),
    n: config.n,
    load: {},
    errors: [],
  };
  const part = async <T>(name: string, label: string, fn: () => Promise<T>) => {
    progress(label);
    const start = os.loadavg();
    try {
      return await fn();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`[bench] ${label} failed: ${message}`);
      input.errors.push({ section: label, message });
      return undefined;
    } finally {
      input.load[name] = { start, end: os.loadavg() };
    }
  };
  input.phone = await part<PhoneSyncResult>(
    'phone',
    `Chromium: seal, sync and feed (contract v2, N=${config.n})`,
    async () => {
      const server = await startServerChild({ staticDir: web, bundle });
      try {
        return await benchPhoneSync(server, config.n, config.saveSamples, profileFile);
      } finally {
        await server.stop();
      }
    },
  );
  if (!profiling) {
    input.pouch = await part<PouchResult>(
      'pouch',
      `PouchDB write + replicate (N=${config.n})`,
      () => benchPouch(web, config.n),
    );
  }
  writeFileSync(path.join(BENCH_TMP, 'sync.json'), JSON.stringify(input, null, 2));
  if (profiling) {
    progress(`profile written to ${profileFile}; BENCHMARKS.md left as it is`);
    return input.errors.length > 0 ? 1 : 0;
  }
  const file = path.join(REPO_ROOT, 'BENCHMARKS.md');
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  writeFileSync(file, spliceSyncSection(before, renderSyncSection(input)));
  const p = input.phone;
  const q = input.pouch;
  console.info(
    JSON.stringify({
      jejaringRecordsPerSecond: p?.sync.recordsPerSecond,
      sealP50: p?.seal.seal.p50,
      sealP95: p?.seal.seal.p95,
      feedItemsPerSecond: p?.feed.itemsPerSecond,
      pouchReplicateRecordsPerSecond: q?.replicateRecordsPerSecond,
      ratio: p && q ? p.sync.recordsPerSecond / q.replicateRecordsPerSecond : undefined,
      load: input.load,
    }),
  );
  return input.errors.length > 0 ? 1 : 0;
}
