// `BENCH_ONLY=sync`: the phone's side of contract v2 in Chromium on its own — N records seeded
// through saveRecord, sealing per record, the app's sync of the whole queue to the real server,
// N feed items applied — in a fresh persistent profile (IndexedDB on disk, as on a phone).
import type { ServerChild } from '../lib/serverProcess';
import { launchProfile, openBenchPage, tempProfile } from './launch';
import { benchV2OnPage, type V2PhoneResult } from './syncV2';

export interface PhoneSyncResult extends V2PhoneResult {
  /** Seeding N records through saveRecord (not part of the sync figure). */
  seedMs: number;
}

const PIN = '135790';

export async function benchPhoneSync(
  server: ServerChild,
  n: number,
  sealSamples: number,
  profileFile?: string,
): Promise<PhoneSyncResult> {
  const profile = tempProfile();
  const { page, close } = await launchProfile(profile.dir);
  try {
    await openBenchPage(page, server.url);
    await page.evaluate((pin) => window.jejaringBench.openVault(pin, true), PIN);
    const seedMs = await page.evaluate(([count, from]) => window.jejaringBench.seed(count, from), [
      n,
      0,
    ] as const);
    const v2 = await benchV2OnPage(page, server, {
      sealSamples,
      feedItems: n,
      ...(profileFile ? { profileFile } : {}),
      phases: process.env.BENCH_SYNC_PHASES === '1',
    });
    return { ...v2, seedMs };
  } finally {
    await close();
    profile.remove();
  }
}
