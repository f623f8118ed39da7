// `household_visit`: kunjungan rumah migrasi aman (Lampiran BAB II B.1.f.1). A volunteer visits
// a household with a member planning to migrate, goes through the safe-migration checklist, notes
// warning signs and agrees follow-up. Warning signs make the app offer a screening or referral.
import { z } from 'zod';
import {
  checklistSchema,
  countSchema,
  isoDateSchema,
  linksSchema,
  MAX_LONG_TEXT,
  multiSelectSchema,
  optionalText,
  pastDateSchema,
  regionRefSchema,
  requiredText,
} from '../common';
import { crossFieldRules, defineKind, fieldsFor, joinParts, read } from '../define';

/** What the volunteer discusses or confirms during the visit (Lampiran BAB II B.1.f.1). */
export const VISIT_CHECKLIST_ITEMS = [
  'documents',
  'language',
  'skills',
  'funds',
  'protection',
  'income_management',
  'mental_readiness',
  'safety_net',
  'official_procedure_explained',
  'emergency_contacts_given',
] as const;

export const VISIT_ITEM_STATES = ['ok', 'not_yet', 'not_applicable'] as const;

/** Whom to contact, as explained during the visit. */
export const VISIT_CONTACTS_EXPLAINED = [
  'perwakilan_ri',
  'bp2mi',
  'kemnaker_disnaker',
  'law_enforcement',
  'dinas_pppa',
  'uptd_ppa',
  'sapa_129',
] as const;

export const VISIT_WARNING_SIGNS = [
  'placement_fee',
  'debt_to_sponsor',
  'non_official_recruiter',
  'recruited_via_social_media',
  'no_work_contract',
  'job_unclear',
  'documents_incomplete',
  'documents_suspected_false',
  'age_falsified_or_child',
  'documents_held_by_recruiter',
  'departure_rushed',
  'family_unaware',
  'shelter_before_departure',
  'tourist_visa_for_work',
] as const;

export const VISIT_FOLLOW_UPS = [
  'revisit',
  'help_complete_documents',
  'accompany_to_disnaker_ltsa',
  'contact_bp3mi',
  'start_screening',
  'report_or_refer',
  'no_follow_up_needed',
] as const;

export const householdVisitSchema = z
  .object({
    householdName: requiredText(),
    address: regionRefSchema,
    membersPlanningToMigrate: countSchema.optional(),
    migrantIds: linksSchema.optional(),
    visitDate: pastDateSchema,
    checklist: checklistSchema(VISIT_CHECKLIST_ITEMS, VISIT_ITEM_STATES),
    contactsExplained: multiSelectSchema(VISIT_CONTACTS_EXPLAINED).optional(),
    warningSigns: multiSelectSchema(VISIT_WARNING_SIGNS).optional(),
    followUpActions: multiSelectSchema(VISIT_FOLLOW_UPS, 1),
    followUpNote: optionalText(MAX_LONG_TEXT),
    nextVisitDate: isoDateSchema.optional(),
    nextActionDate: isoDateSchema.optional(),
    notes: optionalText(MAX_LONG_TEXT),
  })
  .superRefine(
    ...crossFieldRules((p, ctx) => {
      const visit = read.date(p, 'visitDate');
      const next = read.date(p, 'nextVisitDate');
      if (visit !== undefined && next !== undefined && next < visit)
        ctx.issue(['nextVisitDate'], 'errors.before_visit');
    }),
  );

export type HouseholdVisitPayload = z.infer<typeof householdVisitSchema>;

/** A finished visit with warning signs should offer a screening or a referral (issue 3). */
export function visitHasWarningSigns(
  payload: Pick<HouseholdVisitPayload, 'warningSigns'>,
): boolean {
  return (payload.warningSigns?.length ?? 0) > 0;
}

const field = fieldsFor('household_visit');

