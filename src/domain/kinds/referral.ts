// `referral`: rujukan dan pelaporan (Pasal 7, Lampiran BAB II C.2, C.4 and E). Open to every
// user (Pasal 7: anyone may report). The reporter's identity is confidential by default
// (Lampiran BAB V): the reporter fields apply only when the reporter chose to be named.
import { z } from 'zod';
import {
  checklistSchema,
  isoDateSchema,
  linksSchema,
  MAX_LONG_TEXT,
  multiSelectSchema,
  optionalText,
  pastDateSchema,
  phoneSchema,
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
import { EVIDENCE_TYPES, REFERRAL_TARGETS, REPORT_CHANNELS, VICTIM_SERVICES } from '../reference';

export const REFERRAL_STATUSES = [
  'submitted',
  'received',
  'in_process',
  'services_provided',
  'closed',
  'no_response',
] as const;

export const SUBJECT_AGE_GROUPS = ['child', 'adult', 'unknown'] as const;
export const REFERRAL_URGENCY = ['emergency', 'urgent', 'normal'] as const;

/** Post-return monitoring and reintegration checks (Lampiran BAB II C.4, E). */
export const REINTEGRATION_CHECKS = ['safety', 'security', 'social', 'economic'] as const;
export const REINTEGRATION_STATES = ['ok', 'concern', 'not_checked'] as const;

const statusUpdateSchema = z.object({
  date: pastDateSchema,
  status: z.enum(REFERRAL_STATUSES),
  note: optionalText(MAX_LONG_TEXT),
});

export const referralSchema = z
  .object({
    referredOn: pastDateSchema,
    linkedRecordIds: linksSchema.optional(),
    urgency: z.enum(REFERRAL_URGENCY),
    subjectAgeGroup: z.enum(SUBJECT_AGE_GROUPS),
    reason: requiredText(MAX_LONG_TEXT),
    targets: multiSelectSchema(REFERRAL_TARGETS, 1),
    targetOther: optionalText(),
    channel: z.enum(REPORT_CHANNELS),
    receivingOfficer: optionalText(),
    caseReference: optionalText(),
    evidence: multiSelectSchema(EVIDENCE_TYPES).optional(),
    servicesNeeded: multiSelectSchema(VICTIM_SERVICES).optional(),
    reporterIdentityConfidential: z.boolean(),
    reporterName: optionalText(),
    reporterPhone: phoneSchema.optional(),
    statusUpdates: z.array(statusUpdateSchema).min(1).max(200),
    reintegration: checklistSchema(REINTEGRATION_CHECKS, REINTEGRATION_STATES).optional(),
    nextActionDate: isoDateSchema.optional(),
    notes: optionalText(MAX_LONG_TEXT),
  })
  .superRefine(
    ...crossFieldRules((p, ctx) => {
      if (p.reporterIdentityConfidential !== false) {
        if (p.reporterName !== undefined)
          ctx.issue(['reporterName'], 'errors.confidential_identity');
        if (p.reporterPhone !== undefined)
          ctx.issue(['reporterPhone'], 'errors.confidential_identity');
      }
      const referred = read.date(p, 'referredOn');
      if (referred === undefined) return;
      read.records(p, 'statusUpdates').forEach((entry, index) => {
        const date = read.date(entry, 'date');
        if (date !== undefined && date < referred)
          ctx.issue(['statusUpdates', index, 'date'], 'errors.before_referral');
      });
    }),
  );

export type ReferralPayload = z.infer<typeof referralSchema>;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/** Latest status of a referral (later entries win ties). */
export function currentReferralStatus(payload: ReferralPayload): ReferralStatus | undefined {
  let latest: { date: string; status: ReferralStatus } | undefined;
  for (const entry of payload.statusUpdates)
    if (latest === undefined || entry.date >= latest.date) latest = entry;
  return latest?.status;
}

const field = fieldsFor('referral');
const statusItem = groupItemFieldsFor('referral', 'statusUpdates');

const example: ReferralPayload = {
  referredOn: '2025-05-12',
  linkedRecordIds: ['5f0c8a52-7c55-4f1e-9a7e-1d2b3c4d5e6f'],
  urgency: 'urgent',
  subjectAgeGroup: 'child',
  reason:
    'Anak 16 tahun pulang dari Malaysia, paspor dipalsukan, gaji tidak dibayar (risiko tinggi).',
  targets: ['bhabinkamtibmas', 'uptd_ppa'],
  channel: 'in_person',
  receivingOfficer: 'Petugas piket UPTD PPA',
  evidence: ['electronic_documents', 'witnesses'],
  servicesNeeded: ['psychological_support', 'health_rehabilitation', 'legal_aid'],
  reporterIdentityConfidential: true,
  statusUpdates: [
    { date: '2025-05-12', status: 'submitted' },
    { date: '2025-05-13', status: 'received', note: 'Didampingi UPTD PPA' },
  ],
  nextActionDate: '2025-05-20',
};

const named: ReferralPayload = {
  referredOn: '2025-07-01',
  urgency: 'normal',
  subjectAgeGroup: 'adult',
  reason: 'Warga pulang dari Kamboja setelah dipaksa kerja penipuan online; perlu reintegrasi.',
  targets: ['bp2mi', 'dinas_sosial'],
  channel: 'complaint_service',
  reporterIdentityConfidential: false,
  reporterName: 'Kader Desa Contoh',
  reporterPhone: '0812 3456 7890',
  servicesNeeded: ['social_reintegration', 'post_return_monitoring'],
  statusUpdates: [{ date: '2025-07-01', status: 'submitted' }],
  reintegration: {
    safety: { state: 'ok' },
    security: { state: 'ok' },
    social: { state: 'concern', note: 'Merasa malu bertemu tetangga' },
    economic: { state: 'concern' },
  },
};

export const referralDeclaration = defineKind({
  kind: 'referral',
  schemaVersion: 1,
  schema: referralSchema,
  sections: ['case', 'target', 'evidence', 'reporter', 'status', 'reintegration'],
  fields: [
    field('case', 'referredOn', 'date', { required: true, dateRange: 'past' }),
    field('case', 'linkedRecordIds', 'recordLinks', {
      linkKinds: ['migrant', 'household_visit', 'screening', 'psychosocial_support'],
      help: true,
    }),
    field('case', 'urgency', 'select', {
      options: REFERRAL_URGENCY,
      optionsKey: 'referral.options.urgency',
      required: true,
    }),
    field('case', 'subjectAgeGroup', 'select', {
      options: SUBJECT_AGE_GROUPS,
      optionsKey: 'referral.options.ageGroup',
      required: true,
    }),
    field('case', 'reason', 'textarea', { required: true, help: true }),
    field('target', 'targets', 'multiselect', {
      options: REFERRAL_TARGETS,
      optionsKey: 'options.referral_targets',
      required: true,
    }),
    field('target', 'targetOther', 'text', {
      appliesWhen: (p) => Array.isArray(p.targets) && p.targets.includes('other'),
    }),
    field('target', 'channel', 'select', {
      options: REPORT_CHANNELS,
      optionsKey: 'options.report_channels',
      required: true,
      help: true,
    }),
    field('target', 'receivingOfficer', 'text'),
    field('target', 'caseReference', 'text', { help: true }),
    field('evidence', 'evidence', 'multiselect', {
      options: EVIDENCE_TYPES,
      optionsKey: 'options.evidence',
      help: true,
    }),
    field('evidence', 'servicesNeeded', 'multiselect', {
      options: VICTIM_SERVICES,
      optionsKey: 'options.services',
    }),
    field('reporter', 'reporterIdentityConfidential', 'boolean', { required: true, help: true }),
    field('reporter', 'reporterName', 'text', {
      identifying: true,
      appliesWhen: (p) => p.reporterIdentityConfidential === false,
    }),
    field('reporter', 'reporterPhone', 'text', {
      identifying: true,
      inputMode: 'tel',
      appliesWhen: (p) => p.reporterIdentityConfidential === false,
    }),
    field('status', 'statusUpdates', 'group', {
      required: true,
      help: true,
      fields: [
        statusItem('date', 'date', { required: true, dateRange: 'past' }),
        statusItem('status', 'select', {
          options: REFERRAL_STATUSES,
          optionsKey: 'referral.options.status',
          required: true,
        }),
        statusItem('note', 'textarea'),
      ],
    }),
    field('status', 'nextActionDate', 'date', { help: true, dateRange: 'upcoming' }),
    field('status', 'notes', 'textarea'),
    field('reintegration', 'reintegration', 'checklist', {
      options: REINTEGRATION_CHECKS,
      optionsKey: 'referral.options.reintegration',
      itemStates: REINTEGRATION_STATES,
      itemStatesKey: 'referral.options.reintegrationStates',
      help: true,
    }),
  ],
  examples: [example, named],
  summaryParts: (p) => [
    { optionsKey: 'options.referral_targets', value: p.targets },
    { date: p.referredOn },
    { optionsKey: 'referral.options.status', value: currentReferralStatus(p) },
  ],
  searchText: (p) => joinParts([p.reason, p.caseReference, p.receivingOfficer], ' '),
  nextActionDate: (p) => p.nextActionDate,
  exportColumns: [
    { key: 'referred_on', value: (p) => p.referredOn },
    { key: 'urgency', value: (p) => p.urgency, optionsKey: 'referral.options.urgency' },
    { key: 'age_group', value: (p) => p.subjectAgeGroup, optionsKey: 'referral.options.ageGroup' },
    { key: 'targets', value: (p) => p.targets.join(';'), optionsKey: 'options.referral_targets' },
    { key: 'channel', value: (p) => p.channel, optionsKey: 'options.report_channels' },
    { key: 'evidence', value: (p) => (p.evidence ?? []).join(';'), optionsKey: 'options.evidence' },
    {
      key: 'services_needed',
      value: (p) => (p.servicesNeeded ?? []).join(';'),
      optionsKey: 'options.services',
    },
    { key: 'reporter_confidential', value: (p) => p.reporterIdentityConfidential },
    {
      key: 'current_status',
      value: (p) => currentReferralStatus(p) ?? null,
      optionsKey: 'referral.options.status',
    },
    { key: 'next_action_date', value: (p) => p.nextActionDate ?? null },
  ],
  requiresTraining: false,
});
