// `awareness_session`: sosialisasi / KIE (Lampiran BAB II B.1.d, B.1.f.4, 7, 8). Participants are
// counted per group by sex and child/adult; the headcount must equal the sum of the groups.
// Households that need a safe-migration visit are listed, and each can become a
// `household_visit` draft in one tap (householdVisitDraftFromSession).
import { z } from 'zod';
import {
  countSchema,
  isoDateSchema,
  MAX_COUNT,
  MAX_LONG_TEXT,
  multiSelectSchema,
  optionalText,
  pastDateSchema,
  regionRefSchema,
  requiredText,
} from '../common';
import {
  crossFieldRules,
  defineKind,
  fieldsFor,
  groupItemFieldsFor,
  joinParts,
  read,
} from '../define';
import { VOLUNTEER_ROLES } from '../profile';
import type { HouseholdVisitPayload } from './household_visit';

export const SESSION_AUDIENCES = [
  'government',
  'community_leaders',
  'religious_leaders',
  'general_community',
  'migrant_workers_families',
  'prospective_migrants',
  'returned_migrants',
  'prospective_fishing_crews',
  'youth',
  'students',
  'parents',
  'women_groups',
  'other',
] as const;

export const SESSION_TOPICS = [
  'what_is_tppo',
  'modus',
  'safe_migration',
  'official_procedure',
  'required_documents',
  'early_warning',
  'where_to_report',
  'victim_rights',
  'online_recruitment',
  'child_protection',
] as const;

export const SESSION_MATERIALS = [
  'leaflet',
  'poster',
  'booklet',
  'sticker',
  'contact_card',
  'video',
  'banner',
  'other',
] as const;

export const SESSION_FORMATS = [
  'posyandu',
  'village_meeting',
  'religious_gathering',
  'school',
  'pkk_meeting',
  'door_to_door',
  'other',
] as const;

const PARTICIPANT_COUNTS = ['femaleAdult', 'maleAdult', 'femaleChild', 'maleChild'] as const;

const participantGroupSchema = z.object({
  audience: z.enum(SESSION_AUDIENCES),
  femaleAdult: countSchema,
  maleAdult: countSchema,
  femaleChild: countSchema,
  maleChild: countSchema,
});

const householdToVisitSchema = z.object({
  householdName: requiredText(),
  detail: optionalText(),
  reason: optionalText(MAX_LONG_TEXT),
});

export const awarenessSessionSchema = z
  .object({
    sessionDate: pastDateSchema,
    place: regionRefSchema,
    venue: optionalText(),
    format: z.enum(SESSION_FORMATS),
    facilitatorRole: z.enum(VOLUNTEER_ROLES),
    partnerOrganisations: optionalText(),
    audiences: multiSelectSchema(SESSION_AUDIENCES, 1),
    topics: multiSelectSchema(SESSION_TOPICS, 1),
    participantGroups: z.array(participantGroupSchema).min(1).max(50),
    totalParticipants: z.number().int().min(1).max(MAX_COUNT),
    materials: multiSelectSchema(SESSION_MATERIALS).optional(),
    materialsCount: countSchema.optional(),
    householdsToVisit: z.array(householdToVisitSchema).max(200).optional(),
    followUps: optionalText(MAX_LONG_TEXT),
    nextActionDate: isoDateSchema.optional(),
    notes: optionalText(MAX_LONG_TEXT),
  })
  .superRefine(
    ...crossFieldRules((p, ctx) => {
      const total = read.number(p, 'totalParticipants');
      const groups = read.records(p, 'participantGroups');
      if (total === undefined || groups.length === 0) return;
      let sum = 0;
      for (const group of groups)
        for (const key of PARTICIPANT_COUNTS) {
          const count = read.number(group, key);
          if (count === undefined || count < 0) return; // reported at the count itself
          sum += count;
        }
      if (sum !== total) ctx.issue(['totalParticipants'], 'errors.totals_mismatch', { total, sum });
    }),
  );

