// `screening`: identifikasi awal (Lampiran BAB II B.2.c and C mechanism 1). Done only by trained
// community members (Pasal 5 ayat 3). The subject is pseudonymous: initials (only with consent), age, sex; a full
// identity lives (if at all) in a linked `migrant` record. The risk level is computed by
// assessRisk (src/domain/triage.ts) from the answers, never typed in.
import { z } from 'zod';
import {
  ageSchema,
  isoDateSchema,
  linksSchema,
  MAX_LONG_TEXT,
  multiSelectSchema,
  optionalText,
  pastDateSchema,
  regionRefSchema,
  sexSchema,
  CHILD_AGE_LIMIT,
} from '../common';
import { crossFieldRules, defineKind, fieldsFor, joinParts, read } from '../define';
import { ILO_INDICATORS, MODUS, REFERRAL_TARGETS } from '../reference';
import {
  assessRisk,
  MEANS_INDICATORS,
  PROCESS_INDICATORS,
  PURPOSE_INDICATORS,
  SCREENING_REPEATED_FACTS,
} from '../triage';

export const AGE_GROUPS = ['child', 'adult'] as const;
export const SCREENING_PLACES = ['origin', 'transit', 'destination', 'after_return'] as const;
export const CONSENT_ANSWERS = ['agreed', 'declined'] as const;

const indicatorList = <const T extends readonly [string, ...string[]]>(values: T) =>
  multiSelectSchema(values).optional();

export const screeningSchema = z
  .object({
    screenedOn: pastDateSchema,
    consent: z.enum(CONSENT_ANSWERS),
    subjectInitials: optionalText(10),
    subjectAge: ageSchema.optional(),
    subjectAgeGroup: z.enum(AGE_GROUPS),
    subjectSex: sexSchema,
    placeMet: z.enum(SCREENING_PLACES),
    placeDescription: optionalText(),
    /** Desa of the vulnerability map (where the person comes from, else where it happened). */
    area: regionRefSchema.optional(),
    migrantIds: linksSchema.optional(),
    immediateDanger: z.boolean(),
    processIndicators: indicatorList(PROCESS_INDICATORS),
    meansIndicators: indicatorList(MEANS_INDICATORS),
    purposeIndicators: indicatorList(PURPOSE_INDICATORS),
    iloIndicators: indicatorList(ILO_INDICATORS),
    modus: indicatorList(MODUS),
    situation: optionalText(MAX_LONG_TEXT),
    reportedTo: multiSelectSchema(REFERRAL_TARGETS).optional(),
    referralIds: linksSchema.optional(),
    nextActionDate: isoDateSchema.optional(),
    notes: optionalText(MAX_LONG_TEXT),
  })
  .superRefine(
    ...crossFieldRules((p, ctx) => {
      // Pseudonymous initials when the person agreed; nothing that identifies them if not.
      const initials = read.string(p, 'subjectInitials');
      if (p.consent === 'agreed' && initials === undefined)
        ctx.issue(['subjectInitials'], 'errors.required');
      if (p.consent === 'declined' && initials !== undefined)
        ctx.issue(['subjectInitials'], 'errors.declined_without_identity');
      const age = read.number(p, 'subjectAge');
      if (age !== undefined && p.subjectAgeGroup !== undefined) {
        const child = age < CHILD_AGE_LIMIT;
        if (child !== (p.subjectAgeGroup === 'child'))
          ctx.issue(['subjectAgeGroup'], 'errors.child_age_group');
      }
    }),
  );

export type ScreeningPayload = z.infer<typeof screeningSchema>;

const field = fieldsFor('screening');

const highRisk: ScreeningPayload = {
  screenedOn: '2025-05-12',
  consent: 'agreed',
  subjectInitials: 'R.A.',
  subjectAge: 16,
  subjectAgeGroup: 'child',
  subjectSex: 'female',
  placeMet: 'after_return',
  placeDescription: 'Di rumah keluarga',
  immediateDanger: false,
  processIndicators: ['recruited_in_area', 'moved_non_officially'],
  meansIndicators: ['deception', 'falsified_identity'],
  purposeIndicators: ['unpaid_wages', 'documents_withheld'],
  // The ILO items and modus below repeat means and purpose answers: the form asks them once.
  iloIndicators: ['deception', 'retention_of_documents', 'withholding_of_wages'],
  modus: ['false_job_offer', 'forged_identity', 'documents_confiscated'],
  situation: 'Dijanjikan kerja di restoran, umur di paspor dituakan, gaji tidak dibayar 4 bulan.',
  reportedTo: ['bhabinkamtibmas', 'uptd_ppa'],
  nextActionDate: '2025-05-14',
};

const lowRisk: ScreeningPayload = {
  screenedOn: '2025-05-20',
  consent: 'agreed',
  subjectInitials: 'B.S.',
  subjectAge: 24,
  subjectAgeGroup: 'adult',
  subjectSex: 'male',
  placeMet: 'origin',
  immediateDanger: false,
  processIndicators: ['recruited_in_area'],
};

