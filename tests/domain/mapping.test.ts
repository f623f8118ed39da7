// The map's indicator catalogue (src/domain/mapping): every indicator names its Lampiran item and
// has labels in both languages, reads meta fields only, and small counts are withheld from viewers.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RECORD_KIND_DECLARATIONS, RECORD_KINDS } from '../../src/domain';
import { computeMeta, META_DECLARATIONS } from '../../src/domain/kinds/meta';
import {
  addMonths,
  areaPathOf,
  cellFor,
  changeOf,
  INDICATORS,
  monthsBetween,
  recordFactsOf,
  SMALL_COUNT,
  suppressTable,
} from '../../src/domain/mapping';

const ROOT = path.resolve(import.meta.dirname, '../..');
const locale = (lng: string, ns: string) =>
  JSON.parse(readFileSync(path.join(ROOT, 'locales', lng, `${ns}.json`), 'utf8')) as Record<
    string,
    unknown
  >;
function lookup(lng: string, key: string): unknown {
  const [ns, rest] = key.split(':');
  return rest
    .split('.')
    .reduce<unknown>(
      (node, part) => (node as Record<string, unknown> | undefined)?.[part],
      locale(lng, ns),
    );
}

describe('indicator catalogue', () => {
  it('every indicator names a Lampiran item and has unique ids', () => {
    expect(new Set(INDICATORS.map((i) => i.id)).size).toBe(INDICATORS.length);
    for (const indicator of INDICATORS) {
      expect(indicator.lampiran.length, indicator.id).toBeGreaterThan(0);
      for (const item of indicator.lampiran) expect(item).toMatch(/^[A-E](\.\d+|\.[a-h])*$/);
    }
  });

  it.each(['id', 'en'])('every label key exists in %s', (lng) => {
    for (const indicator of INDICATORS) {
      expect(typeof lookup(lng, indicator.labelKey), indicator.labelKey).toBe('string');
      for (const breakdown of indicator.breakdowns) {
        expect(typeof lookup(lng, breakdown.labelKey), breakdown.labelKey).toBe('string');
        for (const code of breakdown.codes) {
          const key = `${breakdown.labelKeyPrefix}.${code}`;
          expect(typeof lookup(lng, key), key).toBe('string');
        }
      }
    }
  });

  it('covers every kind of record', () => {
    expect(new Set(INDICATORS.map((i) => i.kind))).toEqual(new Set(RECORD_KINDS));
  });

  it.each(RECORD_KINDS)('%s: indicators read declared meta fields only', (kind) => {
    const declared = new Set(
      Object.keys((META_DECLARATIONS[kind].schema as unknown as { shape: object }).shape),
    );
    const read = new Set<string>();
    for (const example of RECORD_KIND_DECLARATIONS[kind].examples) {
      const meta = computeMeta(kind, example) ?? {};
      const spy = new Proxy(meta, {
        get(target, key) {
          if (typeof key === 'string') read.add(key);
          return target[key as string];
        },
      });
      for (const indicator of INDICATORS.filter((i) => i.kind === kind)) {
        indicator.measure(spy);
        for (const breakdown of indicator.breakdowns) breakdown.of(spy);
      }
    }
    for (const key of read) expect(declared.has(key), `${kind} reads ${key}`).toBe(true);
  });
});

const AREA = {
  provinceCode: '33',
  regencyCode: '33.01',
  districtCode: '33.01.01',
  villageCode: '33.01.01.2001',
  villageName: 'Dayeuhluhur',
};

