// The engine's storage ports wired to the real src/data (IndexedDB, encrypted at rest).
import {
  appendSyncLog,
  applyPushResults,
  countOutbox,
  getEnrollment,
  getSyncMeta,
  markSending,
  releaseSending,
  peekOutbox,
  saveSyncMeta,
} from '../data';
import type { CredentialsPort, MetaPort, OutboxPort, SyncEnginePorts } from './engine';

export const dataOutbox: OutboxPort = {
  peek: (limits) => peekOutbox(limits),
  markSending: (refs) => markSending(refs),
  releaseSending: (refs) => releaseSending(refs),
  applyResults: (results) => applyPushResults(results),
  count: () => countOutbox(),
};

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
  'outbox' | 'credentials' | 'meta' | 'log'
> {
  return {
    outbox: dataOutbox,
    credentials: dataCredentials,
    meta: dataMeta,
    log: (entry) => appendSyncLog(entry),
  };
}
