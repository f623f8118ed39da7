// The map's numbers (src/server/mapping) against counts computed independently in the test from
// the same generated records (fast-check), on SQLite and PostgreSQL: records go in through the
// real v2 push (new records, new revisions with other meta, tombstones), numbers come out of
// GET /api/console/map/*. Viewers never get a count of 1 or 2; coordinators get exact counts.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { Hono, type MiddlewareHandler } from 'hono';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EnvelopeV2 } from '../../../src/domain/contract';
import {
  DESTINATION_COUNTRIES,
  MIGRANT_DOCUMENTS,
  MODUS,
  REFERRAL_TARGETS,
} from '../../../src/domain/reference';
import {
  addMonths,
  COLUMN_INDICATORS,
  monthsBetween,
  SMALL_COUNT,
  type MapCellJson,
  type MapRecordsResponse,
  type MapReportResponse,
  type MapTableResponse,
  type MapTrendResponse,
} from '../../../src/domain/mapping';
import type { AppEnv } from '../../../src/server/http/common';
import { mapRoutes } from '../../../src/server/mapping/routes';
import { rebuildMap } from '../../../src/server/mapping/store';
import { createTestApp, type TestApp } from '../helpers';
import { createDistrictKey, enrollV2, pushV2, sealedEnvelope, type V2Phone } from '../coordinator';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 60_000 });

type Meta = Record<string, unknown>;
interface Generated {
  id: string;
  kind: string;
  meta: Meta;
  /** Second revision: other meta, or a tombstone (null). */
  next?: Meta | null;
}

let t: TestApp;
let phone: V2Phone;
let map: Hono<AppEnv>;
const sealedByKind = new Map<string, EnvelopeV2['sealed']>();

// The console's session middleware is tested in tests/server/console; here a header plays it.
const role: MiddlewareHandler<AppEnv> = async (c, next) => {
  const who = c.req.header('x-test-role');
  if (who !== 'viewer' && who !== 'coordinator')
    return c.json({ error: { code: 'unauthenticated', message: '' } }, 401);
  await next();
  return undefined;
};
const coordinatorOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.header('x-test-role') !== 'coordinator')
    return c.json({ error: { code: 'forbidden', message: '' } }, 403);
  await next();
  return undefined;
};

beforeAll(async () => {
  t = await createTestApp({
    rateLimits: {
      push: { limit: 1_000_000, windowMs: 60_000 },
      enroll: { limit: 1_000_000, windowMs: 60_000 },
    },
  });
  const holder = await createDistrictKey(t);
  void holder;
  phone = await enrollV2(t);
  // The server never opens `sealed`; one real sealing per kind is reused (ids differ), which
  // keeps the generated runs fast without changing what the server stores about meta.
  for (const kind of [
    'migrant',
    'household_visit',
    'awareness_session',
    'screening',
    'psychosocial_support',
    'referral',
  ] as const)
    sealedByKind.set(kind, (await sealedEnvelope(phone.districtKeys, { kind })).sealed);
  map = mapRoutes({
    db: t.opened.db,
    readers: role,
    coordinators: coordinatorOnly,
    audienceOf: (c) => (c.req.header('x-test-role') === 'coordinator' ? 'coordinator' : 'viewer'),
  });
});
afterAll(async () => {
  await t.close();
});

async function get<T>(path: string, who: 'viewer' | 'coordinator'): Promise<T> {
  const response = await map.request(path, { headers: { 'x-test-role': who } });
  expect(response.status, `${path}: ${await response.clone().text()}`).toBe(200);
  return (await response.json()) as T;
}

function envelope(record: Generated, rev: number, meta: Meta | null): EnvelopeV2 {
  return {
    id: record.id,
    rev,
    kind: record.kind,
    schemaVersion: 1,
    deleted: meta === null,
    createdAt: '2026-11-30T09:15:00+07:00',
    updatedAt: '2026-11-30T09:20:00+07:00',
    meta: meta ?? {},
    ...(meta === null ? {} : { sealed: sealedByKind.get(record.kind) }),
  } as EnvelopeV2;
}

