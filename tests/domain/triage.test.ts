import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ILO_INDICATORS, MODUS } from '../../src/domain/reference';
import {
  assessRisk,
  MEANS_INDICATORS,
  PROCESS_INDICATORS,
  PURPOSE_INDICATORS,
  RISK_LEVELS,
  type RiskLevel,
  type TriageInput,
} from '../../src/domain/triage';

const adult = { subjectAgeGroup: 'adult', subjectAge: 30, immediateDanger: false } as const;
const child = { subjectAgeGroup: 'child', subjectAge: 15, immediateDanger: false } as const;

// [description, answers, expected level]
const table: [string, TriageInput, RiskLevel][] = [
  ['nothing observed (adult)', { ...adult }, 'rendah'],
  ['nothing observed (child)', { ...child }, 'rendah'],
  ['empty draft', {}, 'rendah'],
  ['recruited in the area only', { ...adult, processIndicators: ['recruited_in_area'] }, 'rendah'],
  [
    'moved to work elsewhere only',
    { ...adult, processIndicators: ['moved_to_work_elsewhere', 'received_at_destination'] },
    'rendah',
  ],
  ['child, process only', { ...child, processIndicators: ['recruited_in_area'] }, 'rendah'],
  ['immediate danger, nothing else', { ...adult, immediateDanger: true }, 'tinggi'],
  ['immediate danger, child', { ...child, immediateDanger: true }, 'tinggi'],
  ['means only', { ...adult, meansIndicators: ['deception'] }, 'sedang'],
  ['purpose only', { ...adult, purposeIndicators: ['unpaid_wages'] }, 'sedang'],
  ['a modus only', { ...adult, modus: ['false_job_offer'] }, 'sedang'],
  [
    'process and means, adult',
    { ...adult, processIndicators: ['recruited_in_area'], meansIndicators: ['debt_bondage'] },
    'sedang',
  ],
  [
    'process and purpose, adult (means missing)',
    { ...adult, processIndicators: ['moved_non_officially'], purposeIndicators: ['confinement'] },
    'sedang',
  ],
  [
    'means and purpose, adult (process missing)',
    { ...adult, meansIndicators: ['threats'], purposeIndicators: ['forced_labour'] },
    'sedang',
  ],
  [
    'all three elements, adult',
    {
      ...adult,
      processIndicators: ['recruited_in_area'],
      meansIndicators: ['deception'],
      purposeIndicators: ['unpaid_wages'],
    },
    'tinggi',
  ],
  [
    'process and purpose, child',
    { ...child, processIndicators: ['recruited_in_area'], purposeIndicators: ['sexual_violence'] },
    'tinggi',
  ],
  [
    'process and purpose, child by age only',
    {
      subjectAge: 17,
      immediateDanger: false,
      processIndicators: ['harboured_in_shelter'],
      purposeIndicators: ['pornography'],
    },
    'tinggi',
  ],
  [
    'process and purpose, 18 years old is an adult',
    {
      subjectAge: 18,
      immediateDanger: false,
      processIndicators: ['harboured_in_shelter'],
      purposeIndicators: ['pornography'],
    },
    'sedang',
  ],
  [
    'means and purpose, child (process missing)',
    { ...child, meansIndicators: ['abduction'], purposeIndicators: ['forced_labour'] },
    'sedang',
  ],
  [
    'ILO indicator stands in for means',
    {
      ...adult,
      processIndicators: ['recruited_in_area'],
      iloIndicators: ['deception'],
      purposeIndicators: ['confinement'],
    },
    'tinggi',
  ],
  [
    'ILO indicator stands in for purpose',
    {
      ...adult,
      processIndicators: ['recruited_in_area'],
      meansIndicators: ['fraud'],
      iloIndicators: ['withholding_of_wages'],
    },
    'tinggi',
  ],
  ['ILO purpose indicator alone', { ...adult, iloIndicators: ['excessive_overtime'] }, 'sedang'],
  [
    'process + ILO means + ILO purpose',
    {
      ...adult,
      processIndicators: ['transferred_between_people'],
      iloIndicators: ['debt_bondage', 'retention_of_documents'],
    },
    'tinggi',
  ],
  [
    'process + modus, adult',
    { ...adult, processIndicators: ['recruited_in_area'], modus: ['online_scam'] },
    'sedang',
  ],
  [
    'unknown answers are ignored',
    { ...adult, processIndicators: ['alien'], meansIndicators: 'deception' },
    'rendah',
  ],
  ['danger answered "yes" as text is not danger', { ...adult, immediateDanger: 'yes' }, 'rendah'],
];

