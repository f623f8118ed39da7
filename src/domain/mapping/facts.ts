// What one stored record adds to the map: its area (the Kemendagri codes of its desa, kecamatan,
// kabupaten and province), its month, and one fact per indicator and breakdown cell it counts
// toward. The server stores these at ingest and sums them with SQL; tests sum them in memory.
//
// Invariants: facts come from clear meta only; a tombstone or a record without a month or a
// province adds nothing; parent codes are derived from the finest code present (a desa code
// names its kecamatan, kabupaten and province), so the levels always add up.
import { isRecordKindName } from '../kinds/meta/kindName';
import { breakdownKey, INDICATORS } from './indicators';

export const AREA_LEVELS = ['province', 'regency', 'district', 'village'] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];

/** Segments of a code at each level: '33', '33.01', '33.01.01', '33.01.01.2001'. */
const LEVEL_PATTERN: Record<AreaLevel, RegExp> = {
  province: /^\d{2}$/,
  regency: /^\d{2}\.\d{2}$/,
  district: /^\d{2}\.\d{2}\.\d{2}$/,
  village: /^\d{2}\.\d{2}\.\d{2}\.\d{4}$/,
};

export function levelOfCode(code: string): AreaLevel | undefined {
  return AREA_LEVELS.find((level) => LEVEL_PATTERN[level].test(code));
}

/** The level below (village has none). */
export function childLevel(level: AreaLevel): AreaLevel | undefined {
  return AREA_LEVELS[AREA_LEVELS.indexOf(level) + 1];
}

/** The code of the parent area ('' for a province). */
export function parentCode(code: string): string {
  const cut = code.lastIndexOf('.');
  return cut < 0 ? '' : code.slice(0, cut);
}

/** Codes from the province down to the finest level the record has, e.g. ['33', '33.01']. */
export type AreaPath = string[];

export function areaPathOf(meta: Readonly<Record<string, unknown>>): AreaPath {
  const finest = (['villageCode', 'districtCode', 'regencyCode', 'provinceCode'] as const)
    .map((key) => meta[key])
    .find((code): code is string => typeof code === 'string' && levelOfCode(code) !== undefined);
  if (finest === undefined) return [];
  const path: string[] = [];
  for (let code = finest; code !== ''; code = parentCode(code)) path.unshift(code);
  return path;
}

export interface MapFact {
  /** Indicator id, or `<indicator>/<breakdown>/<code>` for a breakdown cell. */
  key: string;
  value: number;
}

export interface RecordFacts {
  month: string;
  area: AreaPath;
  facts: MapFact[];
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The map facts of a stored record's current revision; undefined when it adds nothing. */
export function recordFactsOf(
  kind: string,
  meta: Readonly<Record<string, unknown>>,
  deleted: boolean,
): RecordFacts | undefined {
  if (deleted || !isRecordKindName(kind)) return undefined;
  const month = meta.eventMonth;
  if (typeof month !== 'string' || !MONTH.test(month)) return undefined;
  const area = areaPathOf(meta);
  if (area.length === 0) return undefined;
  const facts: MapFact[] = [];
  for (const indicator of INDICATORS) {
    if (indicator.kind !== kind) continue;
    const value = indicator.measure(meta);
    if (value <= 0) continue;
    facts.push({ key: indicator.id, value });
    for (const breakdown of indicator.breakdowns)
      for (const [code, amount] of breakdown.of(meta))
        if (amount > 0 && breakdown.codes.includes(code))
          facts.push({ key: breakdownKey(indicator.id, breakdown.id, code), value: amount });
  }
  return facts.length === 0 ? undefined : { month, area, facts };
}

/** 'YYYY-MM' → the month `delta` months later (negative: earlier). */
export function addMonths(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number);
  const index = y * 12 + (m - 1) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Months from `from` to `to` inclusive, oldest first (empty when from > to). */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let month = from; month <= to && out.length < 1200; month = addMonths(month, 1))
    out.push(month);
  return out;
}

export function isMonth(value: unknown): value is string {
  return typeof value === 'string' && MONTH.test(value);
}
