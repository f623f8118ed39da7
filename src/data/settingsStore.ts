// Small settings in their own IndexedDB database through idb-keyval. A custom store (instead of
// idb-keyval's createStore) closes its connection when another tab or a wipe deletes the
// database, so deletion is never blocked by our own open connection.
import { del, get, set, type UseStore } from 'idb-keyval';
import { guardWrite } from './errors';

export const SETTINGS_DB_NAME = 'jejaring-settings';
const STORE_NAME = 'keyval';

let connection: Promise<IDBDatabase> | undefined;

function open(): Promise<IDBDatabase> {
  if (!connection) {
    const pending = new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(SETTINGS_DB_NAME);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE_NAME);
      request.onsuccess = () => {
        const db = request.result;
        db.onversionchange = () => {
          db.close();
          if (connection === pending) connection = undefined;
        };
        db.onclose = () => {
          if (connection === pending) connection = undefined;
        };
        resolve(db);
      };
      request.onerror = () => {
        if (connection === pending) connection = undefined;
        reject(request.error ?? new Error('settings store failed to open'));
      };
    });
    connection = pending;
  }
  return connection;
}

export const settingsStore: UseStore = (mode, callback) =>
  open().then((db) => callback(db.transaction(STORE_NAME, mode).objectStore(STORE_NAME)));

export function getSetting<T>(key: string): Promise<T | undefined> {
  return get<T>(key, settingsStore);
}

export function setSetting(key: string, value: unknown): Promise<void> {
  return guardWrite(() => set(key, value, settingsStore));
}

export function deleteSetting(key: string): Promise<void> {
  return del(key, settingsStore);
}

/** Closes our connection (before the database is deleted). */
export async function closeSettings(): Promise<void> {
  const current = connection;
  connection = undefined;
  if (current) {
    try {
      (await current).close();
    } catch {
      // It never opened: nothing to close.
    }
  }
}