export type AwarenessSessionPayload = z.infer<typeof awarenessSessionSchema>;

/** Participants summed over the groups, by sex and child/adult. */
export function participantTotals(payload: Pick<AwarenessSessionPayload, 'participantGroups'>) {
  const totals = { femaleAdult: 0, maleAdult: 0, femaleChild: 0, maleChild: 0 };
  for (const group of payload.participantGroups)
    for (const key of PARTICIPANT_COUNTS) totals[key] += group[key];
  return {
    ...totals,
    female: totals.femaleAdult + totals.femaleChild,
    male: totals.maleAdult + totals.maleChild,
    children: totals.femaleChild + totals.maleChild,
    adults: totals.femaleAdult + totals.maleAdult,
    total: totals.femaleAdult + totals.maleAdult + totals.femaleChild + totals.maleChild,
  };
}

/** A household_visit draft prefilled from one listed household of a session (one tap). */
export function householdVisitDraftFromSession(
  session: AwarenessSessionPayload,
  index: number,
): Partial<HouseholdVisitPayload> | undefined {
  const household = session.householdsToVisit?.[index];
  if (!household) return undefined;
  const { detail: _sessionVenueDetail, ...region } = session.place;
  return {
    householdName: household.householdName,
    address: { ...region, ...(household.detail ? { detail: household.detail } : {}) },
    ...(household.reason ? { notes: household.reason } : {}),
  };
}

const field = fieldsFor('awareness_session');
const groupItem = groupItemFieldsFor('awareness_session', 'participantGroups');
const householdItem = groupItemFieldsFor('awareness_session', 'householdsToVisit');
const countMeta = { inputMode: 'numeric', required: true } as const;

const example: AwarenessSessionPayload = {
  sessionDate: '2025-04-08',
  place: { provinceCode: '33', regencyCode: '33.01', villageName: 'Desa Contoh' },
  venue: 'Posyandu Melati, RW 03',
  format: 'posyandu',
  facilitatorRole: 'kader_posyandu',
  audiences: ['migrant_workers_families', 'prospective_migrants', 'youth'],
  topics: ['what_is_tppo', 'modus', 'safe_migration', 'required_documents', 'where_to_report'],
  participantGroups: [
    {
      audience: 'migrant_workers_families',
      femaleAdult: 14,
      maleAdult: 5,
      femaleChild: 0,
      maleChild: 0,
    },
    { audience: 'youth', femaleAdult: 3, maleAdult: 4, femaleChild: 6, maleChild: 5 },
  ],
  totalParticipants: 37,
  materials: ['leaflet', 'contact_card'],
  materialsCount: 40,
  householdsToVisit: [
    {
      householdName: 'Keluarga Ibu Sumi',
      detail: 'RT 04',
      reason: 'Anak akan berangkat ke Malaysia lewat sponsor',
    },
  ],
  nextActionDate: '2025-04-15',
};

