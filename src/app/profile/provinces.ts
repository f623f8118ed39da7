// The province list for the profile form. It comes from the region data the app serves
// (loadRegionIndex: public/regions/provinces.json, cached for offline use); when that is not
// available (first run with no signal), the same list is built into this chunk from
// idn-area-data's provinces.csv (ODbL, credited in About), so the volunteer can always pick their
// province. Both use the same Kemendagri codes.
import provincesCsv from 'idn-area-data/data/provinces.csv?raw';
import { loadRegionIndex } from '../../data';
import { titleCaseRegionName } from '../../domain/regions';

export interface Province {
  code: string;
  name: string;
}

const PROVINCE_CODE = /^\d{2}$/;

function toProvince(entry: unknown): Province | undefined {
  let code: unknown;
  let name: unknown;
  if (Array.isArray(entry)) [code, name] = entry as unknown[];
  else if (typeof entry === 'object' && entry !== null) {
    ({ code, name } = entry as Record<string, unknown>);
  }
  if (typeof code !== 'string' || !PROVINCE_CODE.test(code)) return undefined;
  if (typeof name !== 'string' || name.trim() === '') return undefined;
  return { code, name: titleCaseRegionName(name.trim()) };
}

/**
 * Provinces from the served index ({ provinces: [[code, name], …] }); entries that are not a
 * two-digit code with a name are dropped, so a damaged cache cannot break the form.
 */
export function parseProvinceIndex(raw: unknown): Province[] {
  const list =
    typeof raw === 'object' && raw !== null && !Array.isArray(raw)
      ? (raw as { provinces?: unknown }).provinces
      : raw;
  if (!Array.isArray(list)) return [];
  return list.map(toProvince).filter((p): p is Province => p !== undefined);
}

/** The built-in list (idn-area-data's provinces.csv: a `code,name` header, then one per line). */
export function builtInProvinces(csv: string = provincesCsv): Province[] {
  return csv
    .split(/\r?\n/)
    .slice(1)
    .map((line) => {
      const comma = line.indexOf(',');
      return toProvince([line.slice(0, comma).trim(), line.slice(comma + 1).replace(/"/g, '')]);
    })
    .filter((p): p is Province => p !== undefined);
}

/** Provinces sorted by name; never fails. */
export async function loadProvinces(): Promise<Province[]> {
  let provinces: Province[] = [];
  try {
    provinces = parseProvinceIndex(await loadRegionIndex());
  } catch {
    // Offline and not cached yet: the built-in list below.
  }
  if (provinces.length === 0) provinces = builtInProvinces();
  return provinces.sort((a, b) => a.name.localeCompare(b.name, 'id'));
}
