// The map screens' data: the map API (counts only, already suppressed for viewers by the server),
// the period (1, 3 or 12 months ending at a month), area names from the region chunks the server
// already serves to phones (/regions/*.json), and the shading level of a cell within its column.
// Nothing here holds or asks for record content.
import {
  addMonths,
  levelOfCode,
  parentCode,
  type AreaLevel,
  type MapCellJson,
  type MapIndicatorsResponse,
  type MapRowJson,
} from '../../domain/mapping';
import type { ProvinceIndex, RegionChunk } from '../../domain/regions';
import { api } from '../api';

export const PERIODS = [1, 3, 12] as const;
export type Period = (typeof PERIODS)[number];
export const TREND_MONTHS = 12;

export function mapGet<T>(path: string, query: Record<string, string | number>): Promise<T> {
  const params = new URLSearchParams(
    Object.entries(query).map(([key, value]) => [key, String(value)]),
  );
  return api<T>('GET', `/map/${path}?${params.toString()}`);
}

let catalogue: Promise<MapIndicatorsResponse> | undefined;
/** The indicator catalogue (and whether this account sees exact counts), once per page load. */
export function indicators(): Promise<MapIndicatorsResponse> {
  catalogue ??= api<MapIndicatorsResponse>('GET', '/map/indicators').catch((error: unknown) => {
    catalogue = undefined;
    throw error;
  });
  return catalogue;
}

/** This month in the district's calendar (the browser's clock). */
export function thisMonth(now = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
}

export function periodOf(value: string | null): Period {
  const n = Number(value);
  return (PERIODS as readonly number[]).includes(n) ? (n as Period) : 1;
}

export function isMonthText(value: string | null | undefined): value is string {
  return typeof value === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
}

/** First month of a period of `months` months ending at `to`. */
export function periodStart(to: string, months: number): string {
  return addMonths(to, -(months - 1));
}

/** The level of areas directly under `parent` ('' → provinces); undefined under a desa. */
export function levelUnder(parent: string): AreaLevel | undefined {
  if (parent === '') return 'province';
  const level = levelOfCode(parent);
  if (level === 'province') return 'regency';
  if (level === 'regency') return 'district';
  if (level === 'district') return 'village';
  return undefined;
}

/** Codes from the province down to `code`: '33.01.02' → ['33', '33.01', '33.01.02']. */
export function pathOf(code: string): string[] {
  const out: string[] = [];
  for (let at = code; at !== ''; at = parentCode(at)) out.unshift(at);
  return out;
}

// ---- area names -------------------------------------------------------------------------------

const names = new Map<string, string>();
const loadedChunks = new Map<string, Promise<void>>();

async function fetchJson<T>(path: string): Promise<T | undefined> {
  try {
    const response = await fetch(path, { credentials: 'same-origin' });
    return response.ok ? ((await response.json()) as T) : undefined;
  } catch {
    return undefined;
  }
}

function loadChunk(key: string, load: () => Promise<void>): Promise<void> {
  let pending = loadedChunks.get(key);
  if (!pending) {
    pending = load();
    loadedChunks.set(key, pending);
  }
  return pending;
}

/** Loads the names of the provinces and of every area of the provinces of `codes`. */
export async function loadNames(codes: readonly string[]): Promise<void> {
  await loadChunk('provinces', async () => {
    const index = await fetchJson<ProvinceIndex>('/regions/provinces.json');
    for (const [code, name] of index?.provinces ?? []) names.set(code, name);
  });
  const provinces = new Set(codes.map((code) => code.slice(0, 2)).filter((c) => c.length === 2));
  await Promise.all(
    [...provinces].map((province) =>
      loadChunk(province, async () => {
        const chunk = await fetchJson<RegionChunk>(`/regions/${province}.json`);
        for (const [r, regency, districts] of chunk?.regencies ?? []) {
          const rc = `${province}.${r}`;
          names.set(rc, regency);
          for (const [d, district, villages] of districts) {
            const dc = `${rc}.${d}`;
            names.set(dc, district);
            for (const [v, village] of villages) names.set(`${dc}.${v}`, village);
          }
        }
      }),
    ),
  );
}

/** The area's name, or its code when the region data does not know it. */
export function areaName(code: string): string {
  return names.get(code) ?? code;
}

// ---- cells ------------------------------------------------------------------------------------

/** Shading levels 0 (nothing) to 4 (the column's highest), or 'suppressed'. */
export type Shade = 0 | 1 | 2 | 3 | 4 | 'suppressed';

export function shadeOf(cell: MapCellJson | undefined, columnMax: number): Shade {
  if (!cell) return 0;
  if (cell.suppressed || cell.value === null) return 'suppressed';
  if (cell.value <= 0 || columnMax <= 0) return 0;
  return Math.min(4, Math.max(1, Math.ceil((4 * cell.value) / columnMax))) as Shade;
}

/** The highest shown count of each column among `rows`. */
export function columnMaxima(rows: readonly MapRowJson[], columns: readonly string[]) {
  return Object.fromEntries(
    columns.map((column) => [
      column,
      Math.max(0, ...rows.map((row) => row.cells[column]?.value ?? 0)),
    ]),
  );
}

/** Sort value of a cell: withheld counts (1 or 2, or hidden with them) sort just above 0. */
export function sortValue(cell: MapCellJson | undefined): number {
  if (!cell) return 0;
  return cell.value ?? 0.5;
}

export type SortKey = 'area' | string;

export function sortRows(
  rows: readonly MapRowJson[],
  key: SortKey,
  descending: boolean,
): MapRowJson[] {
  const sign = descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const order =
      key === 'area'
        ? areaName(a.code).localeCompare(areaName(b.code), 'id')
        : sortValue(a.cells[key]) - sortValue(b.cells[key]);
    return order * sign || a.code.localeCompare(b.code);
  });
}
