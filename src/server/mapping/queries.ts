// The map's queries over map_counts / map_records (./schema.ts): the table of child areas, trends,
// the monthly report and the records behind a cell. Dialect-neutral Kysely (SUM over indexed
// rows); suppression for viewers is applied here, on the server, so a viewer's browser never
// receives a count of 1 or 2.
import type { Kysely, Transaction } from 'kysely';
import {
  addMonths,
  cellFor,
  changeOf,
  childLevel,
  COLUMN_INDICATORS,
  indicatorById,
  INDICATORS,
  isSmallCount,
  levelOfCode,
  monthsBetween,
  recordFactsOf,
  suppressTable,
  type AreaLevel,
  type MapAudience,
  type MapRecordsQuery,
  type MapRecordsResponse,
  type MapReportResponse,
  type MapRowJson,
  type MapTableQuery,
  type MapTableResponse,
  type MapTrendQuery,
  type MapTrendResponse,
} from '../../domain/mapping';
import type { Database } from '../db';
import { padForIn } from '../ingest';

type Executor = Kysely<Database> | Transaction<Database>;

export class MapQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MapQueryError';
  }
}

const COLUMN_KEYS = COLUMN_INDICATORS.map((indicator) => indicator.id);

/** The level of the areas directly under `parent` ('' → provinces). */
export function levelUnder(parent: string): AreaLevel | undefined {
  if (parent === '') return 'province';
  const level = levelOfCode(parent);
  return level === undefined ? undefined : childLevel(level);
}

/** Codes strictly inside `code` sort between `code.` and `code/` ('/' follows '.' in ASCII). */
function inside(code: string): [string, string] {
  return [`${code}.`, `${code}/`];
}

type Sums = Map<string, Record<string, number>>;

function addSum(sums: Sums, group: string, key: string, total: unknown): void {
  const row = sums.get(group) ?? {};
  row[key] = (row[key] ?? 0) + Number(total);
  sums.set(group, row);
}

/** Σ total per (child area, key) under `parent` in [from, to]. */
async function childSums(
  db: Executor,
  parent: string,
  keys: readonly string[],
  from: string,
  to: string,
): Promise<Sums> {
  const rows = await db
    .selectFrom('map_counts')
    .select(['area', 'key', (eb) => eb.fn.sum<number | string>('total').as('total')])
    .where('parent', '=', parent)
    .where('key', 'in', padForIn(keys))
    .where('month', '>=', from)
    .where('month', '<=', to)
    .groupBy(['area', 'key'])
    .execute();
  const sums: Sums = new Map();
  for (const row of rows) addSum(sums, row.area, row.key, row.total);
  return sums;
}

/** Σ total per key for one area ('' = every province) in [from, to]. */
async function areaSums(
  db: Executor,
  code: string,
  keys: readonly string[] | undefined,
  from: string,
  to: string,
): Promise<Record<string, number>> {
  let query = db
    .selectFrom('map_counts')
    .select(['key', (eb) => eb.fn.sum<number | string>('total').as('total')])
    .where(code === '' ? 'parent' : 'area', '=', code)
    .where('month', '>=', from)
    .where('month', '<=', to);
  if (keys !== undefined) query = query.where('key', 'in', padForIn(keys));
  const out: Record<string, number> = {};
  for (const row of await query.groupBy('key').execute())
    out[row.key] = (out[row.key] ?? 0) + Number(row.total);
  return out;
}