async function pushAll(envelopes: EnvelopeV2[]): Promise<void> {
  for (let at = 0; at < envelopes.length; at += 200) {
    const { status, body } = await pushV2(t.app, phone.token, envelopes.slice(at, at + 200));
    expect(status).toBe(200);
    for (const result of body.results) expect(result.status, JSON.stringify(result)).toBe('stored');
  }
}

// ---- generated records ----------------------------------------------------------------------

const MONTHS = ['2026-01', '2026-02', '2026-03'];
const areaCodes = (province: string) => [
  `${province}.01.01.2001`,
  `${province}.01.01.2002`,
  `${province}.01.02.2001`,
  `${province}.02.01.2001`,
  `${province}.01.01`,
  `${province}.02`,
];

function regionOf(code: string): Meta {
  const parts = code.split('.');
  const keys = ['provinceCode', 'regencyCode', 'districtCode', 'villageCode'];
  return Object.fromEntries(parts.map((_, i) => [keys[i], parts.slice(0, i + 1).join('.')]));
}

const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const clean = (meta: Meta): Meta =>
  Object.fromEntries(Object.entries(meta).filter(([, v]) => v !== undefined));

const resident = fc.record({
  recordType: fc.constant('resident'),
  procedure: opt(fc.constantFrom('official', 'non_official', 'unknown')),
  destinationCountry: opt(fc.constantFrom(...DESTINATION_COUNTRIES.slice(0, 3))),
  child: opt(fc.boolean()),
  documentsMissing: opt(fc.subarray([...MIGRANT_DOCUMENTS.slice(0, 3)], { minLength: 1 })),
  documentsSuspectedFalse: opt(fc.subarray([...MIGRANT_DOCUMENTS.slice(0, 2)], { minLength: 1 })),
});
const observation = fc.record({
  recordType: fc.constant('outsider_observation'),
  residentsApproached: opt(fc.nat({ max: 9 })),
});
const participants = fc
  .tuple(fc.nat({ max: 9 }), fc.nat({ max: 9 }), fc.nat({ max: 4 }), fc.nat({ max: 4 }))
  .map(([fa, ma, fc_, mc]) => ({
    participantsFemaleAdult: fa,
    participantsMaleAdult: ma,
    participantsFemaleChild: fc_,
    participantsMaleChild: mc,
    participantsTotal: fa + ma + fc_ + mc,
  }));
const metaOf: Record<string, fc.Arbitrary<Meta>> = {
  migrant: fc.oneof(resident, resident, observation),
  household_visit: fc.record({
    warningSigns: opt(fc.subarray(['placement_fee', 'no_work_contract'], { minLength: 1 })),
  }),
  awareness_session: participants,
  screening: fc.record({
    riskLevel: fc.constantFrom('rendah', 'sedang', 'tinggi'),
    child: fc.boolean(),
    immediateDanger: fc.boolean(),
    modus: opt(fc.subarray([...MODUS.slice(0, 2)], { minLength: 1 })),
  }),
  psychosocial_support: fc.record({ consent: opt(fc.constantFrom('agreed', 'declined')) }),
  referral: fc.record({
    targets: opt(fc.subarray([...REFERRAL_TARGETS.slice(0, 2)], { minLength: 1 })),
  }),
};
const KINDS = Object.keys(metaOf);

function recordArb(province: string): fc.Arbitrary<Generated> {
  const placed = (kind: string) =>
    fc
      .record({
        fields: metaOf[kind],
        area: fc.constantFrom(...areaCodes(province)),
        month: fc.constantFrom(...MONTHS),
      })
      .map(({ fields, area, month }) => clean({ ...fields, ...regionOf(area), eventMonth: month }));
  return fc.constantFrom(...KINDS).chain((kind) =>
    fc.record({
      id: fc.constant(''),
      kind: fc.constant(kind),
      meta: placed(kind),
      next: fc.oneof(
        { weight: 3, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constant(null) },
        { weight: 2, arbitrary: placed(kind) },
      ),
    }),
  );
}

// ---- the independent count (written from the definitions, not from the catalogue) ----

const has = (meta: Meta, key: string, code?: string) =>
  Array.isArray(meta[key]) && (code === undefined || (meta[key] as string[]).includes(code));