const example: HouseholdVisitPayload = {
  householdName: 'Keluarga Bapak Darto',
  address: {
    provinceCode: '33',
    regencyCode: '33.01',
    districtCode: '33.01.01',
    villageName: 'Desa Contoh',
    detail: 'RT 01 / RW 03',
  },
  membersPlanningToMigrate: 1,
  migrantIds: ['0b9b2f8e-5c1a-4c43-9a57-3a1f0f6f2d11'],
  visitDate: '2025-02-03',
  checklist: {
    documents: { state: 'not_yet', note: 'Belum ada perjanjian kerja' },
    language: { state: 'not_yet' },
    skills: { state: 'ok' },
    funds: { state: 'not_yet', note: 'Diminta biaya Rp 15 juta oleh sponsor' },
    protection: { state: 'not_yet' },
    income_management: { state: 'ok' },
    mental_readiness: { state: 'ok' },
    safety_net: { state: 'ok' },
    official_procedure_explained: { state: 'ok' },
    emergency_contacts_given: { state: 'ok' },
  },
  contactsExplained: ['bp2mi', 'kemnaker_disnaker', 'uptd_ppa', 'sapa_129'],
  warningSigns: ['placement_fee', 'non_official_recruiter', 'no_work_contract'],
  followUpActions: ['accompany_to_disnaker_ltsa', 'revisit'],
  nextVisitDate: '2025-02-17',
};

export const householdVisitDeclaration = defineKind({
  kind: 'household_visit',
  schemaVersion: 1,
  schema: householdVisitSchema,
  sections: ['household', 'checklist', 'contacts', 'warning_signs', 'follow_up'],
  fields: [
    field('household', 'householdName', 'text', { required: true, identifying: true, help: true }),
    field('household', 'address', 'region', { required: true }),
    field('household', 'membersPlanningToMigrate', 'number', { inputMode: 'numeric' }),
    field('household', 'migrantIds', 'recordLinks', { linkKinds: ['migrant'], help: true }),
    field('household', 'visitDate', 'date', { required: true, dateRange: 'past' }),
    field('checklist', 'checklist', 'checklist', {
      options: VISIT_CHECKLIST_ITEMS,
      optionsKey: 'household_visit.options.checklist',
      itemStates: VISIT_ITEM_STATES,
      itemStatesKey: 'household_visit.options.itemStates',
      required: true,
      help: true,
    }),
    field('contacts', 'contactsExplained', 'multiselect', {
      options: VISIT_CONTACTS_EXPLAINED,
      optionsKey: 'household_visit.options.contacts',
      help: true,
    }),
    field('warning_signs', 'warningSigns', 'multiselect', {
      options: VISIT_WARNING_SIGNS,
      optionsKey: 'household_visit.options.warningSigns',
      help: true,
    }),
    field('follow_up', 'followUpActions', 'multiselect', {
      options: VISIT_FOLLOW_UPS,
      optionsKey: 'household_visit.options.followUps',
      required: true,
    }),
    field('follow_up', 'followUpNote', 'textarea'),
    field('follow_up', 'nextVisitDate', 'date', { dateRange: 'upcoming' }),
    field('follow_up', 'nextActionDate', 'date', { help: true, dateRange: 'upcoming' }),
    field('follow_up', 'notes', 'textarea'),
  ],
  examples: [example],
  summaryParts: (p) => [
    { text: p.householdName, identifying: true },
    { text: p.address.villageName },
    { date: p.visitDate },
  ],
  searchText: (p) => joinParts([p.householdName, p.address.villageName, p.address.detail], ' '),
  // The earlier of an explicit follow-up date and the next visit.
  nextActionDate: (p) =>
    [p.nextActionDate, p.nextVisitDate].filter((d): d is string => typeof d === 'string').sort()[0],
  exportColumns: [
    { key: 'visit_date', value: (p) => p.visitDate },
    { key: 'province_code', value: (p) => p.address.provinceCode },
    { key: 'village_code', value: (p) => p.address.villageCode ?? null },
    { key: 'village_name', value: (p) => p.address.villageName },
    { key: 'members_planning_to_migrate', value: (p) => p.membersPlanningToMigrate ?? null },
    {
      key: 'checklist_not_yet',
      value: (p) =>
        VISIT_CHECKLIST_ITEMS.filter((item) => p.checklist[item].state === 'not_yet').join(';'),
      optionsKey: 'household_visit.options.checklist',
    },
    {
      key: 'warning_signs',
      value: (p) => (p.warningSigns ?? []).join(';'),
      optionsKey: 'household_visit.options.warningSigns',
    },
    {
      key: 'follow_up_actions',
      value: (p) => p.followUpActions.join(';'),
      optionsKey: 'household_visit.options.followUps',
    },
    { key: 'next_visit_date', value: (p) => p.nextVisitDate ?? null },
    { key: 'linked_migrants', value: (p) => p.migrantIds?.length ?? 0 },
  ],
  requiresTraining: false,
});
