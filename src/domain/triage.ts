// Risk triage of an initial identification (screening), Lampiran BAB II B.2.c and C mechanism 1.
//
// The rule (also in src/domain/README.md):
// 1. Immediate danger (the person is confined, threatened or hurt right now) is always `tinggi`.
// 2. TPPO has three elements: process (recruitment, transport, transfer, harbouring, receipt),
//    means (threats, coercion, deception, falsified documents, debt bondage, abuse of power or
//    vulnerability…) and purpose (exploitation: violence, unpaid wages, confinement, documents
//    withheld, forced labour…). ILO forced-labour indicators count toward means or purpose.
//    When every required element is present the level is `tinggi`. For a child (under 18), process
//    and purpose suffice: means are not required (UU 21/2007; domain.md).
// 3. Otherwise any sign of means or purpose, two or more elements, or a known modus operandi is
//    `sedang`: there are indicators but not all elements.
// 4. Process alone (someone recruited or moved a person, which also happens in safe, official
//    migration) or nothing at all is `rendah`: the community may continue the identification.
// `sedang` and `tinggi` must be reported at once (Bhabinkamtibmas, Polsek, Polres or the Gugus
// Tugas secretariat). Every step only looks at whether a set is non-empty, so adding an answer
// never lowers the level (property-tested).
import { CHILD_AGE_LIMIT } from './common';
import { ILO_INDICATORS, MODUS } from './reference';

export const RISK_LEVELS = ['rendah', 'sedang', 'tinggi'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const PROCESS_INDICATORS = [
  'recruited_in_area',
  'moved_to_work_elsewhere',
  'moved_non_officially',
  'transferred_between_people',
  'harboured_in_shelter',
  'received_at_destination',
] as const;

export const MEANS_INDICATORS = [
  'threats',
  'coercion',
  'abduction',
  'deception',
  'falsified_identity',
  'fraud',
  'abuse_of_power',
  'abuse_of_vulnerability',
  'debt_bondage',
] as const;

export const PURPOSE_INDICATORS = [
  'physical_violence',
  'psychological_violence',
  'sexual_violence',
  'unpaid_wages',
  'confinement',
  'documents_withheld',
  'pornography',
  'forced_labour',
  'other_exploitation',
] as const;

type IloIndicator = (typeof ILO_INDICATORS)[number];

/**
 * ILO items and modus that repeat a means or purpose answer (asked once: the form follows them,
 * src/domain/sameFacts.ts; the reasons of a risk name each fact once).
 */
export const SCREENING_REPEATED_FACTS = {
  iloIndicators: {
    abuse_of_vulnerability: { field: 'meansIndicators', option: 'abuse_of_vulnerability' },
    deception: { field: 'meansIndicators', option: 'deception' },
    debt_bondage: { field: 'meansIndicators', option: 'debt_bondage' },
    retention_of_documents: { field: 'purposeIndicators', option: 'documents_withheld' },
    withholding_of_wages: { field: 'purposeIndicators', option: 'unpaid_wages' },
  },
  modus: {
    forged_identity: { field: 'meansIndicators', option: 'falsified_identity' },
    documents_confiscated: { field: 'purposeIndicators', option: 'documents_withheld' },
    debt_bondage: { field: 'meansIndicators', option: 'debt_bondage' },
  },
} as const satisfies Record<string, Record<string, { field: string; option: string }>>;

const repeatsAnswer = (
  list: 'iloIndicators' | 'modus',
  item: string,
  answered: Record<string, readonly string[]>,
): boolean => {
  const source = (
    SCREENING_REPEATED_FACTS[list] as Record<string, { field: string; option: string }>
  )[item];
  return source !== undefined && (answered[source.field] ?? []).includes(source.option);
};

/** Which TPPO element each ILO forced-labour indicator is evidence of. */
export const ILO_ELEMENT: Record<IloIndicator, 'means' | 'purpose'> = {
  abuse_of_vulnerability: 'means',
  deception: 'means',
  intimidation_threats: 'means',
  debt_bondage: 'means',
  restriction_of_movement: 'purpose',
  isolation: 'purpose',
  physical_sexual_violence: 'purpose',
  retention_of_documents: 'purpose',
  withholding_of_wages: 'purpose',
  abusive_conditions: 'purpose',
  excessive_overtime: 'purpose',
};

/** The answers triage reads (a draft may have any of them missing). */
export interface TriageInput {
  immediateDanger?: unknown;
  subjectAgeGroup?: unknown;
  subjectAge?: unknown;
  processIndicators?: unknown;
  meansIndicators?: unknown;
  purposeIndicators?: unknown;
  iloIndicators?: unknown;
  modus?: unknown;
}

export interface RiskAssessment {
  level: RiskLevel;
  /** i18n keys (records namespace) of the answers that led to the level, in form order. */
  reasons: string[];
  /** Medium and high must be reported at once (Lampiran BAB II C mechanism 1). */
  mustReport: boolean;
  isChild: boolean;
}

function known<T extends string>(value: unknown, allowed: readonly T[]): T[] {
  if (!Array.isArray(value)) return [];
  return allowed.filter((item) => value.includes(item));
}

/** Whether the screened person counts as a child: age group "child" or an age under 18. */
export function screeningSubjectIsChild(input: TriageInput): boolean {
  if (input.subjectAgeGroup === 'child') return true;
  return (
    typeof input.subjectAge === 'number' &&
    input.subjectAge >= 0 &&
    input.subjectAge < CHILD_AGE_LIMIT
  );
}

/** Risk level of a screening (see the rule at the top of this file). Pure; never throws. */
export function assessRisk(input: TriageInput): RiskAssessment {
  const child = screeningSubjectIsChild(input);
  const process = known(input.processIndicators, PROCESS_INDICATORS);
  const means = known(input.meansIndicators, MEANS_INDICATORS);
  const purpose = known(input.purposeIndicators, PURPOSE_INDICATORS);
  const ilo = known(input.iloIndicators, ILO_INDICATORS);
  const modus = known(input.modus, MODUS);
  const danger = input.immediateDanger === true;

  const hasProcess = process.length > 0;
  const hasMeans = means.length > 0 || ilo.some((item) => ILO_ELEMENT[item] === 'means');
  const hasPurpose = purpose.length > 0 || ilo.some((item) => ILO_ELEMENT[item] === 'purpose');
  const elements = [hasProcess, hasMeans, hasPurpose].filter(Boolean).length;
  const complete = hasProcess && hasPurpose && (child || hasMeans);

  let level: RiskLevel = 'rendah';
  if (danger || complete) level = 'tinggi';
  else if (hasMeans || hasPurpose || elements >= 2 || modus.length > 0) level = 'sedang';

  const answered = { meansIndicators: means, purposeIndicators: purpose };
  const reasons = [
    ...(danger ? ['screening.fields.immediateDanger'] : []),
    ...(child && level !== 'rendah' ? ['screening.triage.child'] : []),
    ...process.map((item) => `screening.options.process.${item}`),
    ...means.map((item) => `screening.options.means.${item}`),
    ...purpose.map((item) => `screening.options.purpose.${item}`),
    ...ilo
      .filter((item) => !repeatsAnswer('iloIndicators', item, answered))
      .map((item) => `options.ilo_indicators.${item}`),
    ...modus
      .filter((item) => !repeatsAnswer('modus', item, answered))
      .map((item) => `options.modus.${item}`),
  ];
  return { level, reasons, mustReport: level !== 'rendah', isChild: child };
}
