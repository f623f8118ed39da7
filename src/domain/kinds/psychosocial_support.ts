// `psychosocial_support`: dukungan psikososial awal (Lampiran BAB II C mechanism 1), with the
// initial needs assessment (C mechanism 3) and the principles of Lampiran BAB II D. Only trained
// community members (Pasal 5 ayat 3). A person may refuse (self-determination): a refusal is
// recorded without identity, so the initials field must then be empty.
import { z } from 'zod';
import {
  checklistSchema,
  isoDateSchema,
  linksSchema,
  MAX_LONG_TEXT,
  multiSelectSchema,
  optionalText,
  pastDateSchema,
  sexSchema,
} from '../common';
import { crossFieldRules, defineKind, fieldsFor, joinParts, read } from '../define';
import { AGE_GROUPS, CONSENT_ANSWERS } from './screening';

/** Responses a–f of the initial psychosocial support. */
export const PSYCHOSOCIAL_RESPONSES = [
  'practical_care',
  'listening',
  'comforting',
  'basic_needs',
  'linking_services',
  'protection_from_harm',
] as const;
export const RESPONSE_STATES = ['given', 'not_given', 'not_needed'] as const;

export const SUPPORT_TIMING = ['immediate', 'later'] as const;

export const DISTRESS_SIGNS = [
  'crying',
  'panic_or_fear',
  'withdrawn_silent',
  'confused_disoriented',
  'anger',
  'sleep_problems',
  'not_eating',
  'physical_injury',
  'fear_of_perpetrator',
  'self_harm_thoughts',
] as const;

/** Biopsychosocial needs of the initial needs assessment, each with an urgency. */
export const NEEDS = [
  'health',
  'psychological',
  'social_family',
  'economic',
  'legal',
  'shelter',
  'repatriation',
] as const;
export const NEED_URGENCY = ['none', 'later', 'soon', 'urgent'] as const;

/** Principles of Lampiran BAB II D the volunteer confirms (all required). */
export const SUPPORT_PRINCIPLES = [
  'victim_interest_first',
  'informed_consent',
  'privacy',
  'no_payment',
  'no_physical_contact',
  'no_false_promises',
  'non_discrimination',
  'right_to_report_explained',
] as const;

export const psychosocialSupportSchema = z
  .object({
    supportDate: pastDateSchema,
    timing: z.enum(SUPPORT_TIMING),
    consent: z.enum(CONSENT_ANSWERS),
    subjectInitials: optionalText(10),
    subjectAgeGroup: z.enum(AGE_GROUPS),
    subjectSex: sexSchema.optional(),
    responses: checklistSchema(PSYCHOSOCIAL_RESPONSES, RESPONSE_STATES),
    distressSigns: multiSelectSchema(DISTRESS_SIGNS).optional(),
    needs: checklistSchema(NEEDS, NEED_URGENCY),
    principlesConfirmed: multiSelectSchema(SUPPORT_PRINCIPLES),
    linkedRecordIds: linksSchema.optional(),
    followUp: optionalText(MAX_LONG_TEXT),
    nextActionDate: isoDateSchema.optional(),
    notes: optionalText(MAX_LONG_TEXT),
  })
  .superRefine(
    ...crossFieldRules((p, ctx) => {
      if (p.consent === 'declined' && read.string(p, 'subjectInitials') !== undefined)
        ctx.issue(['subjectInitials'], 'errors.declined_without_identity');
      const confirmed = Array.isArray(p.principlesConfirmed) ? p.principlesConfirmed : [];
      if (!SUPPORT_PRINCIPLES.every((principle) => confirmed.includes(principle)))
        ctx.issue(['principlesConfirmed'], 'errors.principles_required');
    }),
  );

export type PsychosocialSupportPayload = z.infer<typeof psychosocialSupportSchema>;

/** Needs marked soon or urgent: what to pass on to the authorised service provider first. */
export function pressingNeeds(payload: PsychosocialSupportPayload): (typeof NEEDS)[number][] {
  return NEEDS.filter((need) => ['soon', 'urgent'].includes(payload.needs[need].state));
}

const field = fieldsFor('psychosocial_support');

const example: PsychosocialSupportPayload = {
  supportDate: '2025-05-12',
  timing: 'immediate',
  consent: 'agreed',
  subjectInitials: 'R.A.',
  subjectAgeGroup: 'child',
  subjectSex: 'female',
  responses: {
    practical_care: { state: 'given', note: 'Makan, minum, pakaian ganti' },
    listening: { state: 'given' },
    comforting: { state: 'given' },
    basic_needs: { state: 'given' },
    linking_services: { state: 'given', note: 'Dihubungkan ke UPTD PPA' },
    protection_from_harm: { state: 'given', note: 'Dijauhkan dari sponsor' },
  },
  distressSigns: ['crying', 'fear_of_perpetrator', 'sleep_problems'],
  needs: {
    health: { state: 'soon', note: 'Luka ringan di tangan' },
    psychological: { state: 'urgent' },
    social_family: { state: 'soon' },
    economic: { state: 'later' },
    legal: { state: 'soon' },
    shelter: { state: 'none' },
    repatriation: { state: 'none' },
  },
  principlesConfirmed: [...SUPPORT_PRINCIPLES],
  linkedRecordIds: ['5f0c8a52-7c55-4f1e-9a7e-1d2b3c4d5e6f'],
  followUp: 'Pendamping UPTD PPA datang besok pagi',
  nextActionDate: '2025-05-13',
};

