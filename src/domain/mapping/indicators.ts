// The indicator catalogue of the vulnerability map (pemetaan situasi kerentanan, Lampiran BAB II
// B.1.f.10 and B.2.c). Every indicator is computed from a record's clear `meta` only, so the
// server counts it with SQL and a viewer needs no key. Each one names the Lampiran item it serves
// and its label key (`map:indicator.<id>`, breakdown labels at `<labelKeyPrefix>.<code>`).
//
// Invariant: `measure` and `breakdowns[].of` read nothing but meta fields declared in
// src/domain/kinds/meta/*, and return counts (whole numbers ≥ 0), so every indicator is a sum
// over records and sums per desa add up to the kecamatan and the kabupaten.
import type { RecordKind } from '../recordKinds';
import { DESTINATION_COUNTRIES, JOB_SECTORS, MIGRANT_DOCUMENTS, MODUS } from '../reference';
import { REFERRAL_TARGETS, RECRUITER_TYPES } from '../reference';
import { RISK_LEVELS } from '../triage';
import { VISIT_WARNING_SIGNS } from '../kinds/household_visit';
import { DESTINATION_TYPES, OUTSIDER_ACTIVITIES } from '../kinds/migrant';
import { REFERRAL_STATUSES } from '../kinds/referral';
import { SCREENING_PLACES } from '../kinds/screening';

type Meta = Readonly<Record<string, unknown>>;

export const INDICATOR_GROUPS = [
  'migration',
  'documents',
  'recruiters',
  'visits',
  'awareness',
  'screening',
  'support',
  'referral',
] as const;
export type IndicatorGroup = (typeof INDICATOR_GROUPS)[number];

export interface IndicatorBreakdown {
  /** Stable id, part of the fact key `<indicator>/<breakdown>/<code>`. */
  id: string;
  codes: readonly string[];
  /** Label of the breakdown itself, and `<labelKeyPrefix>.<code>` of each code (i18n keys). */
  labelKey: string;
  labelKeyPrefix: string;
  /** [code, amount] pairs one record adds; codes outside `codes` are dropped. */
  of: (meta: Meta) => readonly (readonly [string, number])[];
}

export interface IndicatorDefinition {
  id: string;
  kind: RecordKind;
  group: IndicatorGroup;
  /** The Lampiran BAB II items it serves, e.g. 'B.2.c.2'. */
  lampiran: readonly string[];
  /** i18n key of the column header (namespace `map`). */
  labelKey: string;
  /** What is counted: records (a visit, a screening) or people (participants, residents approached). */
  unit: 'records' | 'people';
  /** A column of the map table (the others appear in the monthly report). */
  column: boolean;
  /** What one record adds (0 = nothing). */
  measure: (meta: Meta) => number;
  breakdowns: readonly IndicatorBreakdown[];
}

const str = (meta: Meta, key: string): string | undefined =>
  typeof meta[key] === 'string' ? (meta[key] as string) : undefined;
const list = (meta: Meta, key: string): string[] =>
  Array.isArray(meta[key])
    ? (meta[key] as unknown[]).filter((v): v is string => typeof v === 'string')
    : [];
const count = (meta: Meta, key: string): number => {
  const value = meta[key];
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 0;
};
const one = (yes: boolean): number => (yes ? 1 : 0);
const isResident = (meta: Meta) => str(meta, 'recordType') === 'resident';
const isObservation = (meta: Meta) => str(meta, 'recordType') === 'outsider_observation';

/** A breakdown where a record adds 1 to each code it carries (a single code or a list). */
function byCode(
  id: string,
  field: string,
  codes: readonly string[],
  labelKeyPrefix: string,
  when: (meta: Meta) => boolean = () => true,
): IndicatorBreakdown {
  return {
    id,
    codes,
    labelKey: `map:breakdown.${id}`,
    labelKeyPrefix,
    of: (meta) => {
      if (!when(meta)) return [];
      const value = meta[field];
      const found = Array.isArray(value) ? list(meta, field) : [str(meta, field)];
      return found
        .filter((code): code is string => code !== undefined && codes.includes(code))
        .map((code) => [code, 1] as const);
    },
  };
}

