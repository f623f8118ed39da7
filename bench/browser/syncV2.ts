// Contract v2 on the phone, in Chromium: sealing per record, the app's sync of N queued records
// to the real server (enrolled the v2 way: enrollment code, device key, district key), and
// applying N feed items (coordinators' answers) through src/data's feed apply.
import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { exportPublicJwk, generateKeyPair } from '../../src/crypto/seal';
import type { ServerChild } from '../lib/serverProcess';
import { summarize, type Summary } from '../lib/stats';

export interface BrowserSyncResult {
  client: 'chromium';
  records: number;
  seconds: number;
  recordsPerSecond: number;
}

export interface SealResult {
  /** sealRecordPayload alone (HPKE to one district key), ms per record. */
  seal: Summary;
  /** peekSealed's whole per-record step: schema check + meta + seal + JSON, ms per record. */
  sealStep: Summary;
}

export interface FeedApplyResult {
  items: number;
  pageSize: number;
  seconds: number;
  itemsPerSecond: number;
  /** ms per applyFeedPage call (one transaction: the items and the cursor). */
  page: Summary;
}

export interface V2PhoneResult {
  sync: BrowserSyncResult;
  seal: SealResult;
  feed: FeedApplyResult;
}

/** The engine's feed page (src/sync/engine.ts feedPageLimit default). */
export const FEED_PAGE_SIZE = 200;

/**
 * On a page whose vault is open and whose outbox holds the records to send (seed() first, so the
 * feed has records to answer): times sealing, registers a district key on `server`, enrolls the
 * page, syncs the whole outbox, then applies `feedItems` answers.
 */
export async function benchV2OnPage(
  page: Page,
  server: ServerChild,
  options: {
    sealSamples: number;
    feedItems: number;
    /** Where to write a CDP CPU profile of the page during the sync (BENCH_SYNC_PROFILE). */
    profileFile?: string;
    /** Diagnosis: time the engine's steps one by one instead (prints them, then stops). */
    phases?: boolean;
  },
): Promise<V2PhoneResult> {
  const sealed = await page.evaluate(
    (count) => window.jejaringBench.timeSeal(count),
    options.sealSamples,
  );
  // The coordinator's district key: only its public half reaches the server (as the console does).
  const district = await generateKeyPair(false);
  await server.registerDistrictKey(await exportPublicJwk(district.publicKey));
  const code = await server.enrollmentCode(1);
  if (options.phases) {
    const phased = await page.evaluate(([url, c]) => window.jejaringBench.syncPhases(url, c), [
      server.url,
      code,
    ] as const);
    console.info(JSON.stringify(phased));
    throw new Error('BENCH_SYNC_PHASES=1 is a diagnosis: the phases are printed above');
  }
  const cdp = options.profileFile ? await page.context().newCDPSession(page) : undefined;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  const synced = await page.evaluate(([url, c]) => window.jejaringBench.syncAll(url, c), [
    server.url,
    code,
  ] as const);
  if (options.profileFile) {
    const log = await page.evaluate(() => window.jejaringBench.syncLog());
    writeFileSync(options.profileFile.replace(/\.cpuprofile$/, '.log.json'), JSON.stringify(log));
  }
  if (cdp && options.profileFile) {
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(options.profileFile, JSON.stringify(profile));
    await cdp.detach();
  }
  const fed = await page.evaluate(([count, size]) => window.jejaringBench.applyFeed(count, size), [
    options.feedItems,
    FEED_PAGE_SIZE,
  ] as const);
  return {
    sync: {
      client: 'chromium',
      records: synced.records,
      seconds: synced.ms / 1000,
      recordsPerSecond: (synced.records / synced.ms) * 1000,
    },
    seal: { seal: summarize(sealed.seal), sealStep: summarize(sealed.sealStep) },
    feed: {
      items: fed.items,
      pageSize: FEED_PAGE_SIZE,
      seconds: fed.ms / 1000,
      itemsPerSecond: (fed.items / fed.ms) * 1000,
      page: summarize(fed.pages),
    },
  };
}