const declined: PsychosocialSupportPayload = {
  supportDate: '2025-06-01',
  timing: 'later',
  consent: 'declined',
  subjectAgeGroup: 'adult',
  responses: {
    practical_care: { state: 'given' },
    listening: { state: 'not_given' },
    comforting: { state: 'not_given' },
    basic_needs: { state: 'not_needed' },
    linking_services: { state: 'given', note: 'Diberi nomor SAPA 129' },
    protection_from_harm: { state: 'not_needed' },
  },
  needs: {
    health: { state: 'none' },
    psychological: { state: 'none' },
    social_family: { state: 'none' },
    economic: { state: 'none' },
    legal: { state: 'none' },
    shelter: { state: 'none' },
    repatriation: { state: 'none' },
  },
  principlesConfirmed: [...SUPPORT_PRINCIPLES],
};

export const psychosocialSupportDeclaration = defineKind({
  kind: 'psychosocial_support',
  schemaVersion: 1,
  schema: psychosocialSupportSchema,
  sections: ['consent', 'responses', 'distress', 'needs', 'principles', 'follow_up'],
  fields: [
    field('consent', 'supportDate', 'date', { required: true, dateRange: 'past' }),
    field('consent', 'timing', 'select', {
      options: SUPPORT_TIMING,
      optionsKey: 'psychosocial_support.options.timing',
      required: true,
    }),
    field('consent', 'consent', 'select', {
      options: CONSENT_ANSWERS,
      optionsKey: 'options.consent',
      required: true,
      help: true,
    }),
    field('consent', 'subjectInitials', 'text', {
      identifying: true,
      help: true,
      appliesWhen: (p) => p.consent !== 'declined',
    }),
    field('consent', 'subjectAgeGroup', 'select', {
      options: AGE_GROUPS,
      optionsKey: 'options.age_groups',
      required: true,
    }),
    field('consent', 'subjectSex', 'select', {
      options: ['female', 'male'],
      optionsKey: 'options.sex',
      appliesWhen: (p) => p.consent !== 'declined',
    }),
    field('responses', 'responses', 'checklist', {
      options: PSYCHOSOCIAL_RESPONSES,
      optionsKey: 'psychosocial_support.options.responses',
      itemStates: RESPONSE_STATES,
      itemStatesKey: 'psychosocial_support.options.responseStates',
      required: true,
      help: true,
    }),
    field('distress', 'distressSigns', 'multiselect', {
      options: DISTRESS_SIGNS,
      optionsKey: 'psychosocial_support.options.distress',
      help: true,
    }),
    field('needs', 'needs', 'checklist', {
      options: NEEDS,
      optionsKey: 'psychosocial_support.options.needs',
      itemStates: NEED_URGENCY,
      itemStatesKey: 'psychosocial_support.options.urgency',
      required: true,
      help: true,
    }),
    field('principles', 'principlesConfirmed', 'multiselect', {
      options: SUPPORT_PRINCIPLES,
      optionsKey: 'psychosocial_support.options.principles',
      required: true,
      help: true,
    }),
    field('follow_up', 'linkedRecordIds', 'recordLinks', {
      linkKinds: ['screening', 'referral', 'migrant'],
    }),
    field('follow_up', 'followUp', 'textarea'),
    field('follow_up', 'nextActionDate', 'date', { help: true, dateRange: 'upcoming' }),
    field('follow_up', 'notes', 'textarea'),
  ],
  examples: [example, declined],
  summaryParts: (p) => [
    { text: p.consent === 'declined' ? '—' : (p.subjectInitials ?? '—'), identifying: true },
    { date: p.supportDate },
  ],
  searchText: (p) => joinParts([p.subjectInitials, p.supportDate, p.followUp], ' '),
  nextActionDate: (p) => p.nextActionDate,
  exportColumns: [
    { key: 'support_date', value: (p) => p.supportDate },
    { key: 'timing', value: (p) => p.timing, optionsKey: 'psychosocial_support.options.timing' },
    { key: 'consent', value: (p) => p.consent, optionsKey: 'options.consent' },
    { key: 'age_group', value: (p) => p.subjectAgeGroup, optionsKey: 'options.age_groups' },
    {
      key: 'responses_given',
      value: (p) =>
        PSYCHOSOCIAL_RESPONSES.filter((r) => p.responses[r].state === 'given').join(';'),
      optionsKey: 'psychosocial_support.options.responses',
    },
    {
      key: 'distress_signs',
      value: (p) => (p.distressSigns ?? []).join(';'),
      optionsKey: 'psychosocial_support.options.distress',
    },
    {
      key: 'pressing_needs',
      value: (p) => pressingNeeds(p).join(';'),
      optionsKey: 'psychosocial_support.options.needs',
    },
    { key: 'next_action_date', value: (p) => p.nextActionDate ?? null },
  ],
  requiresTraining: true,
});