const CHILD_ADULT = ['child', 'adult'] as const;
const childAdult = (id: string): IndicatorBreakdown => ({
  id,
  codes: CHILD_ADULT,
  labelKey: `map:breakdown.${id}`,
  labelKeyPrefix: 'map:code.child_adult',
  of: (meta) => (meta.child === true ? [['child', 1]] : meta.child === false ? [['adult', 1]] : []),
});

export const PARTICIPANT_GROUPS = ['femaleAdult', 'maleAdult', 'femaleChild', 'maleChild'] as const;

const define = (
  indicator: Omit<IndicatorDefinition, 'labelKey' | 'breakdowns' | 'column'> &
    Partial<Pick<IndicatorDefinition, 'breakdowns' | 'column'>>,
): IndicatorDefinition => ({
  labelKey: `map:indicator.${indicator.id}`,
  breakdowns: [],
  column: true,
  ...indicator,
});

export const INDICATORS: readonly IndicatorDefinition[] = [
  define({
    id: 'migrants',
    kind: 'migrant',
    group: 'migration',
    lampiran: ['B.1.f.2', 'B.1.f.10'],
    unit: 'records',
    measure: (meta) => one(isResident(meta)),
    breakdowns: [
      byCode('destination_type', 'destinationType', DESTINATION_TYPES, 'map:code.destination_type'),
      byCode(
        'destination',
        'destinationCountry',
        DESTINATION_COUNTRIES,
        'records:options.countries',
      ),
      byCode('sector', 'jobSector', JOB_SECTORS, 'records:options.job_sectors'),
      childAdult('migrant_age'),
    ],
  }),
  define({
    id: 'migrants_non_official',
    kind: 'migrant',
    group: 'migration',
    lampiran: ['B.2.c.2'],
    unit: 'records',
    measure: (meta) => one(isResident(meta) && str(meta, 'procedure') === 'non_official'),
    breakdowns: [
      byCode(
        'destination',
        'destinationCountry',
        DESTINATION_COUNTRIES,
        'records:options.countries',
      ),
      byCode('sector', 'jobSector', JOB_SECTORS, 'records:options.job_sectors'),
    ],
  }),
  define({
    id: 'documents_missing',
    kind: 'migrant',
    group: 'documents',
    lampiran: ['B.2.c.1', 'B.2.c.3'],
    unit: 'records',
    measure: (meta) => one(isResident(meta) && list(meta, 'documentsMissing').length > 0),
    breakdowns: [
      byCode('document', 'documentsMissing', MIGRANT_DOCUMENTS, 'records:options.documents'),
    ],
  }),
  define({
    id: 'documents_suspected_false',
    kind: 'migrant',
    group: 'documents',
    lampiran: ['B.2.c.3'],
    unit: 'records',
    measure: (meta) => one(isResident(meta) && list(meta, 'documentsSuspectedFalse').length > 0),
    breakdowns: [
      byCode('document', 'documentsSuspectedFalse', MIGRANT_DOCUMENTS, 'records:options.documents'),
    ],
  }),
  define({
    id: 'outsider_observations',
    kind: 'migrant',
    group: 'recruiters',
    lampiran: ['B.1.f.2', 'B.2.c.6'],
    unit: 'records',
    measure: (meta) => one(isObservation(meta)),
    breakdowns: [
      byCode('recruiter', 'recruiterType', RECRUITER_TYPES, 'records:options.recruiter_types'),
      byCode('activity', 'activities', OUTSIDER_ACTIVITIES, 'records:migrant.options.activities'),
    ],
  }),
  define({
    id: 'residents_approached',
    kind: 'migrant',
    group: 'recruiters',
    lampiran: ['B.2.c.6'],
    unit: 'people',
    column: false,
    measure: (meta) => (isObservation(meta) ? count(meta, 'residentsApproached') : 0),
  }),
  define({
    id: 'visits',
    kind: 'household_visit',
    group: 'visits',
    lampiran: ['B.1.f.1'],
    unit: 'records',
    measure: () => 1,
  }),
  define({
    id: 'visits_warning_signs',
    kind: 'household_visit',
    group: 'visits',
    lampiran: ['B.1.f.7', 'B.1.f.10'],
    unit: 'records',
    measure: (meta) => one(list(meta, 'warningSigns').length > 0),
    breakdowns: [
      byCode(
        'warning_sign',
        'warningSigns',
        VISIT_WARNING_SIGNS,
        'records:household_visit.options.warningSigns',
      ),
    ],
  }),
  define({
    id: 'sessions',
    kind: 'awareness_session',
    group: 'awareness',
    lampiran: ['B.1.f.4', 'B.1.f.7'],
    unit: 'records',
    measure: () => 1,
  }),
  define({
    id: 'participants',
    kind: 'awareness_session',
    group: 'awareness',
    lampiran: ['B.1.f.4'],
    unit: 'people',
    measure: (meta) => count(meta, 'participantsTotal'),
    breakdowns: [
      {
        id: 'participant_group',
        codes: PARTICIPANT_GROUPS,
        labelKey: 'map:breakdown.participant_group',
        labelKeyPrefix: 'map:code.participant_group',
        of: (meta) =>
          PARTICIPANT_GROUPS.map((group) => {
            const key = `participants${group[0].toUpperCase()}${group.slice(1)}`;
            return [group, count(meta, key)] as const;
          }).filter(([, amount]) => amount > 0),
      },
    ],
  }),
  define({
    id: 'screenings',
    kind: 'screening',
    group: 'screening',
    lampiran: ['B.2.c.4', 'B.1.f.10'],
    unit: 'records',
    measure: () => 1,
    breakdowns: [
      byCode('risk', 'riskLevel', RISK_LEVELS, 'map:code.risk'),
      childAdult('screening_age'),
      byCode('place', 'placeMet', SCREENING_PLACES, 'records:screening.options.placeMet'),
      byCode('modus', 'modus', MODUS, 'records:options.modus'),
    ],
  }),
  define({
    id: 'screenings_high',
    kind: 'screening',
    group: 'screening',
    lampiran: ['B.2.c.4'],
    unit: 'records',
    measure: (meta) => one(str(meta, 'riskLevel') === 'tinggi'),
  }),
  define({
    id: 'screenings_child',
    kind: 'screening',
    group: 'screening',
    lampiran: ['B.2.c.4'],
    unit: 'records',
    measure: (meta) => one(meta.child === true),
  }),
  define({
    id: 'screenings_modus',
    kind: 'screening',
    group: 'screening',
    lampiran: ['B.2.c.5'],
    unit: 'records',
    measure: (meta) => one(list(meta, 'modus').length > 0),
    breakdowns: [byCode('modus', 'modus', MODUS, 'records:options.modus')],
  }),
  define({
    id: 'support_given',
    kind: 'psychosocial_support',
    group: 'support',
    lampiran: ['C.1'],
    unit: 'records',
    measure: (meta) => one(str(meta, 'consent') === 'agreed'),
    breakdowns: [childAdult('support_age')],
  }),
  define({
    id: 'referrals',
    kind: 'referral',
    group: 'referral',
    lampiran: ['C.2', 'E'],
    unit: 'records',
    measure: () => 1,
    breakdowns: [
      byCode('target', 'targets', REFERRAL_TARGETS, 'records:options.referral_targets'),
      byCode('referral_status', 'status', REFERRAL_STATUSES, 'records:referral.options.status'),
      childAdult('referral_age'),
    ],
  }),
];

export type IndicatorId = string;

const BY_ID = new Map(INDICATORS.map((indicator) => [indicator.id, indicator]));

export function indicatorById(id: string): IndicatorDefinition | undefined {
  return BY_ID.get(id);
}

/** Indicators shown as columns of the map table, in catalogue order. */
export const COLUMN_INDICATORS: readonly IndicatorDefinition[] = INDICATORS.filter((i) => i.column);

/** The fact key of a breakdown cell: `<indicator>/<breakdown>/<code>`. */
export function breakdownKey(indicator: string, breakdown: string, code: string): string {
  return `${indicator}/${breakdown}/${code}`;
}