export async function mapTable(
  db: Executor,
  query: MapTableQuery,
  audience: MapAudience,
): Promise<MapTableResponse> {
  const { level, parent, from, to } = query;
  if (levelUnder(parent) !== level)
    throw new MapQueryError(`Areas directly under "${parent}" are not at level ${level}.`);
  const sums = await childSums(db, parent, COLUMN_KEYS, from, to);
  // Count rows that went back to 0 (a record moved or deleted) do not make an area appear.
  const codes = [...sums.keys()]
    .filter((code) => Object.values(sums.get(code) ?? {}).some((total) => total !== 0))
    .sort();
  const raw = codes.map((code) => sums.get(code) ?? {});
  const cells = suppressTable(raw, COLUMN_KEYS, audience);
  const totalRaw = await areaSums(db, parent, COLUMN_KEYS, from, to);
  return {
    level,
    parent,
    from,
    to,
    audience,
    indicators: COLUMN_KEYS,
    rows: codes.map((code, index) => ({ code, cells: cells[index] })),
    total: {
      code: parent,
      cells: Object.fromEntries(
        COLUMN_KEYS.map((key) => [key, cellFor(totalRaw[key] ?? 0, audience)]),
      ),
    },
  };
}

export async function mapTrend(
  db: Executor,
  query: MapTrendQuery,
  audience: MapAudience,
): Promise<MapTrendResponse> {
  const from = addMonths(query.to, -(query.months - 1));
  const months = monthsBetween(from, query.to);
  const series: MapTrendResponse['series'] = [];
  const cellsOf = (byMonth: Map<string, number>) =>
    months.map((month) => cellFor(byMonth.get(month) ?? 0, audience));
  if (query.code !== undefined) {
    const rows = await db
      .selectFrom('map_counts')
      .select(['month', 'key', 'total'])
      .where('area', '=', query.code)
      .where('key', 'in', padForIn(COLUMN_KEYS))
      .where('month', '>=', from)
      .where('month', '<=', query.to)
      .execute();
    const byKey = new Map<string, Map<string, number>>(COLUMN_KEYS.map((key) => [key, new Map()]));
    for (const row of rows) byKey.get(row.key)?.set(row.month, Number(row.total));
    for (const key of COLUMN_KEYS)
      series.push({ code: query.code, indicator: key, cells: cellsOf(byKey.get(key)!) });
    return { to: query.to, months, audience, series };
  }
  const parent = query.parent ?? '';
  const indicator = query.indicator!;
  if (levelUnder(parent) !== query.level)
    throw new MapQueryError(`Areas directly under "${parent}" are not at level ${query.level}.`);
  if (indicatorById(indicator) === undefined)
    throw new MapQueryError(`Unknown indicator "${indicator}".`);
  const rows = await db
    .selectFrom('map_counts')
    .select(['area', 'month', 'total'])
    .where('parent', '=', parent)
    .where('key', '=', indicator)
    .where('month', '>=', from)
    .where('month', '<=', query.to)
    .execute();
  const byArea = new Map<string, Map<string, number>>();
  for (const row of rows) {
    const months = byArea.get(row.area) ?? new Map<string, number>();
    months.set(row.month, (months.get(row.month) ?? 0) + Number(row.total));
    byArea.set(row.area, months);
  }
  for (const code of [...byArea.keys()]
    .filter((code) => [...byArea.get(code)!.values()].some((total) => total !== 0))
    .sort())
    series.push({ code, indicator, cells: cellsOf(byArea.get(code)!) });
  return { to: query.to, months, audience, series };
}

const RISERS = 5;