describe('facts of a record', () => {
  it('screenings, support and referrals are mapped by their optional area', () => {
    for (const kind of ['screening', 'psychosocial_support', 'referral'] as const) {
      const example = RECORD_KIND_DECLARATIONS[kind].examples[0] as Record<string, unknown>;
      const payload = { ...example, area: AREA };
      expect(RECORD_KIND_DECLARATIONS[kind].schema.safeParse(payload).success, kind).toBe(true);
      const meta = computeMeta(kind, payload) ?? {};
      expect(META_DECLARATIONS[kind].schema.safeParse(meta).success).toBe(true);
      expect(meta).toMatchObject({ villageCode: '33.01.01.2001', regencyCode: '33.01' });
      expect(JSON.stringify(meta)).not.toContain('Dayeuhluhur');
      const facts = recordFactsOf(kind, meta, false);
      expect(facts?.area).toEqual(['33', '33.01', '33.01.01', '33.01.01.2001']);
      // Without an area there is nothing to map.
      expect(recordFactsOf(kind, computeMeta(kind, example) ?? {}, false)).toBeUndefined();
    }
  });

  it('a resident migrating outside procedure counts toward both indicators and the breakdowns', () => {
    const facts = recordFactsOf(
      'migrant',
      {
        recordType: 'resident',
        villageCode: '33.01.01.2001',
        eventMonth: '2026-03',
        procedure: 'non_official',
        destinationCountry: 'MY',
        documentsMissing: ['paspor', 'visa_kerja'],
      },
      false,
    );
    const keys = Object.fromEntries((facts?.facts ?? []).map((f) => [f.key, f.value]));
    expect(keys).toMatchObject({
      migrants: 1,
      'migrants/destination/MY': 1,
      migrants_non_official: 1,
      documents_missing: 1,
      'documents_missing/document/paspor': 1,
      'documents_missing/document/visa_kerja': 1,
    });
    expect(keys.documents_suspected_false).toBeUndefined();
    expect(recordFactsOf('migrant', { recordType: 'resident', eventMonth: '2026-03' }, false)).toBe(
      undefined,
    );
    expect(
      recordFactsOf(
        'migrant',
        { recordType: 'resident', provinceCode: '33', eventMonth: '2026-03' },
        true,
      ),
    ).toBeUndefined();
  });

  it('awareness participants are summed by sex and age group', () => {
    const facts = recordFactsOf(
      'awareness_session',
      {
        districtCode: '33.01.02',
        eventMonth: '2026-01',
        participantsFemaleAdult: 12,
        participantsMaleAdult: 0,
        participantsFemaleChild: 3,
        participantsMaleChild: 4,
        participantsTotal: 19,
      },
      false,
    );
    expect(facts?.area).toEqual(['33', '33.01', '33.01.02']);
    expect(facts?.facts).toEqual([
      { key: 'sessions', value: 1 },
      { key: 'participants', value: 19 },
      { key: 'participants/participant_group/femaleAdult', value: 12 },
      { key: 'participants/participant_group/femaleChild', value: 3 },
      { key: 'participants/participant_group/maleChild', value: 4 },
    ]);
  });

  it('derives parent codes from the finest code', () => {
    expect(areaPathOf({ villageCode: '33.01.01.2001' })).toEqual([
      '33',
      '33.01',
      '33.01.01',
      '33.01.01.2001',
    ]);
    expect(areaPathOf({ regencyCode: '33.01', provinceCode: '33' })).toEqual(['33', '33.01']);
    expect(areaPathOf({ villageCode: 'x' })).toEqual([]);
  });

  it('month arithmetic (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1990, max: 2100 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: -400, max: 400 }),
        (year, month, delta) => {
          const start = `${year}-${String(month).padStart(2, '0')}`;
          const moved = addMonths(start, delta);
          expect(moved).toMatch(/^\d{4}-(0[1-9]|1[0-2])$/);
          expect(addMonths(moved, -delta)).toBe(start);
          if (delta >= 0) expect(monthsBetween(start, moved)).toHaveLength(delta + 1);
        },
      ),
    );
  });
});

describe('small-count suppression', () => {
  it('viewers never see 1 or 2; coordinators see exact counts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (value) => {
        const viewer = cellFor(value, 'viewer');
        if (value > 0 && value < SMALL_COUNT)
          expect(viewer).toEqual({ value: null, suppressed: true });
        else expect(viewer).toEqual({ value, suppressed: false });
        expect(cellFor(value, 'coordinator')).toEqual({ value, suppressed: false });
      }),
    );
  });

  it('a change is given only when both months are shown', () => {
    expect(changeOf(cellFor(5, 'viewer'), cellFor(1, 'viewer'))).toBeNull();
    expect(changeOf(cellFor(5, 'viewer'), cellFor(0, 'viewer'))).toBe(5);
    expect(changeOf(cellFor(5, 'coordinator'), cellFor(1, 'coordinator'))).toBe(4);
  });

  it('in a table no column holds exactly one withheld cell next to a positive shown one (property)', () => {
    const columns = ['a', 'b'];
    fc.assert(
      fc.property(
        fc.array(fc.record({ a: fc.nat({ max: 8 }), b: fc.nat({ max: 8 }) }), { maxLength: 12 }),
        (rows) => {
          const viewer = suppressTable(rows, columns, 'viewer');
          const coordinator = suppressTable(rows, columns, 'coordinator');
          rows.forEach((row, index) => {
            for (const column of columns) {
              const raw = row[column as 'a' | 'b'];
              expect(coordinator[index][column]).toEqual({ value: raw, suppressed: false });
              const cell = viewer[index][column];
              if (raw > 0 && raw < SMALL_COUNT) expect(cell.suppressed).toBe(true);
              if (cell.suppressed) expect(raw).toBeGreaterThan(0);
              else expect(cell.value).toBe(raw);
            }
          });
          for (const column of columns) {
            const withheld = viewer.filter((cells) => cells[column].suppressed).length;
            const shownPositive = viewer.filter((cells) => (cells[column].value ?? 0) > 0).length;
            if (withheld === 1) expect(shownPositive).toBe(0);
          }
        },
      ),
    );
  });
});
