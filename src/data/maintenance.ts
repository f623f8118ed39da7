// Whole-database operations: wiping everything ("Lupa PIN") and dumping the raw stores of a
// database the app cannot read, so nothing is lost before a reset.
import Dexie from 'dexie';
import { bytesToBase64, isBinary, toBytes } from './crypto';
import { closeDb, JejaringDb } from './db';
import { emitChange } from './events';
import { deleteRegionsCache } from './regions';
import { closeSettings, SETTINGS_DB_NAME } from './settingsStore';
import { nowIso } from './time';
import { dbNameFor } from './slot';
import { allSlots, forgetVault } from './vault';

function deleteRawDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error ?? new Error('delete failed'));
    // onblocked: another tab still holds it; deletion completes when it closes (our own
    // connections close on versionchange).
  });
}

/** Every profile's database name (the first profile's always included). */
async function profileDatabaseNames(): Promise<string[]> {
  let slots: string[] = [''];
  try {
    slots = await allSlots();
  } catch {
    // Unreadable settings: still delete the first profile's database and any listed below.
  }
  const names = new Set(slots.map(dbNameFor));
  const listed = await indexedDB.databases?.().catch(() => []);
  for (const info of listed ?? []) {
    if (info.name && /^jejaring-[0-9a-f]{16}$/.test(info.name)) names.add(info.name);
  }
  return [...names];
}

/** Deletes every profile's database, the settings store (vaults included), the regions cache. */
export async function wipeAllLocalData(): Promise<void> {
  closeDb();
  for (const name of await profileDatabaseNames()) await Dexie.delete(name);
  await closeSettings();
  await deleteRawDatabase(SETTINGS_DB_NAME);
  await deleteRegionsCache();
  forgetVault();
  emitChange('records', 'outbox');
}

/** Binary values become {$base64: "..."} so the dump is plain JSON. */
function toJsonSafe(value: unknown): unknown {
  if (isBinary(value)) {
    return { $base64: bytesToBase64(toBytes(value)) };
  }
  if (Array.isArray(value)) return value.map(toJsonSafe);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toJsonSafe(v);
    return out;
  }
  return value;
}

interface RawDatabaseDump {
  version: number;
  stores: Record<string, { key: unknown; value: unknown }[]>;
}

function requestResult<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('request failed'));
  });
}

/** Every store of a database through the raw IndexedDB API (no schema, no Dexie, no key). */
function dumpDatabase(name: string): Promise<RawDatabaseDump | undefined> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name);
    // Opening without a version never upgrades an existing database; for a missing one the
    // creation is aborted so the dump leaves nothing behind.
    request.onupgradeneeded = () => request.transaction?.abort();
    request.onerror = () => {
      if (request.error?.name === 'AbortError') resolve(undefined);
      else reject(request.error ?? new Error('open failed'));
    };
    request.onsuccess = () => {
      const db = request.result;
      const names = [...db.objectStoreNames];
      if (names.length === 0) {
        db.close();
        resolve({ version: db.version, stores: {} });
        return;
      }
      const tx = db.transaction(names, 'readonly');
      Promise.all(
        names.map(async (storeName) => {
          const store = tx.objectStore(storeName);
          const [keys, values] = await Promise.all([
            requestResult(store.getAllKeys()),
            requestResult(store.getAll()),
          ]);
          return [
            storeName,
            keys.map((key, i) => ({ key: toJsonSafe(key), value: toJsonSafe(values[i]) })),
          ] as const;
        }),
      ).then(
        (entries) => {
          db.close();
          resolve({ version: db.version, stores: Object.fromEntries(entries) });
        },
        (e: unknown) => {
          db.close();
          reject(e instanceof Error ? e : new Error('dump failed'));
        },
      );
    };
  });
}

/**
 * Everything stored, as JSON (ciphertext base64): every table of the database and the settings
 * store, which holds the wrapped key and salt needed to decrypt it later with the PIN. Works when
 * the app cannot open or decrypt its data.
 */
export async function exportRawDatabase(): Promise<Blob> {
  const databases: Record<string, RawDatabaseDump | undefined> = {};
  for (const name of await profileDatabaseNames()) databases[name] = await dumpDatabase(name);
  databases[SETTINGS_DB_NAME] = await dumpDatabase(SETTINGS_DB_NAME);
  const dump = { format: 'jejaring-raw-export', version: 1, exportedAt: nowIso(), databases };
  return new Blob([JSON.stringify(dump)], { type: 'application/json' });
}

/**
 * Records not yet confirmed by the server in every profile on the phone (what wiping the phone
 * would lose), read from clear index fields only: works while locked and tells no profile apart.
 */
export async function countUnsyncedOnPhone(): Promise<number> {
  let total = 0;
  for (const name of await profileDatabaseNames()) {
    const db = new JejaringDb(Infinity, name);
    try {
      await db.open();
      // As countUnsyncedRecords: every outbox row is a version the server does not hold.
      total += await db.outbox.count();
    } finally {
      db.close();
    }
  }
  return total;
}