export async function mapReport(
  db: Executor,
  query: { regency: string; month: string },
  audience: MapAudience,
): Promise<MapReportResponse> {
  const { regency, month } = query;
  const previousMonth = addMonths(month, -1);
  const rows = await db
    .selectFrom('map_counts')
    .select(['month', 'key', 'total'])
    .where('area', '=', regency)
    .where('month', 'in', [previousMonth, month])
    .execute();
  const current: Record<string, number> = {};
  const previous: Record<string, number> = {};
  for (const row of rows) (row.month === month ? current : previous)[row.key] = Number(row.total);

  const indicators = INDICATORS.map((indicator) => {
    const now = cellFor(current[indicator.id] ?? 0, audience);
    const before = cellFor(previous[indicator.id] ?? 0, audience);
    return {
      id: indicator.id,
      current: now,
      previous: before,
      change: changeOf(now, before),
      breakdowns: indicator.breakdowns.map((breakdown) => ({
        id: breakdown.id,
        cells: breakdown.codes.flatMap((code) => {
          const key = `${indicator.id}/${breakdown.id}/${code}`;
          const a = current[key] ?? 0;
          const b = previous[key] ?? 0;
          return a === 0 && b === 0
            ? []
            : [{ code, current: cellFor(a, audience), previous: cellFor(b, audience) }];
        }),
      })),
    };
  });

  const districts = await mapTable(
    db,
    { level: 'district', parent: regency, from: month, to: month },
    audience,
  );

  const [low, high] = inside(regency);
  const villageRows = await db
    .selectFrom('map_counts')
    .select(['area', 'month', 'key', 'total'])
    .where('key', 'in', padForIn(COLUMN_KEYS))
    .where('month', 'in', [previousMonth, month])
    .where('area', '>', low)
    .where('area', '<', high)
    .execute();
  const change = new Map<string, { current: number; previous: number }>();
  for (const row of villageRows) {
    if (levelOfCode(row.area) !== 'village') continue;
    const id = `${row.key}\u0000${row.area}`;
    const entry = change.get(id) ?? { current: 0, previous: 0 };
    entry[row.month === month ? 'current' : 'previous'] += Number(row.total);
    change.set(id, entry);
  }
  // A viewer sees a rise only when neither month is a withheld small count.
  const publishable = (value: number) => audience === 'coordinator' || !isSmallCount(value);
  const risers = COLUMN_KEYS.map((indicator) => ({
    indicator,
    areas: [...change.entries()]
      .filter(([id]) => id.startsWith(`${indicator}\u0000`))
      .map(([id, entry]) => ({
        code: id.slice(indicator.length + 1),
        ...entry,
        change: entry.current - entry.previous,
      }))
      .filter((area) => area.change > 0 && publishable(area.current) && publishable(area.previous))
      .sort((a, b) => b.change - a.change || (a.code < b.code ? -1 : 1))
      .slice(0, RISERS),
  })).filter((riser) => riser.areas.length > 0);

  return {
    regency,
    month,
    previousMonth,
    audience,
    indicators,
    districts: districts.rows as MapRowJson[],
    risers,
  };
}

const RECORDS_LIMIT = 1000;

/** Record ids behind one cell (coordinators only; the route checks the role). */
export async function mapRecords(
  db: Executor,
  query: MapRecordsQuery,
): Promise<MapRecordsResponse> {
  const indicatorId = query.indicator.split('/')[0];
  const indicator = indicatorById(indicatorId);
  if (indicator === undefined) throw new MapQueryError(`Unknown indicator "${indicatorId}".`);
  const [low, high] = inside(query.code);
  const rows = await db
    .selectFrom('map_records')
    .innerJoin('sealed_current', 'sealed_current.id', 'map_records.record_id')
    .select(['map_records.record_id as id', 'sealed_current.meta', 'sealed_current.kind'])
    .where('map_records.kind', '=', indicator.kind)
    .where('map_records.month', '>=', query.from)
    .where('map_records.month', '<=', query.to)
    .where((eb) =>
      eb.or([
        eb('map_records.area', '=', query.code),
        eb.and([eb('map_records.area', '>', low), eb('map_records.area', '<', high)]),
      ]),
    )
    .orderBy('map_records.record_id')
    .execute();
  const ids: string[] = [];
  let more = false;
  for (const row of rows) {
    const facts = recordFactsOf(row.kind, JSON.parse(row.meta) as Record<string, unknown>, false);
    if (!facts?.facts.some((fact) => fact.key === query.indicator && fact.value > 0)) continue;
    if (ids.length === RECORDS_LIMIT) {
      more = true;
      break;
    }
    ids.push(row.id);
  }
  return { ids, more };
}