describe('assessRisk', () => {
  it.each(table)('%s → %s', (_name, input, level) => {
    const result = assessRisk(input);
    expect(result.level).toBe(level);
    expect(result.mustReport).toBe(level !== 'rendah');
  });

  it('names the answers that led to the level as i18n keys', () => {
    const result = assessRisk({
      ...child,
      immediateDanger: true,
      processIndicators: ['recruited_in_area'],
      purposeIndicators: ['unpaid_wages'],
      iloIndicators: ['isolation'],
      modus: ['baby_trafficking'],
    });
    expect(result.reasons).toEqual([
      'screening.fields.immediateDanger',
      'screening.triage.child',
      'screening.options.process.recruited_in_area',
      'screening.options.purpose.unpaid_wages',
      'options.ilo_indicators.isolation',
      'options.modus.baby_trafficking',
    ]);
    expect(result.isChild).toBe(true);
    expect(assessRisk({ ...adult }).reasons).toEqual([]);
  });

  const answers = fc.record(
    {
      immediateDanger: fc.boolean(),
      subjectAgeGroup: fc.constantFrom('child', 'adult'),
      processIndicators: fc.subarray([...PROCESS_INDICATORS]),
      meansIndicators: fc.subarray([...MEANS_INDICATORS]),
      purposeIndicators: fc.subarray([...PURPOSE_INDICATORS]),
      iloIndicators: fc.subarray([...ILO_INDICATORS]),
      modus: fc.subarray([...MODUS]),
    },
    { requiredKeys: ['subjectAgeGroup'] },
  );
  const rank = (level: RiskLevel) => RISK_LEVELS.indexOf(level);
  const lists = [
    ['processIndicators', PROCESS_INDICATORS],
    ['meansIndicators', MEANS_INDICATORS],
    ['purposeIndicators', PURPOSE_INDICATORS],
    ['iloIndicators', ILO_INDICATORS],
    ['modus', MODUS],
  ] as const;

  it('never lowers the level when an indicator is added', () => {
    fc.assert(
      fc.property(answers, fc.constantFrom(...lists), fc.nat(), (input, [key, values], pick) => {
        const before = assessRisk(input).level;
        const current = (input[key] as string[] | undefined) ?? [];
        const added = values[pick % values.length] as string;
        const after = assessRisk({ ...input, [key]: [...current, added] }).level;
        expect(rank(after)).toBeGreaterThanOrEqual(rank(before));
      }),
    );
  });

  it('never lowers the level when danger is answered yes or the person is a child', () => {
    fc.assert(
      fc.property(answers, (input) => {
        const before = rank(assessRisk(input).level);
        expect(rank(assessRisk({ ...input, immediateDanger: true }).level)).toBeGreaterThanOrEqual(
          before,
        );
        expect(
          rank(assessRisk({ ...input, subjectAgeGroup: 'child' }).level),
        ).toBeGreaterThanOrEqual(before);
      }),
    );
  });

  it('immediate danger is always tinggi', () => {
    fc.assert(
      fc.property(answers, (input) => {
        expect(assessRisk({ ...input, immediateDanger: true }).level).toBe('tinggi');
      }),
    );
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.anything()), (input) => {
        expect(RISK_LEVELS).toContain(assessRisk(input as TriageInput).level);
      }),
    );
  });
});