function amount(kind: string, meta: Meta, key: string): number {
  const resident = kind === 'migrant' && meta.recordType === 'resident';
  switch (key) {
    case 'migrants':
      return resident ? 1 : 0;
    case 'migrants/destination/MY':
      return resident && meta.destinationCountry === 'MY' ? 1 : 0;
    case 'migrants_non_official':
      return resident && meta.procedure === 'non_official' ? 1 : 0;
    case 'documents_missing':
      return resident && has(meta, 'documentsMissing') ? 1 : 0;
    case 'documents_suspected_false':
      return resident && has(meta, 'documentsSuspectedFalse') ? 1 : 0;
    case 'outsider_observations':
      return kind === 'migrant' && meta.recordType === 'outsider_observation' ? 1 : 0;
    case 'visits':
      return kind === 'household_visit' ? 1 : 0;
    case 'visits_warning_signs':
      return kind === 'household_visit' && has(meta, 'warningSigns') ? 1 : 0;
    case 'sessions':
      return kind === 'awareness_session' ? 1 : 0;
    case 'participants':
      return kind === 'awareness_session' ? Number(meta.participantsTotal ?? 0) : 0;
    case 'participants/participant_group/femaleAdult':
      return kind === 'awareness_session' && Number(meta.participantsTotal ?? 0) > 0
        ? Number(meta.participantsFemaleAdult ?? 0)
        : 0;
    case 'screenings':
      return kind === 'screening' ? 1 : 0;
    case 'screenings/risk/tinggi':
    case 'screenings_high':
      return kind === 'screening' && meta.riskLevel === 'tinggi' ? 1 : 0;
    case 'screenings_child':
      return kind === 'screening' && meta.child === true ? 1 : 0;
    case 'screenings_modus':
      return kind === 'screening' && has(meta, 'modus') ? 1 : 0;
    case 'support_given':
      return kind === 'psychosocial_support' && meta.consent === 'agreed' ? 1 : 0;
    case 'referrals':
      return kind === 'referral' ? 1 : 0;
    default:
      throw new Error(`the test has no independent count for ${key}`);
  }
}

/** Final current meta of each generated record (tombstones gone). */
function current(records: Generated[]): { kind: string; meta: Meta; id: string }[] {
  return records.flatMap((r) => {
    const meta = r.next === undefined ? r.meta : r.next;
    return meta === null ? [] : [{ id: r.id, kind: r.kind, meta }];
  });
}

function codesOf(meta: Meta): string[] {
  return ['provinceCode', 'regencyCode', 'districtCode', 'villageCode']
    .map((key) => meta[key])
    .filter((code): code is string => typeof code === 'string');
}

function expected(
  records: { kind: string; meta: Meta }[],
  code: string,
  key: string,
  from: string,
  to: string,
): number {
  let sum = 0;
  for (const { kind, meta } of records) {
    const month = meta.eventMonth as string;
    if (month < from || month > to || !codesOf(meta).includes(code)) continue;
    sum += amount(kind, meta, key);
  }
  return sum;
}

function checkCell(cell: MapCellJson, count: number, who: 'viewer' | 'coordinator', where: string) {
  if (who === 'coordinator') {
    expect(cell, where).toEqual({ value: count, suppressed: false });
    return;
  }
  if (count > 0 && count < SMALL_COUNT)
    expect(cell, where).toEqual({ value: null, suppressed: true });
  else if (cell.suppressed) expect(count, `${where}: withheld beside another`).toBeGreaterThan(0);
  else expect(cell.value, where).toBe(count);
}

// ---- the property ---------------------------------------------------------------------------

let province = 10;

/** A fresh province (and fresh ids) for every execution, shrinking included: runs never overlap. */
function relocate(records: Generated[]): [string, Generated[]] {
  province += 1;
  const prov = String(province);
  const move = (meta: Meta | null | undefined) =>
    meta === null || meta === undefined
      ? meta
      : Object.fromEntries(
          Object.entries(meta).map(([key, value]) => [
            key,
            key.endsWith('Code') && typeof value === 'string' ? prov + value.slice(2) : value,
          ]),
        );
  return [
    prov,
    records.map((r) => ({ ...r, id: randomUUID(), meta: move(r.meta)!, next: move(r.next) })),
  ];
}

