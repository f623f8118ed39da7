// Persistent storage: asking the browser not to evict our data, and how much space is used.
import { getSetting, setSetting } from './settingsStore';

const PERSIST_ASKED_KEY = 'persistRequested';
let askedThisSession = false;

/** Asks the browser to keep our storage under pressure (navigator.storage.persist). */
export async function requestPersistentStorage(): Promise<boolean> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  if (!storage?.persist) return false;
  try {
    if (storage.persisted && (await storage.persisted())) return true;
    return await storage.persist();
  } catch {
    return false;
  }
}

/** Called after each saved record: asks for persistence once, after the first one. */
export async function requestPersistenceAfterFirstSave(): Promise<void> {
  if (askedThisSession) return;
  askedThisSession = true;
  try {
    if (await getSetting<boolean>(PERSIST_ASKED_KEY)) return;
    await setSetting(PERSIST_ASKED_KEY, true);
    await requestPersistentStorage();
  } catch {
    // Persistence is advice to the browser; failing to ask must never fail a save.
  }
}

/** Tests only: forget that persistence was asked this session. */
export function resetPersistenceRequestForTests(): void {
  askedThisSession = false;
}

export interface StorageInfo {
  persisted: boolean;
  usage?: number;
  quota?: number;
}

/** Whether storage is persistent, bytes used and available (storage.estimate). */
export async function getStorageInfo(): Promise<StorageInfo> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  const info: StorageInfo = { persisted: false };
  if (!storage) return info;
  try {
    info.persisted = storage.persisted ? await storage.persisted() : false;
  } catch {
    info.persisted = false;
  }
  try {
    const estimate = storage.estimate ? await storage.estimate() : undefined;
    if (estimate?.usage !== undefined) info.usage = estimate.usage;
    if (estimate?.quota !== undefined) info.quota = estimate.quota;
  } catch {
    // No estimate on this browser: the UI shows what it has.
  }
  return info;
}
