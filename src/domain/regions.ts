// Kemendagri administrative regions (province → kabupaten/kota → kecamatan → desa/kelurahan) in
// the compact per-province chunks written by scripts/build-regions.ts into public/regions/, and
// the offline search over one chunk. Codes are the dotted Kemendagri codes ("33.01.01.2001").

/** The region data comes from idn-area-data, whose data is licensed under ODbL 1.0. */
export const REGION_DATA_ATTRIBUTION =
  'Data wilayah / region data: idn-area-data © Fityan (github.com/fityannugroho/idn-area-data), ' +
  'from official government sources, made available under the Open Database License (ODbL) 1.0 ' +
  '(opendatacommons.org/licenses/odbl/1-0/).';

/** Version of the chunk format; bump when the tuple shapes change. */
export const REGION_CHUNK_VERSION = 1;

/** [last code segment, name], e.g. ["2001", "Tambakreja"]. */
export type VillageTuple = [code: string, name: string];
/** [last code segment, name, villages]. */
export type DistrictTuple = [code: string, name: string, villages: VillageTuple[]];
/** [last code segment, name, districts]. */
export type RegencyTuple = [code: string, name: string, districts: DistrictTuple[]];

/** public/regions/<provinceCode>.json */
export interface RegionChunk {
  v: number;
  code: string;
  name: string;
  regencies: RegencyTuple[];
}

/** public/regions/provinces.json */
export interface ProvinceIndex {
  v: number;
  attribution: string;
  provinces: [code: string, name: string][];
}

export type RegionLevel = 'province' | 'regency' | 'district' | 'village';

export interface RegionNode {
  code: string;
  name: string;
}

/** A region with the full path above it. */
export interface RegionMatch {
  level: RegionLevel;
  code: string;
  name: string;
  province: RegionNode;
  regency?: RegionNode;
  district?: RegionNode;
  village?: RegionNode;
}

/** URL path (under the app's base) of a chunk. */
export function regionChunkPath(provinceCode: string): string {
  return `regions/${provinceCode}.json`;
}
export const PROVINCE_INDEX_PATH = 'regions/provinces.json';

