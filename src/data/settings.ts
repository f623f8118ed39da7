// Small state: language and sync meta in clear (they identify no one); the volunteer's profile,
// local contacts, the enrollment (its token) and the sync log encrypted with the data key.
import { decryptJson, encryptJson, type Box } from './crypto';
import { getDb } from './db';
import { guardWrite } from './errors';
import { deleteSetting, getSetting, setSetting } from './settingsStore';
import { slotKey } from './slot';
import { requireKey } from './vault';

export type Language = 'id' | 'en';

export async function getLanguage(): Promise<Language | undefined> {
  const lng = await getSetting<string>('language');
  return lng === 'id' || lng === 'en' ? lng : undefined;
}

export function setLanguage(lng: Language): Promise<void> {
  return setSetting('language', lng);
}

async function getEncrypted<T>(key: string): Promise<T | undefined> {
  const dataKey = requireKey();
  const box = await getSetting<Box>(slotKey(key));
  return box ? decryptJson<T>(dataKey, box) : undefined;
}

async function setEncrypted(key: string, value: unknown): Promise<void> {
  await setSetting(slotKey(key), await encryptJson(requireKey(), value));
}

/** The volunteer profile (its zod schema lives in src/domain); encrypted. */
export function getProfile<T = Record<string, unknown>>(): Promise<T | undefined> {
  return getEncrypted<T>('profile');
}

export function saveProfile(p: object): Promise<void> {
  return setEncrypted('profile', p);
}

export type LocalContact = { id: string } & Record<string, unknown>;

/** Contacts kept on this phone only (e.g. service providers for referrals); encrypted. */
export async function listLocalContacts<T extends { id: string } = LocalContact>(): Promise<T[]> {
  const key = requireKey();
  const db = await getDb();
  const rows = await db.contacts.toArray();
  return Promise.all(rows.map((r) => decryptJson<T>(key, r.box)));
}

export async function saveLocalContact<T extends { id: string }>(c: T): Promise<void> {
  const box = await encryptJson(requireKey(), c);
  const db = await getDb();
  await guardWrite(() => db.contacts.put({ id: c.id, box }));
}

export async function deleteLocalContact(id: string): Promise<void> {
  const db = await getDb();
  await guardWrite(() => db.contacts.delete(id));
}

export interface Enrollment {
  serverUrl: string;
  deviceId: string;
  token: string;
}

/** The device's enrollment with the coordinator's server; encrypted (the token is a secret). */
export function getEnrollment(): Promise<Enrollment | undefined> {
  return getEncrypted<Enrollment>('enrollment');
}

export function saveEnrollment(e: Enrollment): Promise<void> {
  return setEncrypted('enrollment', e);
}

export function clearEnrollment(): Promise<void> {
  return deleteSetting(slotKey('enrollment'));
}

export interface SyncMeta {
  lastSyncAt?: string;
  paused?: 'needs_enrollment';
}

/** When sync last succeeded and whether it waits for enrollment; readable while locked. */
export async function getSyncMeta(): Promise<SyncMeta> {
  return (await getSetting<SyncMeta>(slotKey('syncMeta'))) ?? {};
}

export function saveSyncMeta(meta: SyncMeta): Promise<void> {
  return setSetting(slotKey('syncMeta'), { ...meta });
}

/** Entries kept in the sync log; older ones are dropped. */
export const SYNC_LOG_LIMIT = 200;

/** Appends a sync log entry (encrypted: even counts and codes stay private). */
export async function appendSyncLog(entry: object): Promise<void> {
  const box = await encryptJson(requireKey(), entry);
  const db = await getDb();
  await guardWrite(() =>
    db.transaction('rw', db.syncLog, async () => {
      await db.syncLog.add({ box });
      const count = await db.syncLog.count();
      if (count > SYNC_LOG_LIMIT) {
        const old = await db.syncLog
          .orderBy('seq')
          .limit(count - SYNC_LOG_LIMIT)
          .primaryKeys();
        await db.syncLog.bulkDelete(old);
      }
    }),
  );
}

/** Sync log entries, newest first. */
export async function listSyncLog<T = Record<string, unknown>>(): Promise<T[]> {
  const key = requireKey();
  const db = await getDb();
  const rows = await db.syncLog.orderBy('seq').reverse().toArray();
  return Promise.all(rows.map((r) => decryptJson<T>(key, r.box)));
}
