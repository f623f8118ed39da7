// The engine's storage ports wired to the real src/data (IndexedDB, encrypted at rest).
import {
  appendSyncLog,
  applyFeedPage,
  applyPushResultsV2,
  countOutbox,
  getEnrollment,
  getFeedCursor,
  getSyncMeta,
  markSending,
  releaseSending,
  peekSealedOutbox,
  saveSyncMeta,
  verifiedDistrictKeys,
} from '../data';
import type { FeedItem } from '../domain/contract';
import type { CredentialsPort, FeedPort, MetaPort, OutboxPort, SyncEnginePorts } from './engine';

/** The sealed outbox (contract v2): sealed once per (id, rev), kept until the server answers. */
export const dataOutbox: OutboxPort = {
  peek: (limits) => peekSealedOutbox(limits),
  markSending: (refs) => markSending(refs),
  releaseSending: (refs) => releaseSending(refs),
  applyResults: (results) => applyPushResultsV2(results),
  count: () => countOutbox(),
};

/** The feed's cursor and items, applied together in one IndexedDB transaction. */
export const dataFeed: FeedPort = {
  cursor: () => getFeedCursor(),
  apply: async (items, cursor) => applyFeedPage(await withVerifiedKeys(items), cursor),
};

/** `keys` items keep only keys whose kid and fingerprint are their own (see verifiedDistrictKeys). */
async function withVerifiedKeys(items: readonly FeedItem[]): Promise<FeedItem[]> {
  return Promise.all(
    items.map(async (item) =>
      item.type === 'keys' ? { ...item, keys: await verifiedDistrictKeys(item.keys) } : item,
    ),
  );
}

export const dataCredentials: CredentialsPort = {
  // The token is decrypted with the data key: while locked this throws DataError 'vault_locked'.
  async get() {
    const enrollment = await getEnrollment();
    return enrollment ? { serverUrl: enrollment.serverUrl, token: enrollment.token } : undefined;
  },
  async onAuthFailure() {
    // The enrollment itself is kept (it names the server to enroll with again); only sending
    // pauses. The outbox is never touched.
    await saveSyncMeta({ ...(await getSyncMeta()), paused: 'needs_enrollment' });
  },
};

export const dataMeta: MetaPort = {
  get: () => getSyncMeta(),
  async setLastSyncAt(iso) {
    await saveSyncMeta({ ...(await getSyncMeta()), lastSyncAt: iso });
  },
};

/** Removes the needs_enrollment pause (after a successful enrollment). */
export async function clearSyncPause(): Promise<void> {
  const meta = await getSyncMeta();
  if (meta.paused === undefined) return;
  const { paused: _paused, ...rest } = meta;
  await saveSyncMeta(rest);
}

/** outbox, credentials, meta and log over src/data. */
export function createDataPorts(): Pick<
  SyncEnginePorts,
  'outbox' | 'feed' | 'credentials' | 'meta' | 'log'
> {
  return {
    outbox: dataOutbox,
    feed: dataFeed,
    credentials: dataCredentials,
    meta: dataMeta,
    log: (entry) => appendSyncLog(entry),
  };
}
