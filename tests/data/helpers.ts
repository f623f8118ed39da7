// Shared set-up for src/data tests: a fresh, empty store and a vault with cheap PBKDF2.
import { configureVaultForTests, createVault, wipeAllLocalData } from '../../src/data';
import { isBinary, toBytes } from '../../src/data/crypto';
import { resetPersistenceRequestForTests } from '../../src/data/storage';

export const PIN = '275190';

/** Deletes every database and forgets the key; PBKDF2 uses few iterations from here on. */
export async function freshStore(): Promise<void> {
  await wipeAllLocalData();
  configureVaultForTests({ iterations: 1000 });
  resetPersistenceRequestForTests();
}

/** A fresh store with an unlocked vault. */
export async function freshUnlocked(): Promise<void> {
  await freshStore();
  await createVault(PIN);
}

/** Every value of every object store of every IndexedDB database, through the raw API. */
export async function readAllRawValues(): Promise<{ db: string; store: string; value: unknown }[]> {
  const out: { db: string; store: string; value: unknown }[] = [];
  for (const info of await indexedDB.databases()) {
    const name = info.name!;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open(name);
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    for (const store of [...db.objectStoreNames]) {
      const values = await new Promise<unknown[]>((resolve, reject) => {
        const r = db.transaction(store, 'readonly').objectStore(store).getAll();
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      for (const value of values) out.push({ db: name, store, value });
    }
    db.close();
  }
  return out;
}

/** All text a stored value could reveal: strings, keys, and binary data decoded as UTF-8/Latin-1. */
export function exposedText(value: unknown): string {
  const parts: string[] = [];
  const visit = (v: unknown): void => {
    if (typeof v === 'string') parts.push(v);
    else if (typeof v === 'number' || typeof v === 'boolean') parts.push(String(v));
    else if (isBinary(v)) {
      const bytes = toBytes(v);
      parts.push(new TextDecoder().decode(bytes));
      parts.push(String.fromCharCode(...bytes));
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        parts.push(k);
        visit(x);
      }
    }
  };
  visit(value);
  return parts.join('\n');
}
