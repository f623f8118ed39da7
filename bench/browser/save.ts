// Saving a record in Chromium (saveRecord: encrypt, record + outbox in one transaction) with an
// almost empty store and with N records stored, next to a raw IndexedDB put of the same bytes;
// then the app's sync engine sends the whole queue to the real server (records/s end to end,
// contract v2: bench/browser/syncV2.ts).
import type { ServerChild } from '../lib/serverProcess';
import { summarize, type Summary } from '../lib/stats';
import { launchProfile, openBenchPage, tempProfile } from './launch';
import { benchV2OnPage, type BrowserSyncResult, type V2PhoneResult } from './syncV2';

export type { BrowserSyncResult } from './syncV2';

export interface SaveAt {
  stored: number;
  save: Summary;
  rawPut: Summary;
  /** Raw IndexedDB transaction doing saveRecord's reads and writes (no Dexie, no encryption). */
  rawSaveTransaction: Summary;
  /** save p95 / raw put p95 (target ≤ 3). */
  ratioP95: number;
  ratioP50: number;
}

export interface SaveResult {
  cipherBytes: number;
  encrypt: Summary;
  seedMs: number;
  atEmpty: SaveAt;
  atN: SaveAt;
}

const PIN = '135790';
const WARMUP = 20;

/**
 * Runs in a fresh persistent profile (IndexedDB on disk, as on a phone; an incognito context
 * would keep it in memory) on `server`, which serves the bench page.
 */
export async function benchSaveAndSync(
  server: ServerChild,
  n: number,
  samples: number,
): Promise<{ save: SaveResult; sync: BrowserSyncResult; v2: Omit<V2PhoneResult, 'sync'> }> {
  const profile = tempProfile();
  const { page, close } = await launchProfile(profile.dir);
  try {
    await openBenchPage(page, server.url);
    await page.evaluate((pin) => window.jejaringBench.openVault(pin, true), PIN);
    let offset = 0;
    const measure = async (stored: number): Promise<SaveAt & { cipherBytes: number }> => {
      const saves = await page.evaluate(
        ([count, from]) => window.jejaringBench.timeSaves(count, from),
        [samples, offset] as const,
      );
      offset += samples;
      const raw = await page.evaluate(
        ([count, bytes, preload]) => window.jejaringBench.timeRawPuts(count, bytes, preload),
        [samples, saves.cipherBytes, stored] as const,
      );
      const rawTx = await page.evaluate(
        ([count, bytes, preload]) =>
          window.jejaringBench.timeRawSaveTransactions(count, bytes, preload),
        [samples, saves.cipherBytes, stored] as const,
      );
      const save = summarize(saves.samples);
      const rawPut = summarize(raw);
      return {
        stored,
        save,
        rawPut,
        rawSaveTransaction: summarize(rawTx),
        ratioP95: save.p95 / rawPut.p95,
        ratioP50: save.p50 / rawPut.p50,
        cipherBytes: saves.cipherBytes,
      };
    };
    // Warm up the code paths (JIT, Dexie open) before timing.
    await page.evaluate((count) => window.jejaringBench.timeSaves(count, 1_000_000), WARMUP);
    const atEmpty = await measure(0);
    const seedMs = await page.evaluate(([count, from]) => window.jejaringBench.seed(count, from), [
      n,
      2_000_000,
    ] as const);
    const stored = WARMUP + samples + n;
    const atN = await measure(stored);
    const encrypt = summarize(
      await page.evaluate((count) => window.jejaringBench.timeEncrypt(count), samples),
    );

    // Contract v2: enrolled with a code and a device key, sealed to a district key.
    const { sync, ...v2 } = await benchV2OnPage(page, server, {
      sealSamples: samples,
      feedItems: n,
    });
    const { cipherBytes, ...emptyRest } = atEmpty;
    const { cipherBytes: _bytes, ...nRest } = atN;
    return {
      save: { cipherBytes, encrypt, seedMs, atEmpty: emptyRest, atN: nRest },
      sync,
      v2,
    };
  } finally {
    await close();
    profile.remove();
  }
}