/** Lower case, no diacritics or punctuation, single spaces: "Soka'an" and "SOKAAN" compare equal. */
export function normaliseRegionName(text: string): string {
  // Nearly all names are ASCII; NFD decomposition is only needed for the rest (cheap phones).
  const ascii = /^[\x20-\x7e]*$/.test(text);
  return (ascii ? text : text.normalize('NFD').replace(/[\u0300-\u036f]/g, ''))
    .toLowerCase()
    .replace(/[^a-z0-9 ]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Every node of a chunk in one flat list of normalised names, computed once per chunk. */
interface IndexedNode {
  level: Exclude<RegionLevel, 'province'>;
  own: string;
  path: string;
  /** Position in the chunk: regency, district, village index (-1 where not applicable). */
  r: number;
  d: number;
  v: number;
}

const indexCache = new WeakMap<RegionChunk, IndexedNode[]>();

function indexChunk(chunk: RegionChunk): IndexedNode[] {
  const cached = indexCache.get(chunk);
  if (cached) return cached;
  const nodes: IndexedNode[] = [];
  chunk.regencies.forEach(([, rName, districts], r) => {
    const rNorm = normaliseRegionName(rName);
    nodes.push({ level: 'regency', own: rNorm, path: rNorm, r, d: -1, v: -1 });
    districts.forEach(([, dName, villages], d) => {
      const dNorm = normaliseRegionName(dName);
      const dPath = `${dNorm} ${rNorm}`;
      nodes.push({ level: 'district', own: dNorm, path: dPath, r, d, v: -1 });
      villages.forEach(([, vName], v) => {
        const vNorm = normaliseRegionName(vName);
        nodes.push({ level: 'village', own: vNorm, path: `${vNorm} ${dPath}`, r, d, v });
      });
    });
  });
  indexCache.set(chunk, nodes);
  return nodes;
}

/** The full match of an indexed node (objects are built only for results). */
function nodeMatch(chunk: RegionChunk, node: IndexedNode): RegionMatch {
  const province = { code: chunk.code, name: chunk.name };
  const [rCode, rName, districts] = chunk.regencies[node.r] as RegencyTuple;
  const regency = { code: `${chunk.code}.${rCode}`, name: rName };
  if (node.level === 'regency') return { level: 'regency', ...regency, province, regency };
  const [dCode, dName, villages] = districts[node.d] as DistrictTuple;
  const district = { code: `${regency.code}.${dCode}`, name: dName };
  if (node.level === 'district')
    return { level: 'district', ...district, province, regency, district };
  const [vCode, vName] = villages[node.v] as VillageTuple;
  const village = { code: `${district.code}.${vCode}`, name: vName };
  return { level: 'village', ...village, province, regency, district, village };
}

const LEVEL_ORDER: Record<RegionLevel, number> = {
  village: 0,
  district: 1,
  regency: 2,
  province: 3,
};

/**
 * Search one province chunk for villages, districts and regencies. Every word of the query must
 * appear in the region's path (its own name and those above it) and the first word in its own
 * name, so "tambak kedungreja" finds Tambakreja in Kedungreja. Exact names rank first, then
 * names starting with the query, then the rest; villages before districts before regencies.
 */
export function searchRegions(chunk: RegionChunk, query: string, limit = 20): RegionMatch[] {
  const q = normaliseRegionName(query);
  if (q.length === 0 || limit <= 0) return [];
  const words = q.split(' ');
  const first = words[0] as string;
  const scored: { score: number; node: IndexedNode }[] = [];
  for (const node of indexChunk(chunk)) {
    if (!node.own.includes(first)) continue;
    if (!words.every((word) => node.path.includes(word))) continue;
    const score =
      node.own === q ? 0 : node.own.startsWith(q) ? 1 : node.own.startsWith(first) ? 2 : 3;
    scored.push({ score, node });
  }
  scored.sort(
    (a, b) =>
      a.score - b.score ||
      LEVEL_ORDER[a.node.level] - LEVEL_ORDER[b.node.level] ||
      (a.node.own < b.node.own ? -1 : a.node.own > b.node.own ? 1 : 0) ||
      a.node.r - b.node.r ||
      a.node.d - b.node.d ||
      a.node.v - b.node.v,
  );
  return scored.slice(0, limit).map((entry) => nodeMatch(chunk, entry.node));
}

/** The region with this code and its path, or undefined if the chunk does not hold it. */
export function regionPath(chunk: RegionChunk, code: string): RegionMatch | undefined {
  const parts = code.split('.');
  if (parts[0] !== chunk.code) return undefined;
  const province = { code: chunk.code, name: chunk.name };
  if (parts.length === 1) return { level: 'province', ...province, province };
  const regencyTuple = chunk.regencies.find(([c]) => c === parts[1]);
  if (!regencyTuple) return undefined;
  const regency = { code: `${chunk.code}.${regencyTuple[0]}`, name: regencyTuple[1] };
  if (parts.length === 2) return { level: 'regency', ...regency, province, regency };
  const districtTuple = regencyTuple[2].find(([c]) => c === parts[2]);
  if (!districtTuple) return undefined;
  const district = { code: `${regency.code}.${districtTuple[0]}`, name: districtTuple[1] };
  if (parts.length === 3) return { level: 'district', ...district, province, regency, district };
  const villageTuple = districtTuple[2].find(([c]) => c === parts[3]);
  if (!villageTuple || parts.length !== 4) return undefined;
  const village = { code: `${district.code}.${villageTuple[0]}`, name: villageTuple[1] };
  return { level: 'village', ...village, province, regency, district, village };
}

/** The address fields of a record (RegionRef in src/domain/common.ts) for a picked region. */
export function regionRefFromMatch(match: RegionMatch): {
  provinceCode: string;
  regencyCode?: string;
  regencyName?: string;
  districtCode?: string;
  districtName?: string;
  villageCode?: string;
  villageName: string;
} {
  return {
    provinceCode: match.province.code,
    ...(match.regency ? { regencyCode: match.regency.code, regencyName: match.regency.name } : {}),
    ...(match.district
      ? { districtCode: match.district.code, districtName: match.district.name }
      : {}),
    ...(match.village ? { villageCode: match.village.code } : {}),
    // A regency or district alone leaves the village to be typed (the form then asks for it).
    villageName: match.village?.name ?? '',
  };
}

/** Title case for the upper-case names of the source ("KABUPATEN CILACAP" → "Kabupaten Cilacap"). */
export function titleCaseRegionName(name: string): string {
  const keepUpper = new Set(['DKI', 'DI', 'II', 'III', 'IV']);
  if (name !== name.toUpperCase()) return name; // already mixed case (districts, villages)
  return name
    .toLowerCase()
    .replace(/(^|[\s\-(/.'])([a-z])/g, (_m, sep: string, ch: string) => sep + ch.toUpperCase())
    .split(' ')
    .map((word) => (keepUpper.has(word.toUpperCase()) ? word.toUpperCase() : word))
    .join(' ');
}