describe('map numbers equal independent counts', () => {
  it('table at every level, trend, report and records behind a cell, on both audiences', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(recordArb('99'), { minLength: 1, maxLength: 90 }),
        fc.constantFrom(...MONTHS),
        fc.constantFrom(...MONTHS),
        async (generated, a, b) => {
          const [prov, records] = relocate(generated);
          const [from, to] = a <= b ? [a, b] : [b, a];
          await pushAll(records.map((r) => envelope(r, 1, r.meta)));
          await pushAll(
            records.filter((r) => r.next !== undefined).map((r) => envelope(r, 2, r.next!)),
          );
          const live = current(records);

          const tables: [string, string][] = [
            ['regency', prov],
            ['district', `${prov}.01`],
            ['village', `${prov}.01.01`],
          ];
          for (const who of ['coordinator', 'viewer'] as const) {
            for (const [level, parent] of tables) {
              const table = await get<MapTableResponse>(
                `/api/console/map/table?level=${level}&parent=${parent}&from=${from}&to=${to}`,
                who,
              );
              const children = [...new Set(live.flatMap((r) => codesOf(r.meta)))].filter(
                (code) =>
                  code.startsWith(`${parent}.`) &&
                  code.split('.').length === parent.split('.').length + 1,
              );
              const rows = new Map(table.rows.map((row) => [row.code, row]));
              for (const code of children)
                for (const indicator of COLUMN_INDICATORS) {
                  const count = expected(live, code, indicator.id, from, to);
                  const cell = rows.get(code)?.cells[indicator.id] ?? {
                    value: 0,
                    suppressed: false,
                  };
                  checkCell(cell, count, who, `${who} ${code} ${indicator.id}`);
                }
              for (const row of table.rows) expect(children).toContain(row.code);
              for (const indicator of COLUMN_INDICATORS)
                checkCell(
                  table.total.cells[indicator.id],
                  expected(live, parent, indicator.id, from, to),
                  who,
                  `${who} total ${parent} ${indicator.id}`,
                );
            }

            const trend = await get<MapTrendResponse>(
              `/api/console/map/trend?code=${prov}.01&to=${to}&months=3`,
              who,
            );
            expect(trend.months).toEqual(monthsBetween(addMonths(to, -2), to));
            for (const series of trend.series)
              series.cells.forEach((cell, i) => {
                const m = trend.months[i];
                const count = expected(live, `${prov}.01`, series.indicator, m, m);
                if (who === 'coordinator')
                  expect(cell).toEqual({ value: count, suppressed: false });
                else checkCell(cell, count, who, `trend ${series.indicator} ${m}`);
              });
            const childTrend = await get<MapTrendResponse>(
              `/api/console/map/trend?parent=${prov}.01&level=district&indicator=migrants&to=${to}&months=2`,
              who,
            );
            for (const series of childTrend.series)
              series.cells.forEach((cell, i) => {
                const m = childTrend.months[i];
                checkCell(
                  cell,
                  expected(live, series.code, 'migrants', m, m),
                  who,
                  `child trend ${series.code}`,
                );
              });

            const report = await get<MapReportResponse>(
              `/api/console/map/report?regency=${prov}.01&month=${to}`,
              who,
            );
            const previous = addMonths(to, -1);
            for (const indicator of report.indicators) {
              if (indicator.id === 'residents_approached') continue;
              const now = expected(live, `${prov}.01`, indicator.id, to, to);
              const before = expected(live, `${prov}.01`, indicator.id, previous, previous);
              checkCell(indicator.current, now, who, `report ${indicator.id}`);
              checkCell(indicator.previous, before, who, `report prev ${indicator.id}`);
              if (indicator.change !== null) expect(indicator.change).toBe(now - before);
              else expect(who).toBe('viewer');
            }
            const breakdown = (id: string, b: string, code: string) =>
              report.indicators
                .find((i) => i.id === id)
                ?.breakdowns.find((x) => x.id === b)
                ?.cells.find((c) => c.code === code)?.current ?? { value: 0, suppressed: false };
            for (const [id, b, code] of [
              ['migrants', 'destination', 'MY'],
              ['participants', 'participant_group', 'femaleAdult'],
              ['screenings', 'risk', 'tinggi'],
            ])
              checkCell(
                breakdown(id, b, code),
                expected(live, `${prov}.01`, `${id}/${b}/${code}`, to, to),
                who,
                `${id}/${b}/${code}`,
              );
            for (const riser of report.risers) {
              const changes = riser.areas.map((area) => {
                const now = expected(live, area.code, riser.indicator, to, to);
                const before = expected(live, area.code, riser.indicator, previous, previous);
                expect(area).toEqual({
                  code: area.code,
                  current: now,
                  previous: before,
                  change: now - before,
                });
                if (who === 'viewer') {
                  expect(now >= SMALL_COUNT).toBe(true);
                  expect(before === 0 || before >= SMALL_COUNT).toBe(true);
                }
                return area.change;
              });
              expect(changes).toEqual([...changes].sort((x, y) => y - x));
            }
            if (who === 'coordinator') {
              // The kecamatan that rose most (among desa) is listed first.
              const villages = [`${prov}.01.01.2001`, `${prov}.01.01.2002`, `${prov}.01.02.2001`];
              const best = Math.max(
                0,
                ...villages.map(
                  (v) =>
                    expected(live, v, 'migrants', to, to) -
                    expected(live, v, 'migrants', previous, previous),
                ),
              );
              const listed =
                report.risers.find((r) => r.indicator === 'migrants')?.areas[0]?.change ?? 0;
              expect(listed).toBe(best);
            }
          }

          const cell = `/api/console/map/records?code=${prov}.01.01&indicator=migrants_non_official&from=${from}&to=${to}`;
          const behind = await get<MapRecordsResponse>(cell, 'coordinator');
          const wanted = live
            .filter(
              (r) =>
                codesOf(r.meta).includes(`${prov}.01.01`) &&
                (r.meta.eventMonth as string) >= from &&
                (r.meta.eventMonth as string) <= to &&
                amount(r.kind, r.meta, 'migrants_non_official') > 0,
            )
            .map((r) => r.id)
            .sort();
          expect([...behind.ids].sort()).toEqual(wanted);
          const denied = await map.request(cell, { headers: { 'x-test-role': 'viewer' } });
          expect(denied.status).toBe(403);
        },
      ),
      { numRuns: 15 },
    );
  });

  it('a rebuild from sealed_current gives the same counts as the ingest-time updates', async () => {
    const before = await t.opened.db
      .selectFrom('map_counts')
      .selectAll()
      .where('total', '!=', 0)
      .execute();
    await rebuildMap(t.opened.db);
    const after = await t.opened.db.selectFrom('map_counts').selectAll().execute();
    const norm = (rows: typeof before) =>
      rows
        .map((r) => `${r.area}|${r.month}|${r.key}|${Number(r.total)}`)
        .filter((line) => !line.endsWith('|0'))
        .sort();
    expect(before.length).toBeGreaterThan(0);
    expect(norm(after)).toEqual(norm(before));
  });

  it('bad queries answer 400, missing sessions 401', async () => {
    for (const path of [
      '/api/console/map/table?level=village&parent=11&from=2026-01&to=2026-02',
      '/api/console/map/table?level=regency&parent=11&from=2026-03&to=2026-01',
      '/api/console/map/table?level=regency&parent=11&from=2026-13&to=2026-01',
      '/api/console/map/trend?to=2026-01',
      '/api/console/map/report?regency=11&month=2026-01',
      '/api/console/map/records?code=11.01&indicator=nope&from=2026-01&to=2026-01',
    ]) {
      const response = await map.request(path, { headers: { 'x-test-role': 'coordinator' } });
      expect(response.status, path).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('malformed');
    }
    expect((await map.request('/api/console/map/indicators')).status).toBe(401);
    const list = await get<{ indicators: { id: string; lampiran: string[] }[] }>(
      '/api/console/map/indicators',
      'viewer',
    );
    expect(list.indicators.every((i) => i.lampiran.length > 0)).toBe(true);
  });
});
