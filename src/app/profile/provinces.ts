// The province list for the profile form. It comes from the region data the app serves
// (loadRegionIndex, cached for offline use); when that is not available (first run with no
// signal), the same list is built into this chunk from idn-area-data (ODbL, credited in About),
// so the volunteer can always pick their province.
import provincesCsv from 'idn-area-data/data/provinces.csv?raw';
import { loadRegionIndex } from '../../data';

export interface Province {
  code: string;
  name: string;
}

const PROVINCE_CODE = /^\d{2}$/;

function isProvince(value: unknown): value is Province {
  if (typeof value !== 'object' || value === null) return false;
  const { code, name } = value as Record<string, unknown>;
  return (
    typeof code === 'string' && PROVINCE_CODE.test(code) && typeof name === 'string' && name !== ''
  );
}

/** Provinces from the served index: an array, or an object holding one under `provinces`. */
export function parseProvinceIndex(raw: unknown): Province[] {
  const list = Array.isArray(raw)
    ? raw
    : typeof raw === 'object' &&
        raw !== null &&
        Array.isArray((raw as { provinces?: unknown }).provinces)
      ? (raw as { provinces: unknown[] }).provinces
      : [];
  return list.filter(isProvince).map(({ code, name }) => ({ code, name }));
}

/** The built-in list (idn-area-data's provinces.csv: `code,name` per line). */
export function builtInProvinces(csv: string = provincesCsv): Province[] {
  return csv
    .split(/\r?\n/)
    .slice(1)
    .map((line) => {
      const comma = line.indexOf(',');
      return {
        code: line.slice(0, comma).trim(),
        name: line
          .slice(comma + 1)
          .trim()
          .replace(/^"|"$/g, ''),
      };
    })
    .filter(isProvince);
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