export const awarenessSessionDeclaration = defineKind({
  kind: 'awareness_session',
  schemaVersion: 1,
  schema: awarenessSessionSchema,
  sections: ['session', 'content', 'participants', 'materials', 'follow_up'],
  fields: [
    field('session', 'sessionDate', 'date', { required: true, dateRange: 'past' }),
    field('session', 'place', 'region', { required: true }),
    field('session', 'venue', 'text'),
    field('session', 'format', 'select', {
      options: SESSION_FORMATS,
      optionsKey: 'awareness_session.options.format',
      required: true,
    }),
    field('session', 'facilitatorRole', 'select', {
      options: VOLUNTEER_ROLES,
      optionsKey: 'profile.roles',
      required: true,
    }),
    field('session', 'partnerOrganisations', 'text'),
    field('content', 'audiences', 'multiselect', {
      options: SESSION_AUDIENCES,
      optionsKey: 'awareness_session.options.audiences',
      required: true,
    }),
    field('content', 'topics', 'multiselect', {
      options: SESSION_TOPICS,
      optionsKey: 'awareness_session.options.topics',
      required: true,
      help: true,
    }),
    field('participants', 'participantGroups', 'group', {
      required: true,
      help: true,
      fields: [
        groupItem('audience', 'select', {
          options: SESSION_AUDIENCES,
          optionsKey: 'awareness_session.options.audiences',
          required: true,
        }),
        groupItem('femaleAdult', 'number', countMeta),
        groupItem('maleAdult', 'number', countMeta),
        groupItem('femaleChild', 'number', countMeta),
        groupItem('maleChild', 'number', countMeta),
      ],
    }),
    field('participants', 'totalParticipants', 'number', {
      inputMode: 'numeric',
      required: true,
      help: true,
    }),
    field('materials', 'materials', 'multiselect', {
      options: SESSION_MATERIALS,
      optionsKey: 'awareness_session.options.materials',
    }),
    field('materials', 'materialsCount', 'number', { inputMode: 'numeric' }),
    field('follow_up', 'householdsToVisit', 'group', {
      help: true,
      fields: [
        householdItem('householdName', 'text', { required: true, identifying: true }),
        householdItem('detail', 'text'),
        householdItem('reason', 'textarea'),
      ],
    }),
    field('follow_up', 'followUps', 'textarea'),
    field('follow_up', 'nextActionDate', 'date', { help: true, dateRange: 'upcoming' }),
    field('follow_up', 'notes', 'textarea'),
  ],
  examples: [example],
  summaryParts: (p) => [
    { text: p.place.villageName },
    { date: p.sessionDate },
    { countKey: 'awareness_session.summary.participants', count: p.totalParticipants },
  ],
  searchText: (p) => joinParts([p.place.villageName, p.venue, p.partnerOrganisations], ' '),
  nextActionDate: (p) => p.nextActionDate,
  exportColumns: [
    { key: 'session_date', value: (p) => p.sessionDate },
    { key: 'province_code', value: (p) => p.place.provinceCode },
    { key: 'village_code', value: (p) => p.place.villageCode ?? null },
    { key: 'village_name', value: (p) => p.place.villageName },
    { key: 'format', value: (p) => p.format, optionsKey: 'awareness_session.options.format' },
    { key: 'facilitator_role', value: (p) => p.facilitatorRole, optionsKey: 'profile.roles' },
    {
      key: 'audiences',
      value: (p) => p.audiences.join(';'),
      optionsKey: 'awareness_session.options.audiences',
    },
    {
      key: 'topics',
      value: (p) => p.topics.join(';'),
      optionsKey: 'awareness_session.options.topics',
    },
    { key: 'female_adults', value: (p) => participantTotals(p).femaleAdult },
    { key: 'male_adults', value: (p) => participantTotals(p).maleAdult },
    { key: 'female_children', value: (p) => participantTotals(p).femaleChild },
    { key: 'male_children', value: (p) => participantTotals(p).maleChild },
    { key: 'total_participants', value: (p) => p.totalParticipants },
    {
      key: 'materials',
      value: (p) => (p.materials ?? []).join(';'),
      optionsKey: 'awareness_session.options.materials',
    },
    { key: 'materials_count', value: (p) => p.materialsCount ?? null },
    { key: 'households_to_visit', value: (p) => p.householdsToVisit?.length ?? 0 },
  ],
  requiresTraining: false,
});

/**
 * Sum of every participant count typed so far in a draft (the form shows it beside the headcount
 * so the person need not add up); undefined while no group has a count.
 */
export function draftParticipantSum(draft: Record<string, unknown>): number | undefined {
  let sum = 0;
  let any = false;
  for (const group of read.records(draft, 'participantGroups'))
    for (const key of PARTICIPANT_COUNTS) {
      const count = read.number(group, key);
      if (count === undefined || count < 0) continue;
      sum += count;
      any = true;
    }
  return any ? sum : undefined;
}
