import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  isProvinceRegionsCached,
  loadProvinceRegions,
  loadRegionIndex,
  type DataError,
} from '../../src/data';

/** A minimal Cache Storage (jsdom has none). */
function fakeCaches() {
  const stores = new Map<string, Map<string, Response>>();
  return {
    stores,
    api: {
      open: (name: string) => {
        const store = stores.get(name) ?? new Map<string, Response>();
        stores.set(name, store);
        return Promise.resolve({
          match: (key: string) => Promise.resolve(store.get(key)?.clone()),
          put: (key: string, response: Response) => Promise.resolve(void store.set(key, response)),
        });
      },
      delete: (name: string) => Promise.resolve(stores.delete(name)),
    },
  };
}

describe('regions', () => {
  let caches: ReturnType<typeof fakeCaches>;
  let fetchMock: ReturnType<typeof vi.fn>;

  beforeEach(() => {
    caches = fakeCaches();
    fetchMock = vi.fn((url: string) =>
      Promise.resolve(
        new Response(JSON.stringify({ url }), { headers: { 'content-type': 'application/json' } }),
      ),
    );
    vi.stubGlobal('caches', caches.api);
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('fetches once, then answers from the cache (also offline)', async () => {
    expect(await isProvinceRegionsCached('32')).toBe(false);
    expect(await loadProvinceRegions('32')).toEqual({ url: '/regions/32.json' });
    expect(await isProvinceRegionsCached('32')).toBe(true);
    expect(caches.stores.get('jejaring-regions-v1')?.has('/regions/32.json')).toBe(true);
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));
    expect(await loadProvinceRegions('32')).toEqual({ url: '/regions/32.json' });
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('says offline_not_cached when neither the cache nor the network has it', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));
    let error: DataError | undefined;
    try {
      await loadRegionIndex();
    } catch (e) {
      error = e as DataError;
    }
    expect(error?.code).toBe('offline_not_cached');
    fetchMock.mockResolvedValue(new Response('not found', { status: 404 }));
    await expect(loadProvinceRegions('99')).rejects.toMatchObject({ code: 'offline_not_cached' });
    expect(await isProvinceRegionsCached('99')).toBe(false);
  });

  it('loads the province index from /regions/provinces.json', async () => {
    expect(await loadRegionIndex()).toEqual({ url: '/regions/provinces.json' });
  });

  it('still works without Cache Storage (network only)', async () => {
    vi.stubGlobal('caches', undefined);
    expect(await loadProvinceRegions('11')).toEqual({ url: '/regions/11.json' });
    expect(await isProvinceRegionsCached('11')).toBe(false);
  });

  it('refuses province codes that are not plain codes', async () => {
    await expect(loadProvinceRegions('../secret')).rejects.toThrow(TypeError);
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