export const screeningDeclaration = defineKind({
  kind: 'screening',
  schemaVersion: 1,
  schema: screeningSchema,
  // Danger first (issue 8 item 3): a cadre in a crisis sees what to do and whom to call after one
  // tap, and fills in the rest afterwards.
  sections: ['danger', 'subject', 'process', 'means', 'purpose', 'indicators', 'action'],
  fields: [
    field('danger', 'immediateDanger', 'boolean', { required: true, help: true }),
    field('subject', 'screenedOn', 'date', { required: true, dateRange: 'past' }),
    field('subject', 'consent', 'select', {
      options: CONSENT_ANSWERS,
      optionsKey: 'options.consent',
      required: true,
      help: true,
    }),
    field('subject', 'subjectInitials', 'text', {
      required: true,
      identifying: true,
      help: true,
      appliesWhen: (p) => p.consent !== 'declined',
    }),
    field('subject', 'subjectAge', 'number', { inputMode: 'numeric' }),
    field('subject', 'subjectAgeGroup', 'select', {
      options: AGE_GROUPS,
      optionsKey: 'options.age_groups',
      required: true,
      help: true,
    }),
    field('subject', 'subjectSex', 'select', {
      options: ['female', 'male'],
      optionsKey: 'options.sex',
      required: true,
    }),
    field('subject', 'placeMet', 'select', {
      options: SCREENING_PLACES,
      optionsKey: 'screening.options.placeMet',
      required: true,
    }),
    field('subject', 'placeDescription', 'text'),
    field('subject', 'area', 'region', { help: true }),
    field('subject', 'migrantIds', 'recordLinks', { linkKinds: ['migrant'] }),
    field('process', 'processIndicators', 'multiselect', {
      options: PROCESS_INDICATORS,
      optionsKey: 'screening.options.process',
      help: true,
    }),
    field('means', 'meansIndicators', 'multiselect', {
      options: MEANS_INDICATORS,
      optionsKey: 'screening.options.means',
      help: true,
    }),
    field('purpose', 'purposeIndicators', 'multiselect', {
      options: PURPOSE_INDICATORS,
      optionsKey: 'screening.options.purpose',
      help: true,
    }),
    field('indicators', 'iloIndicators', 'multiselect', {
      options: ILO_INDICATORS,
      optionsKey: 'options.ilo_indicators',
      help: true,
      repeats: SCREENING_REPEATED_FACTS.iloIndicators,
    }),
    field('indicators', 'modus', 'multiselect', {
      options: MODUS,
      optionsKey: 'options.modus',
      repeats: SCREENING_REPEATED_FACTS.modus,
    }),
    field('indicators', 'situation', 'textarea', { help: true }),
    field('action', 'reportedTo', 'multiselect', {
      options: REFERRAL_TARGETS,
      optionsKey: 'options.referral_targets',
      help: true,
    }),
    field('action', 'referralIds', 'recordLinks', { linkKinds: ['referral'] }),
    field('action', 'nextActionDate', 'date', { help: true, dateRange: 'upcoming' }),
    field('action', 'notes', 'textarea'),
  ],
  examples: [highRisk, lowRisk],
  // Pseudonymous: initials, age group and the computed risk.
  summaryParts: (p) => [
    { text: p.subjectInitials ?? '—', identifying: true },
    { countKey: 'screening.summary.age', count: p.subjectAge },
    { date: p.screenedOn },
    { optionsKey: 'screening.summary.risk', value: assessRisk(p).level },
  ],
  // The desa too: a cadre searching a village finds its screenings with its visits (issue 8).
  searchText: (p) =>
    joinParts([p.subjectInitials, p.screenedOn, p.placeDescription, p.area?.villageName], ' '),
  nextActionDate: (p) => p.nextActionDate,
  exportColumns: [
    { key: 'screened_on', value: (p) => p.screenedOn },
    { key: 'consent', value: (p) => p.consent, optionsKey: 'options.consent' },
    { key: 'age_group', value: (p) => p.subjectAgeGroup, optionsKey: 'options.age_groups' },
    { key: 'age', value: (p) => p.subjectAge ?? null },
    { key: 'sex', value: (p) => p.subjectSex, optionsKey: 'options.sex' },
    { key: 'place_met', value: (p) => p.placeMet, optionsKey: 'screening.options.placeMet' },
    { key: 'immediate_danger', value: (p) => p.immediateDanger },
    {
      key: 'process_indicators',
      value: (p) => (p.processIndicators ?? []).join(';'),
      optionsKey: 'screening.options.process',
    },
    {
      key: 'means_indicators',
      value: (p) => (p.meansIndicators ?? []).join(';'),
      optionsKey: 'screening.options.means',
    },
    {
      key: 'purpose_indicators',
      value: (p) => (p.purposeIndicators ?? []).join(';'),
      optionsKey: 'screening.options.purpose',
    },
    {
      key: 'ilo_indicators',
      value: (p) => (p.iloIndicators ?? []).join(';'),
      optionsKey: 'options.ilo_indicators',
    },
    { key: 'modus', value: (p) => (p.modus ?? []).join(';'), optionsKey: 'options.modus' },
    { key: 'risk_level', value: (p) => assessRisk(p).level, optionsKey: 'screening.summary.risk' },
    { key: 'must_report', value: (p) => assessRisk(p).mustReport },
    {
      key: 'reported_to',
      value: (p) => (p.reportedTo ?? []).join(';'),
      optionsKey: 'options.referral_targets',
    },
  ],
  requiresTraining: true,
});
