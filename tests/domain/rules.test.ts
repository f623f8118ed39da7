// Domain rules (src/domain/rules, issue 8 item 6): contradictions warn; where the regulation is
// clear the schema refuses. Examples from the issue, plus properties over arbitrary drafts.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RECORD_KIND_DECLARATIONS, validateForFinish } from '../../src/domain/index';
import { migrantWarningSigns, ruleWarnings } from '../../src/domain/rules/index';
import { VISIT_FOLLOW_UPS, VISIT_WARNING_SIGNS } from '../../src/domain/kinds/household_visit';

const visit = RECORD_KIND_DECLARATIONS.household_visit.examples[0] as Record<string, unknown>;
const [resident] = RECORD_KIND_DECLARATIONS.migrant.examples as Record<string, unknown>[];
const [highRisk] = RECORD_KIND_DECLARATIONS.screening.examples as Record<string, unknown>[];
const ids = (kind: string, payload: unknown) => ruleWarnings(kind, payload).map((w) => w.id);
const TODAY = '2026-12-02';

describe('household visit', () => {
  const threeSigns = ['placement_fee', 'debt_to_sponsor', 'no_work_contract'];

  it('refuses three warning signs with "no follow-up needed" (the issue’s visit)', () => {
    const issues = validateForFinish('household_visit', {
      ...visit,
      warningSigns: threeSigns,
      followUpActions: ['no_follow_up_needed'],
    });
    expect(issues).toContainEqual(
      expect.objectContaining({
        path: 'followUpActions',
        key: 'errors.warning_signs_need_follow_up',
      }),
    );
  });

  it('accepts "no follow-up needed" when there are no warning signs', () => {
    const { warningSigns: _omit, ...noSigns } = visit;
    expect(
      validateForFinish('household_visit', {
        ...noSigns,
        followUpActions: ['no_follow_up_needed'],
      }),
    ).toEqual([]);
  });

  it('warns when signs are followed only by a revisit; not when a screening is planned', () => {
    expect(
      ids('household_visit', { ...visit, warningSigns: threeSigns, followUpActions: ['revisit'] }),
    ).toEqual(['visit_signs_without_screening']);
    expect(
      ids('household_visit', {
        ...visit,
        warningSigns: threeSigns,
        followUpActions: ['revisit', 'start_screening'],
      }),
    ).toEqual([]);
  });

  it('property: with signs, "no follow-up needed" is always refused; without it never', () => {
    fc.assert(
      fc.property(
        fc.subarray([...VISIT_WARNING_SIGNS], { minLength: 1 }),
        fc.subarray([...VISIT_FOLLOW_UPS], { minLength: 1 }),
        (signs, actions) => {
          const refused = validateForFinish('household_visit', {
            ...visit,
            warningSigns: signs,
            followUpActions: actions,
          }).some((issue) => issue.key === 'errors.warning_signs_need_follow_up');
          expect(refused).toBe(actions.includes('no_follow_up_needed'));
        },
      ),
    );
  });
});

describe('migrant', () => {
  const base = {
    ...resident,
    procedure: 'official',
    placementFeeCharged: 'no',
    debtToSponsor: 'no',
  };
  const documents = resident.documents as Record<string, { state: string }>;
  const clean: Record<string, unknown> = {
    ...base,
    stayedInShelter: 'no',
    documents: Object.fromEntries(Object.keys(documents).map((doc) => [doc, { state: 'held' }])),
  };

  it('unofficial route + debt + placement fee + suspected false passport: one warning with 4 signs', () => {
    const payload = {
      ...clean,
      procedure: 'non_official',
      debtToSponsor: 'yes',
      placementFeeCharged: 'yes',
      documents: { ...(clean.documents as object), paspor: { state: 'suspected_false' } },
    };
    const warnings = ruleWarnings('migrant', payload, TODAY);
    expect(warnings.map((w) => w.id)).toEqual(['migrant_trafficking_signs']);
    expect(warnings[0]!.params).toEqual({ count: 4 });
  });

  it('a clean official departure raises nothing; a placement fee alone is named', () => {
    expect(ruleWarnings('migrant', clean, TODAY)).toEqual([]);
    expect(ids('migrant', { ...clean, placementFeeCharged: 'yes' })).toEqual([
      'migrant_placement_fee',
    ]);
  });

  it('a child leaving to work abroad is warned about (UU 18/2017: at least 18)', () => {
    const { dateOfBirth: _omit, ...noBirth } = clean;
    expect(
      ruleWarnings(
        'migrant',
        { ...noBirth, age: 16, destinationType: 'abroad', purpose: 'work' },
        TODAY,
      ).map((w) => w.id),
    ).toContain('migrant_child_abroad');
  });

  it('property: adding a warning sign never removes the trafficking warning', () => {
    const signs = fc.record({
      procedure: fc.constantFrom('official', 'non_official', 'unknown'),
      placementFeeCharged: fc.constantFrom('yes', 'no', 'unknown'),
      debtToSponsor: fc.constantFrom('yes', 'no', 'unknown'),
      stayedInShelter: fc.constantFrom('yes', 'no', 'unknown'),
    });
    fc.assert(
      fc.property(
        signs,
        fc.constantFrom('placementFeeCharged', 'debtToSponsor', 'stayedInShelter'),
        (answers, more) => {
          const before = { ...clean, ...answers };
          const after = { ...before, [more]: 'yes' };
          expect(migrantWarningSigns(after).length).toBeGreaterThanOrEqual(
            migrantWarningSigns(before).length,
          );
          if (ids('migrant', before).includes('migrant_trafficking_signs'))
            expect(ids('migrant', after)).toContain('migrant_trafficking_signs');
        },
      ),
    );
  });
});

describe('screening', () => {
  it('medium/high risk with no one reported to is warned about', () => {
    const { reportedTo: _omit, ...unreported } = highRisk;
    expect(ids('screening', unreported)).toEqual(['screening_not_reported']);
    expect(ids('screening', highRisk)).toEqual([]);
  });
});

describe('any draft', () => {
  it('property: never throws on arbitrary payloads', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('household_visit', 'migrant', 'screening', 'referral'),
        fc.anything(),
        (kind, value) => {
          expect(Array.isArray(ruleWarnings(kind, value))).toBe(true);
        },
      ),
    );
  });
});
