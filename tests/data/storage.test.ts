import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  countUnsyncedRecords,
  exportRawDatabase,
  getStorageInfo,
  getVaultStatus,
  isProvinceRegionsCached,
  loadProvinceRegions,
  requestPersistentStorage,
  saveRecord,
  onVaultChange,
} from '../../src/data';
import { wipeAllLocalData } from '../../src/data';
import { freshUnlocked } from './helpers';

function stubStorage(persisted = false) {
  const storage = {
    persisted: vi.fn().mockResolvedValue(persisted),
    persist: vi.fn().mockResolvedValue(true),
    estimate: vi.fn().mockResolvedValue({ usage: 1234, quota: 5_000_000 }),
  };
  vi.stubGlobal('navigator', { ...navigator, storage });
  return storage;
}

describe('storage', () => {
  beforeEach(freshUnlocked);
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('asks for persistent storage once, after the first saved record', async () => {
    const storage = stubStorage();
    expect(storage.persist).not.toHaveBeenCalled();
    await saveRecord({ kind: 'migrant', payload: {} });
    await vi.waitFor(() => expect(storage.persist).toHaveBeenCalledTimes(1));
    await saveRecord({ kind: 'migrant', payload: {} });
    await saveRecord({ kind: 'migrant', payload: {} });
    await new Promise((r) => setTimeout(r, 20));
    expect(storage.persist).toHaveBeenCalledTimes(1);
  });

  it('reports persistence, usage and quota', async () => {
    stubStorage(true);
    expect(await getStorageInfo()).toEqual({ persisted: true, usage: 1234, quota: 5_000_000 });
    expect(await requestPersistentStorage()).toBe(true);
  });

  it('works where the browser has no StorageManager', async () => {
    vi.stubGlobal('navigator', { userAgent: 'old' });
    expect(await getStorageInfo()).toEqual({ persisted: false });
    expect(await requestPersistentStorage()).toBe(false);
  });
});

describe('wipe', () => {
  beforeEach(freshUnlocked);
  afterEach(() => vi.unstubAllGlobals());

  it('counts what a wipe would lose, then deletes database, settings and regions cache', async () => {
    const caches = new Map<string, Map<string, Response>>();
    vi.stubGlobal('caches', {
      open: (name: string) => {
        const c = caches.get(name) ?? new Map<string, Response>();
        caches.set(name, c);
        return Promise.resolve({
          match: (k: string) => Promise.resolve(c.get(k)?.clone()),
          put: (k: string, r: Response) => Promise.resolve(void c.set(k, r)),
        });
      },
      delete: (name: string) => Promise.resolve(caches.delete(name)),
    });
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(new Response('{"code":"11"}')));
    await loadProvinceRegions('11');
    expect(await isProvinceRegionsCached('11')).toBe(true);

    await saveRecord({ kind: 'migrant', payload: { a: 1 } });
    await saveRecord({ kind: 'migrant', payload: { a: 2 } });
    expect(await countUnsyncedRecords()).toBe(2);
    const statuses: string[] = [];
    onVaultChange((s) => statuses.push(s));

    await wipeAllLocalData();
    expect(statuses).toEqual(['uninitialised']);
    expect(await getVaultStatus()).toBe('uninitialised');
    expect(await countUnsyncedRecords()).toBe(0);
    expect(caches.has('jejaring-regions-v1')).toBe(false);
    const raw = JSON.parse(await (await exportRawDatabase()).text()) as {
      databases: Record<string, { stores: Record<string, unknown[]> }>;
    };
    expect(raw.databases.jejaring?.stores.records).toEqual([]);
    expect(raw.databases['jejaring-settings']?.stores.keyval ?? []).toEqual([]);
  });
});
