// Loads the volunteer's province chunk (cached on the phone by src/data; from the network only
// when not cached) and searches its villages with src/domain/regions. A chunk is parsed once per
// session and kept in memory, so typing in the search costs only the search itself.
import { useEffect, useMemo, useState } from 'preact/hooks';
import {
  REGION_CHUNK_VERSION,
  searchRegions,
  titleCaseRegionName,
  type RegionChunk,
  type RegionMatch,
} from '../../../domain/regions';
import { loadProvinceRegions } from '../../../data/index';

/** A village picked in the search, as the address fields of a record hold it. */
export interface RegionChoice {
  provinceCode: string;
  regencyCode?: string;
  regencyName?: string;
  districtCode?: string;
  districtName?: string;
  villageCode: string;
  villageName: string;
}

export type RegionSearchState =
  | { status: 'no_province' | 'loading' | 'not_cached'; results: [] }
  | { status: 'ready'; results: RegionChoice[] };

const chunks = new Map<string, Promise<RegionChunk>>();

function isRegionChunk(value: unknown): value is RegionChunk {
  if (value === null || typeof value !== 'object') return false;
  const chunk = value as Partial<RegionChunk>;
  return (
    chunk.v === REGION_CHUNK_VERSION &&
    typeof chunk.code === 'string' &&
    Array.isArray(chunk.regencies)
  );
}

/** The province's chunk, loaded once per session (a failed load is tried again next time). */
export function provinceChunk(provinceCode: string): Promise<RegionChunk> {
  let pending = chunks.get(provinceCode);
  if (!pending) {
    pending = loadProvinceRegions(provinceCode).then((value) => {
      if (!isRegionChunk(value)) throw new TypeError('region chunk has an unknown format');
      return value;
    });
    chunks.set(provinceCode, pending);
    pending.catch(() => chunks.delete(provinceCode));
  }
  return pending;
}

/** A village match as the record's address fields (names in title case). */
export function choiceFromMatch(match: RegionMatch): RegionChoice | undefined {
  if (match.level !== 'village' || !match.village) return undefined;
  return {
    provinceCode: match.province.code,
    ...(match.regency
      ? { regencyCode: match.regency.code, regencyName: titleCaseRegionName(match.regency.name) }
      : {}),
    ...(match.district
      ? {
          districtCode: match.district.code,
          districtName: titleCaseRegionName(match.district.name),
        }
      : {}),
    villageCode: match.village.code,
    villageName: titleCaseRegionName(match.village.name),
  };
}

/** Villages of a chunk matching `query` (at least two letters), best first. */
export function searchVillages(chunk: RegionChunk, query: string, limit: number): RegionChoice[] {
  if (query.trim().length < 2) return [];
  // Districts and regencies also match; ask for more so `limit` villages remain.
  return searchRegions(chunk, query, limit * 3)
    .flatMap((match) => {
      const choice = choiceFromMatch(match);
      return choice ? [choice] : [];
    })
    .slice(0, limit);
}

/** Search state for the region picker of one province. */
export function useRegionSearch(
  provinceCode: string | undefined,
  query: string,
  limit: number,
): RegionSearchState {
  const [chunk, setChunk] = useState<RegionChunk | undefined>();
  const [status, setStatus] = useState<'no_province' | 'loading' | 'not_cached' | 'ready'>(
    provinceCode ? 'loading' : 'no_province',
  );

  useEffect(() => {
    if (!provinceCode) {
      setStatus('no_province');
      return;
    }
    let live = true;
    setStatus('loading');
    provinceChunk(provinceCode).then(
      (loaded) => {
        if (!live) return;
        setChunk(loaded);
        setStatus('ready');
      },
      () => {
        // Offline without a cached chunk (DataError 'offline_not_cached') or a damaged file:
        // either way the village name can still be typed.
        if (live) setStatus('not_cached');
      },
    );
    return () => {
      live = false;
    };
  }, [provinceCode]);

  const results = useMemo(
    () => (chunk && status === 'ready' ? searchVillages(chunk, query, limit) : []),
    [chunk, status, query, limit],
  );
  if (status !== 'ready') return { status, results: [] };
  return { status, results };
}
