// Contract v2 on the phone, in Chromium: sealing per record, the app's sync of N queued records
// to the real server (enrolled the v2 way: enrollment code, device key, district key), and
// applying N feed items (coordinators' answers) through src/data's feed apply.
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
  options: { sealSamples: number; feedItems: number },
): Promise<V2PhoneResult> {
  const sealed = await page.evaluate(
    (count) => window.jejaringBench.timeSeal(count),
    options.sealSamples,
  );
  // The coordinator's district key: only its public half reaches the server (as the console does).
  const district = await generateKeyPair(false);
  await server.registerDistrictKey(await exportPublicJwk(district.publicKey));
  const code = await server.enrollmentCode(1);
  const synced = await page.evaluate(([url, c]) => window.jejaringBench.syncAll(url, c), [
    server.url,
    code,
  ] as const);
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
