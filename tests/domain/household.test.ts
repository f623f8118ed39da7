// One household, one place (src/domain/household.ts): records linked to each other, directly
// or through others, and visits / resident migrants at the same address make one household;
// sessions and outsider observations belong to none.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RECORD_KIND_DECLARATIONS } from '../../src/domain';
import {
  householdFacts,
  householdOf,
  type HouseholdEntry,
  type HouseholdFacts,
} from '../../src/domain/household';

const POOL = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];

// Records with ids from a small pool (so links often hit), random links (some to records that
// are not there), a few shared addresses, and some non-members.
const entries = fc
  .uniqueArray(fc.constantFrom(...POOL), { minLength: 1, maxLength: POOL.length })
  .chain((ids) =>
    fc.tuple(
      fc.constant(ids),
      fc.array(
        fc.record({
          links: fc.uniqueArray(fc.constantFrom(...POOL, 'gone'), { maxLength: 3 }),
          addressKey: fc.option(fc.constantFrom('33.01|rt 1', '33.01|rt 2'), { nil: undefined }),
          member: fc.boolean(),
        }),
        { minLength: ids.length, maxLength: ids.length },
      ),
    ),
  )
  .map(([ids, facts]): HouseholdEntry[] =>
    ids.map((id, i) => {
      const f = facts[i]!;
      const out: HouseholdFacts = { links: f.links, member: f.member };
      if (f.addressKey) out.addressKey = f.addressKey;
      return { id, facts: out };
    }),
  );

const sameHousehold = (list: HouseholdEntry[], a: string, b: string) =>
  householdOf(a, list).includes(b);

describe('household rule', () => {
  it('is symmetric, transitive, never lists a record twice nor the record itself', () => {
    fc.assert(
      fc.property(entries, (list) => {
        for (const { id } of list) {
          const household = householdOf(id, list);
          expect(new Set(household).size).toBe(household.length);
          expect(household).not.toContain(id);
          for (const other of household) {
            expect(sameHousehold(list, other, id)).toBe(true);
            for (const third of householdOf(other, list))
              if (third !== id) expect(household).toContain(third);
          }
        }
      }),
    );
  });

  it('joins linked members and members at the same address; non-members join nothing', () => {
    fc.assert(
      fc.property(entries, (list) => {
        const byId = new Map(list.map((e) => [e.id, e]));
        for (const { id, facts } of list) {
          if (!facts.member) {
            expect(householdOf(id, list)).toEqual([]);
            for (const other of list) expect(householdOf(other.id, list)).not.toContain(id);
            continue;
          }
          for (const link of facts.links)
            if (link !== id && byId.get(link)?.facts.member)
              expect(sameHousehold(list, id, link)).toBe(true);
          for (const other of list)
            if (other.id !== id && other.facts.member && facts.addressKey)
              if (other.facts.addressKey === facts.addressKey)
                expect(sameHousehold(list, id, other.id)).toBe(true);
        }
      }),
    );
  });

  it('keeps the order it was given (newest first)', () => {
    fc.assert(
      fc.property(entries, (list) => {
        const order = list.map((e) => e.id);
        for (const { id } of list) {
          const positions = householdOf(id, list).map((other) => order.indexOf(other));
          expect(positions).toEqual([...positions].sort((x, y) => x - y));
        }
      }),
    );
  });
});

describe('household facts of each kind', () => {
  const example = (kind: keyof typeof RECORD_KIND_DECLARATIONS, n = 0) =>
    structuredClone(RECORD_KIND_DECLARATIONS[kind].examples[n]!) as Record<string, unknown>;
  const VISIT = '0190a1b2-0000-7000-8000-000000000001';
  const MIGRANT = '0190a1b2-0000-7000-8000-000000000002';
  const SCREENING = '0190a1b2-0000-7000-8000-000000000003';
  const REFERRAL = '0190a1b2-0000-7000-8000-000000000004';

  it('a visit → its migrant → her screening → its referral are one household', () => {
    const visit = { ...example('household_visit'), migrantIds: [MIGRANT] };
    const migrant = example('migrant');
    const screening = { ...example('screening'), migrantIds: [MIGRANT], referralIds: [REFERRAL] };
    const referral = example('referral');
    delete referral.linkedRecordIds;
    const list: HouseholdEntry[] = [
      { id: REFERRAL, facts: householdFacts('referral', referral) },
      { id: SCREENING, facts: householdFacts('screening', screening) },
      { id: MIGRANT, facts: householdFacts('migrant', migrant) },
      { id: VISIT, facts: householdFacts('household_visit', visit) },
    ];
    expect(householdOf(VISIT, list)).toEqual([REFERRAL, SCREENING, MIGRANT]);
    expect(householdOf(REFERRAL, list)).toEqual([SCREENING, MIGRANT, VISIT]);
  });

  it('visits at the same desa and detail (any case, spaces, punctuation) are one household', () => {
    const first = example('household_visit');
    const address = first.address as Record<string, unknown>;
    address.detail = 'RT 02 / RW 01, Dusun Krajan';
    const second = example('household_visit');
    (second.address as Record<string, unknown>).detail = 'rt 02 rw 01 dusun  krajan';
    const elsewhere = example('household_visit');
    (elsewhere.address as Record<string, unknown>).detail = 'RT 03 / RW 01';
    const noDetail = example('household_visit');
    delete (noDetail.address as Record<string, unknown>).detail;
    delete first.migrantIds;
    delete second.migrantIds;
    delete elsewhere.migrantIds;
    delete noDetail.migrantIds;
    const list: HouseholdEntry[] = [
      { id: 'v1', facts: householdFacts('household_visit', first) },
      { id: 'v2', facts: householdFacts('household_visit', second) },
      { id: 'v3', facts: householdFacts('household_visit', elsewhere) },
      { id: 'v4', facts: householdFacts('household_visit', noDetail) },
    ];
    expect(householdOf('v1', list)).toEqual(['v2']);
    expect(householdOf('v3', list)).toEqual([]);
    expect(householdOf('v4', list)).toEqual([]);
  });

  it('sessions and outsider observations belong to no household', () => {
    expect(householdFacts('awareness_session', example('awareness_session')).member).toBe(false);
    const outsider = RECORD_KIND_DECLARATIONS.migrant.examples.find(
      (e) => (e as Record<string, unknown>).recordType === 'outsider_observation',
    ) as Record<string, unknown>;
    expect(householdFacts('migrant', { ...outsider, migrantIds: [MIGRANT] })).toEqual({
      links: [],
      member: false,
    });
    expect(householdFacts('unknown_kind', {}).member).toBe(false);
  });
});
