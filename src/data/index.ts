// The public API of src/data (see README.md). UI and sync import only from here.
import { subscribe } from './events';

export type { RecordEnvelope, PushResult } from '../domain/envelope';
export type { RecordKind } from '../domain/recordKinds';

export { DataError, isDataError, type DataErrorCode } from './errors';
export { newRecordId } from './ids';
export { nowIso, toLocalIsoString } from './time';

export {
  getVaultStatus,
  createVault,
  unlockVault,
  lockVault,
  onVaultChange,
  getPinDelay,
  configureVaultForTests,
  changeSecret,
  enrollPasskey,
  removePasskey,
  setWipeAfter,
  getSecuritySettings,
  MIN_PIN_LENGTH,
  MIN_PASSPHRASE_LENGTH,
  WIPE_AFTER_CHOICES,
  type VaultStatus,
  type SecretKind,
  type CreateVaultOptions,
  type UnlockOptions,
  type SecuritySettings,
} from './vault';
export { passkeyMaybeAvailable } from './passkey';
export { checkPassphrase, type PassphraseVerdict, type PassphraseProblem } from './strength';

export {
  saveRecord,
  deleteRecord,
  getRecord,
  listRecords,
  listDueRecords,
  listRecordFacts,
  type RecordFacts,
  type StoredRecord,
  type SyncState,
  type SyncError,
  type SaveRecordInput,
  type ListRecordsQuery,
} from './records';

export {
  saveDraft,
  getDraft,
  listDrafts,
  deleteDraft,
  createAutosaver,
  flushAllAutosavers,
  flushForLock,
  countHeldDrafts,
  type Draft,
  type Autosaver,
} from './drafts';

export {
  peekOutbox,
  markSending,
  releaseSending,
  applyPushResults,
  countOutbox,
  countUnsyncedRecords,
} from './outbox';

export {
  getLanguage,
  setLanguage,
  getProfile,
  saveProfile,
  listLocalContacts,
  saveLocalContact,
  deleteLocalContact,
  getEnrollment,
  saveEnrollment,
  clearEnrollment,
  getSyncMeta,
  saveSyncMeta,
  appendSyncLog,
  listSyncLog,
  type Language,
  type LocalContact,
  type Enrollment,
  type SyncMeta,
} from './settings';

export { getRetentionDays, setRetentionDays, sweepRetention, type SweepResult } from './retention';
export { requestPersistentStorage, getStorageInfo, type StorageInfo } from './storage';
export { wipeAllLocalData, exportRawDatabase, countUnsyncedOnPhone } from './maintenance';

// The backup module (and zod, which it parses files with) loads only when a backup is made or
// read: it is not part of the app's first load (type imports cost nothing).
import type { ImportResult } from './backup';
export type { ImportResult, RefusedRecord, RefusalReason } from './backup';

/** A file (Blob, JSON) with every record, encrypted with a key derived from `passphrase`. */
export async function exportBackup(passphrase: string): Promise<Blob> {
  const backup = await import('./backup');
  return backup.exportBackup(passphrase);
}

/**
 * Imports a backup file: each record is checked on its own with the domain's schemas; valid newer
 * revs are inserted and queued, older ones skipped, invalid ones refused and listed.
 */
export async function importBackup(file: Blob, passphrase: string): Promise<ImportResult> {
  const backup = await import('./backup');
  return backup.importBackup(file, passphrase);
}
export { createDeviceKeyPair, saveDeviceKey, getDeviceKey, type DeviceKeyPair } from './deviceKey';
export {
  getDistrict,
  saveDistrict,
  getFeedCursor,
  applyFeedPage,
  getReview,
  getReviews,
  listUnreadReviews,
  markReviewRead,
  listNotices,
  markNoticeRead,
  getDirectory,
  type District,
  type RecordReview,
  type ReviewState,
  type Notice,
} from './feed';

// Sealing (contract v2) loads with sync, not with the app's first load: src/crypto and
// @hpke/core come in through this dynamic import.
type PushModule = typeof import('./push');
let pushModule: Promise<PushModule> | undefined;
const push = (): Promise<PushModule> => (pushModule ??= import('./push'));

/** The next sealed envelopes to send (sealed once per (id, rev), kept until answered). */
export async function peekSealedOutbox(
  limits: Parameters<PushModule['peekSealed']>[0],
): ReturnType<PushModule['peekSealed']> {
  return (await push()).peekSealed(limits);
}

/** Applies v2 push results (renumbers a version the server does not hold as current). */
export async function applyPushResultsV2(
  results: Parameters<PushModule['applyPushResultsV2']>[0],
): ReturnType<PushModule['applyPushResultsV2']> {
  return (await push()).applyPushResultsV2(results);
}

/** Queued records waiting for a district key ("Menunggu kunci koordinator"). */
export async function countWaitingForKey(): Promise<number> {
  return (await push()).countWaitingForKey();
}

/** District keys whose kid and fingerprint match their public key (the others are dropped). */
export async function verifiedDistrictKeys(
  keys: Parameters<PushModule['verifiedDistrictKeys']>[0],
): ReturnType<PushModule['verifiedDistrictKeys']> {
  return (await push()).verifiedDistrictKeys(keys);
}

/** The decrypted note of a record's review; DataError 'decryption_failed' if it does not open. */
export async function openReviewNote(recordId: string): Promise<string | undefined> {
  return (await push()).openReviewNoteOf(recordId);
}

export { loadRegionIndex, loadProvinceRegions, isProvinceRegionsCached } from './regions';

/**
 * Fires after every commit that adds to or changes the outbox (save, delete, push results,
 * import), in this tab and, through BroadcastChannel, in the app's other tabs.
 */
export function onOutboxChange(listener: () => void): () => void {
  return subscribe('outbox', listener);
}

/** Fires after every commit that changes records or their sync state (lists refresh on it). */
export function onRecordsChange(listener: () => void): () => void {
  return subscribe('records', listener);
}
