// Filters of the records table (kind, kabupaten → kecamatan → desa, review state, risk, period,
// device) and search over opened content. Pure and linear in the number of records: 10,000
// records filter in a few milliseconds (BENCHMARKS.md).
import type { OpenedRecord } from './memory';
import { normaliseText } from './memory';

export interface RecordFilters {
  kind?: string;
  regency?: string;
  district?: string;
  village?: string;
  /** A review state, or 'none' for records nobody answered yet. */
  review?: string;
  risk?: string;
  /** Months, YYYY-MM, inclusive (the event's month; the saved month when it has none). */
  from?: string;
  to?: string;
  device?: string;
  /** Words that must all appear in the opened content (any order, no diacritics needed). */
  text?: string;
  /** Only records flagged (fails validation, meta disagrees, does not open). */
  flagged?: boolean;
}

export function monthOfRecord(item: OpenedRecord): string {
  const month = item.row.meta.eventMonth;
  return typeof month === 'string' ? month : item.row.createdAt.slice(0, 7);
}

export function applyFilters(list: readonly OpenedRecord[], f: RecordFilters): OpenedRecord[] {
  const words = f.text ? normaliseText(f.text).split(/\s+/).filter(Boolean) : [];
  return list.filter((item) => {
    const { row } = item;
    const meta = row.meta;
    if (f.kind && row.kind !== f.kind) return false;
    if (f.village) {
      if (meta.villageCode !== f.village) return false;
    } else if (f.district) {
      if (meta.districtCode !== f.district) return false;
    } else if (f.regency && meta.regencyCode !== f.regency) return false;
    if (f.review) {
      if (f.review === 'none' ? row.reviewState !== undefined : row.reviewState !== f.review)
        return false;
    }
    if (f.risk && meta.riskLevel !== f.risk) return false;
    if (f.device && row.deviceId !== f.device) return false;
    if (f.from || f.to) {
      const month = monthOfRecord(item);
      if (f.from && month < f.from) return false;
      if (f.to && month > f.to) return false;
    }
    if (f.flagged && item.problems.length === 0) return false;
    for (const word of words) if (!item.search.includes(word)) return false;
    return true;
  });
}

/** Codes present in the records for the region pickers: regencies, then within the chosen one. */
export function regionOptions(
  list: readonly OpenedRecord[],
  f: Pick<RecordFilters, 'regency' | 'district'>,
): { regencies: string[]; districts: string[]; villages: string[] } {
  const regencies = new Set<string>();
  const districts = new Set<string>();
  const villages = new Set<string>();
  for (const { row } of list) {
    const { regencyCode, districtCode, villageCode } = row.meta;
    if (typeof regencyCode === 'string') regencies.add(regencyCode);
    if (typeof districtCode === 'string' && (!f.regency || regencyCode === f.regency))
      districts.add(districtCode);
    if (typeof villageCode === 'string' && f.district && districtCode === f.district)
      villages.add(villageCode);
  }
  const sorted = (s: Set<string>) => [...s].sort();
  return { regencies: sorted(regencies), districts: sorted(districts), villages: sorted(villages) };
}
