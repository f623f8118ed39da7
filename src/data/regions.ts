// Indonesian administrative regions (provinces → regencies → districts → villages), fetched per
// province and kept in Cache Storage so pickers work offline after one online use.
import { DataError } from './errors';

export const REGIONS_CACHE = 'jejaring-regions-v1';

function cacheStorage(): CacheStorage | undefined {
  return typeof caches === 'undefined' ? undefined : caches;
}

async function openCache(): Promise<Cache | undefined> {
  try {
    return await cacheStorage()?.open(REGIONS_CACHE);
  } catch {
    return undefined; // Cache Storage refused (private mode): go to the network.
  }
}

/** Cache first, then the network (the answer is cached); neither → 'offline_not_cached'. */
async function fetchCached(path: string): Promise<unknown> {
  const cache = await openCache();
  const hit = await cache?.match(path).catch(() => undefined);
  if (hit) return hit.json();
  let response: Response;
  try {
    response = await fetch(path);
  } catch (e) {
    throw new DataError('offline_not_cached', { path }, { cause: e });
  }
  if (!response.ok) throw new DataError('offline_not_cached', { path, status: response.status });
  if (cache) {
    // A full cache costs only offline availability, never the answer itself.
    await cache.put(path, response.clone()).catch(() => undefined);
  }
  return response.json();
}

function provincePath(provinceCode: string): string {
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(provinceCode)) {
    throw new TypeError('province code must be a short alphanumeric code');
  }
  return `/regions/${provinceCode}.json`;
}

/** The province list (/regions/provinces.json). Callers parse it (src/domain/regions). */
export function loadRegionIndex(): Promise<unknown> {
  return fetchCached('/regions/provinces.json');
}

/** One province's regencies, districts and villages (/regions/<code>.json). */
export async function loadProvinceRegions(provinceCode: string): Promise<unknown> {
  return fetchCached(provincePath(provinceCode));
}

/** Whether a province's regions are available offline. */
export async function isProvinceRegionsCached(provinceCode: string): Promise<boolean> {
  const cache = await openCache();
  if (!cache) return false;
  return (await cache.match(provincePath(provinceCode)).catch(() => undefined)) !== undefined;
}

/** Deletes the regions cache (wipe). */
export async function deleteRegionsCache(): Promise<void> {
  await cacheStorage()
    ?.delete(REGIONS_CACHE)
    .catch(() => false);
}
