// `migrant`: pencatatan warga yang bermigrasi (Lampiran BAB II B.1.f.2). One kind, two record
// types chosen in the first section:
// - `resident`: a village resident who plans to migrate or has migrated: identity, destination,
//   recruitment, documents checklist, readiness, a status timeline and dated tracing notes;
// - `outsider_observation`: the same section of the regulation asks cadres to watch outsiders
//   entering and leaving the area (e.g. recruiters); such an observation has no resident identity.
import { z } from 'zod';
import {
  ageOn,
  ageSchema,
  birthDateSchema,
  checklistSchema,
  countSchema,
  isChild,
  isoDateSchema,
  latestToday,
  localToday,
  linksSchema,
  MAX_LONG_TEXT,
  multiSelectSchema,
  nikSchema,
  optionalText,
  pastDateSchema,
  phoneSchema,
  regionRefSchema,
  requiredText,
  sexSchema,
  YES_NO_UNKNOWN,
  yesNoUnknownSchema,
} from '../common';
import {
  crossFieldRules,
  defineKind,
  fieldsFor,
  groupItemFieldsFor,
  joinParts,
  read,
  when,
} from '../define';
import {
  DESTINATION_COUNTRIES,
  DOCUMENT_STATES,
  EDUCATION_LEVELS,
  JOB_SECTORS,
  MIGRANT_DOCUMENTS,
  MIGRATION_PURPOSES,
  RECRUITER_TYPES,
  SOCIAL_MEDIA_APPS,
} from '../reference';

export const MIGRANT_RECORD_TYPES = ['resident', 'outsider_observation'] as const;
export const MIGRANT_STATUSES = [
  'planning',
  'departed',
  'returned',
  'whereabouts_unknown',
  'in_trouble',
] as const;
export const DESTINATION_TYPES = ['domestic', 'abroad'] as const;
export const MIGRATION_PROCEDURES = ['official', 'non_official', 'unknown'] as const;
export const FAMILY_SUPPORT = ['supports', 'against', 'unaware', 'unknown'] as const;
export const TRACING_SOURCES = [
  'family',
  'phone_contact',
  'social_media',
  'authority',
  'other',
] as const;
export const OUTSIDER_ACTIVITIES = [
  'recruiting',
  'offering_jobs',
  'paying_advances',
  'collecting_documents',
  'transporting_people',
  'housing_people',
  'other',
] as const;

const statusEntrySchema = z.object({
  date: pastDateSchema,
  status: z.enum(MIGRANT_STATUSES),
  note: optionalText(MAX_LONG_TEXT),
});

const tracingNoteSchema = z.object({
  date: pastDateSchema,
  note: requiredText(MAX_LONG_TEXT),
  source: z.enum(TRACING_SOURCES).optional(),
});

const common = {
  nextActionDate: isoDateSchema.optional(),
  notes: optionalText(MAX_LONG_TEXT),
};

const residentSchema = z.object({
  recordType: z.literal('resident'),
  // identity
  name: requiredText(),
  nik: nikSchema.optional(),
  sex: sexSchema,
  dateOfBirth: birthDateSchema.optional(),
  age: ageSchema.optional(),
  phone: phoneSchema.optional(),
  address: regionRefSchema,
  // migration
  destinationType: z.enum(DESTINATION_TYPES),
  destinationCountry: z.enum(DESTINATION_COUNTRIES).optional(),
  destinationPlace: optionalText(),
  purpose: z.enum(MIGRATION_PURPOSES),
  jobSector: z.enum(JOB_SECTORS).optional(),
  employer: optionalText(),
  departureDate: isoDateSchema.optional(),
  // recruitment (vulnerability signals of Lampiran BAB II B.2.c)
  recruiterType: z.enum(RECRUITER_TYPES),
  socialMediaApp: z.enum(SOCIAL_MEDIA_APPS).optional(),
  recruiterName: optionalText(),
  recruiterCompany: optionalText(),
  procedure: z.enum(MIGRATION_PROCEDURES),
  placementFeeCharged: yesNoUnknownSchema.optional(),
  debtToSponsor: yesNoUnknownSchema.optional(),
  jobOrderSeen: yesNoUnknownSchema.optional(),
  registeredSiskop2mi: yesNoUnknownSchema.optional(),
  familyPermitKnownToVillage: yesNoUnknownSchema.optional(),
  stayedInShelter: yesNoUnknownSchema.optional(),
  route: optionalText(MAX_LONG_TEXT),
  // documents
  documents: checklistSchema(MIGRANT_DOCUMENTS, DOCUMENT_STATES),
  // readiness
  education: z.enum(EDUCATION_LEVELS).optional(),
  trainingExperience: optionalText(MAX_LONG_TEXT),
  languageSkills: optionalText(),
  familySupport: z.enum(FAMILY_SUPPORT),
  familyContactName: optionalText(),
  familyContactPhone: phoneSchema.optional(),
  // status over time
  statusHistory: z.array(statusEntrySchema).min(1).max(100),
  tracing: z.array(tracingNoteSchema).max(200).optional(),
  ...common,
});

const outsiderSchema = z.object({
  recordType: z.literal('outsider_observation'),
  observedOn: pastDateSchema,
  observedPlace: regionRefSchema,
  outsiderDescription: requiredText(MAX_LONG_TEXT),
  outsiderName: optionalText(),
  outsiderOrigin: optionalText(),
  vehicle: optionalText(),
  activities: multiSelectSchema(OUTSIDER_ACTIVITIES, 1),
  recruiterType: z.enum(RECRUITER_TYPES).optional(),
  residentsApproachedCount: countSchema.optional(),
  migrantIds: linksSchema.optional(),
  ...common,
});

export const migrantSchema = z
  .discriminatedUnion('recordType', [residentSchema, outsiderSchema])
  .superRefine(
    ...crossFieldRules((p, ctx) => {
      if (p.recordType !== 'resident') return;
      const today = latestToday();
      const birth = read.date(p, 'dateOfBirth');
      const age = read.number(p, 'age');
      if (p.dateOfBirth === undefined && p.age === undefined)
        ctx.issue(['dateOfBirth'], 'errors.dob_or_age_required');
      if (birth !== undefined && birth <= today && age !== undefined)
        if (Math.abs(ageOn(birth, today) - age) > 1) ctx.issue(['age'], 'errors.age_mismatch');
      if (p.destinationType === 'abroad' && p.destinationCountry === undefined)
        ctx.issue(['destinationCountry'], 'errors.country_required');
      if (birth === undefined) return;
      const departure = read.date(p, 'departureDate');
      if (departure !== undefined && departure < birth)
        ctx.issue(['departureDate'], 'errors.departure_before_birth');
      read.records(p, 'statusHistory').forEach((entry, index) => {
        const date = read.date(entry, 'date');
        if (date !== undefined && date < birth)
          ctx.issue(
            ['statusHistory', index, 'date'],
            entry?.status === 'departed'
              ? 'errors.departure_before_birth'
              : 'errors.date_before_birth',
          );
      });
      read.records(p, 'tracing').forEach((entry, index) => {
        const date = read.date(entry, 'date');
        if (date !== undefined && date < birth)
          ctx.issue(['tracing', index, 'date'], 'errors.date_before_birth');
      });
    }),
  );

export type MigrantPayload = z.infer<typeof migrantSchema>;
export type MigrantStatus = (typeof MIGRANT_STATUSES)[number];

/** The resident's current status: the latest entry of the timeline (later entries win ties). */
export function currentMigrantStatus(payload: MigrantPayload): MigrantStatus | undefined {
  if (payload.recordType !== 'resident') return undefined;
  let latest: { date: string; status: MigrantStatus } | undefined;
  for (const entry of payload.statusHistory)
    if (latest === undefined || entry.date >= latest.date) latest = entry;
  return latest?.status;
}

/** Whether the resident is a child (under 18) on `today`, from the date of birth or the age. */
export function migrantIsChild(payload: MigrantPayload, today: string = localToday()): boolean {
  if (payload.recordType !== 'resident') return false;
  return isChild(payload.dateOfBirth ?? payload.age, today);
}

const field = fieldsFor('migrant');
const statusItem = groupItemFieldsFor('migrant', 'statusHistory');
const tracingItem = groupItemFieldsFor('migrant', 'tracing');
const resident = when('recordType', 'resident');
const outsider = when('recordType', 'outsider_observation');
const ynu = { options: YES_NO_UNKNOWN, optionsKey: 'options.yes_no_unknown' } as const;

const allHeld = Object.fromEntries(
  MIGRANT_DOCUMENTS.map((doc) => [doc, { state: 'held' as const }]),
) as Record<(typeof MIGRANT_DOCUMENTS)[number], { state: 'held' }>;

const residentExample: MigrantPayload = {
  recordType: 'resident',
  name: 'Siti Rahmawati',
  sex: 'female',
  dateOfBirth: '2001-04-17',
  address: {
    provinceCode: '33',
    regencyCode: '33.01',
    districtCode: '33.01.01',
    villageName: 'Desa Contoh',
    detail: 'RT 02 / RW 05',
  },
  destinationType: 'abroad',
  destinationCountry: 'MY',
  destinationPlace: 'Johor Bahru',
  purpose: 'work',
  jobSector: 'domestic_work',
  departureDate: '2025-03-01',
  recruiterType: 'individual_sponsor',
  procedure: 'non_official',
  placementFeeCharged: 'yes',
  debtToSponsor: 'yes',
  jobOrderSeen: 'no',
  registeredSiskop2mi: 'no',
  familyPermitKnownToVillage: 'no',
  stayedInShelter: 'unknown',
  documents: {
    ...allHeld,
    visa_kerja: { state: 'not_held' },
    perjanjian_penempatan: { state: 'not_held' },
    perjanjian_kerja: { state: 'unknown' },
    surat_izin_keluarga: { state: 'not_held' },
    opp: { state: 'not_held' },
    id_pmi: { state: 'not_held' },
    bpjs_ketenagakerjaan: { state: 'not_held' },
    sertifikat_kompetensi: { state: 'not_held' },
    paspor: { state: 'suspected_false', note: 'Nama di paspor berbeda dengan KTP' },
  },
  education: 'smp',
  languageSkills: 'Bahasa Melayu dasar',
  familySupport: 'unaware',
  statusHistory: [
    { date: '2025-01-10', status: 'planning' },
    { date: '2025-03-01', status: 'departed' },
    { date: '2025-08-20', status: 'whereabouts_unknown', note: 'Tidak bisa dihubungi keluarga' },
  ],
  tracing: [
    { date: '2025-09-02', note: 'Kakak menerima pesan terakhir bulan Juli', source: 'family' },
  ],
  nextActionDate: '2025-10-01',
};

const observationExample: MigrantPayload = {
  recordType: 'outsider_observation',
  observedOn: '2025-06-14',
  observedPlace: { provinceCode: '33', villageName: 'Desa Contoh', detail: 'Balai dusun' },
  outsiderDescription: 'Dua orang dari luar desa menawarkan kerja di kapal dengan gaji tinggi',
  activities: ['recruiting', 'offering_jobs', 'paying_advances'],
  recruiterType: 'individual_sponsor',
  residentsApproachedCount: 6,
};

export const migrantDeclaration = defineKind({
  kind: 'migrant',
  schemaVersion: 1,
  schema: migrantSchema,
  sections: [
    'type',
    'identity',
    'migration',
    'recruitment',
    'documents',
    'readiness',
    'status',
    'observation',
    'follow_up',
  ],
  fields: [
    field('type', 'recordType', 'select', {
      options: MIGRANT_RECORD_TYPES,
      optionsKey: 'migrant.options.recordType',
      required: true,
      help: true,
    }),
    field('identity', 'name', 'text', { required: true, identifying: true, appliesWhen: resident }),
    field('identity', 'nik', 'text', {
      inputMode: 'numeric',
      identifying: true,
      help: true,
      appliesWhen: resident,
    }),
    field('identity', 'sex', 'select', {
      options: ['female', 'male'],
      optionsKey: 'options.sex',
      required: true,
      appliesWhen: resident,
    }),
    field('identity', 'dateOfBirth', 'date', {
      help: true,
      dateRange: 'birth',
      appliesWhen: resident,
    }),
    field('identity', 'age', 'number', { inputMode: 'numeric', appliesWhen: resident }),
    field('identity', 'phone', 'text', {
      inputMode: 'tel',
      identifying: true,
      appliesWhen: resident,
    }),
    field('identity', 'address', 'region', { required: true, appliesWhen: resident }),
    field('migration', 'destinationType', 'select', {
      options: DESTINATION_TYPES,
      optionsKey: 'migrant.options.destinationType',
      required: true,
      appliesWhen: resident,
    }),
    field('migration', 'destinationCountry', 'select', {
      options: DESTINATION_COUNTRIES,
      optionsKey: 'options.countries',
      required: true,
      appliesWhen: (p) => p.recordType === 'resident' && p.destinationType === 'abroad',
    }),
    field('migration', 'destinationPlace', 'text', { help: true, appliesWhen: resident }),
    field('migration', 'purpose', 'select', {
      options: MIGRATION_PURPOSES,
      optionsKey: 'options.purposes',
      required: true,
      appliesWhen: resident,
    }),
    field('migration', 'jobSector', 'select', {
      options: JOB_SECTORS,
      optionsKey: 'options.job_sectors',
      appliesWhen: (p) => p.recordType === 'resident' && p.purpose === 'work',
    }),
    field('migration', 'employer', 'text', {
      appliesWhen: (p) => p.recordType === 'resident' && p.purpose === 'work',
    }),
    field('migration', 'departureDate', 'date', { help: true, appliesWhen: resident }),
    field('recruitment', 'recruiterType', 'select', {
      options: RECRUITER_TYPES,
      optionsKey: 'options.recruiter_types',
      required: true,
      appliesWhen: resident,
    }),
    field('recruitment', 'socialMediaApp', 'select', {
      options: SOCIAL_MEDIA_APPS,
      optionsKey: 'options.social_media_apps',
      appliesWhen: (p) => p.recordType === 'resident' && p.recruiterType === 'social_media',
    }),
    field('recruitment', 'recruiterName', 'text', { identifying: true, appliesWhen: resident }),
    field('recruitment', 'recruiterCompany', 'text', { appliesWhen: resident }),
    field('recruitment', 'procedure', 'select', {
      options: MIGRATION_PROCEDURES,
      optionsKey: 'migrant.options.procedure',
      required: true,
      help: true,
      appliesWhen: resident,
    }),
    field('recruitment', 'placementFeeCharged', 'select', {
      ...ynu,
      help: true,
      appliesWhen: resident,
    }),
    field('recruitment', 'debtToSponsor', 'select', { ...ynu, appliesWhen: resident }),
    field('recruitment', 'jobOrderSeen', 'select', { ...ynu, appliesWhen: resident }),
    field('recruitment', 'registeredSiskop2mi', 'select', {
      ...ynu,
      help: true,
      appliesWhen: resident,
    }),
    field('recruitment', 'familyPermitKnownToVillage', 'select', { ...ynu, appliesWhen: resident }),
    field('recruitment', 'stayedInShelter', 'select', {
      ...ynu,
      help: true,
      appliesWhen: resident,
    }),
    field('recruitment', 'route', 'textarea', { appliesWhen: resident }),
    field('documents', 'documents', 'checklist', {
      options: MIGRANT_DOCUMENTS,
      optionsKey: 'options.documents',
      itemStates: DOCUMENT_STATES,
      itemStatesKey: 'options.document_states',
      required: true,
      help: true,
      appliesWhen: resident,
    }),
    field('readiness', 'education', 'select', {
      options: EDUCATION_LEVELS,
      optionsKey: 'options.education',
      appliesWhen: resident,
    }),
    field('readiness', 'trainingExperience', 'textarea', { appliesWhen: resident }),
    field('readiness', 'languageSkills', 'text', { appliesWhen: resident }),
    field('readiness', 'familySupport', 'select', {
      options: FAMILY_SUPPORT,
      optionsKey: 'migrant.options.familySupport',
      required: true,
      appliesWhen: resident,
    }),
    field('readiness', 'familyContactName', 'text', { identifying: true, appliesWhen: resident }),
    field('readiness', 'familyContactPhone', 'text', {
      inputMode: 'tel',
      identifying: true,
      appliesWhen: resident,
    }),
    field('status', 'statusHistory', 'group', {
      required: true,
      help: true,
      appliesWhen: resident,
      fields: [
        statusItem('date', 'date', { required: true, dateRange: 'past' }),
        statusItem('status', 'select', {
          options: MIGRANT_STATUSES,
          optionsKey: 'migrant.options.status',
          required: true,
        }),
        statusItem('note', 'textarea'),
      ],
    }),
    field('status', 'tracing', 'group', {
      help: true,
      appliesWhen: resident,
      fields: [
        tracingItem('date', 'date', { required: true, dateRange: 'past' }),
        tracingItem('note', 'textarea', { required: true }),
        tracingItem('source', 'select', {
          options: TRACING_SOURCES,
          optionsKey: 'migrant.options.tracingSource',
        }),
      ],
    }),
    field('observation', 'observedOn', 'date', {
      required: true,
      dateRange: 'past',
      appliesWhen: outsider,
    }),
    field('observation', 'observedPlace', 'region', { required: true, appliesWhen: outsider }),
    field('observation', 'outsiderDescription', 'textarea', {
      required: true,
      help: true,
      appliesWhen: outsider,
    }),
    field('observation', 'outsiderName', 'text', { identifying: true, appliesWhen: outsider }),
    field('observation', 'outsiderOrigin', 'text', { appliesWhen: outsider }),
    field('observation', 'vehicle', 'text', { appliesWhen: outsider }),
    field('observation', 'activities', 'multiselect', {
      options: OUTSIDER_ACTIVITIES,
      optionsKey: 'migrant.options.activities',
      required: true,
      appliesWhen: outsider,
    }),
    field('observation', 'recruiterType', 'select', {
      options: RECRUITER_TYPES,
      optionsKey: 'options.recruiter_types',
      appliesWhen: outsider,
    }),
    field('observation', 'residentsApproachedCount', 'number', {
      inputMode: 'numeric',
      appliesWhen: outsider,
    }),
    field('observation', 'migrantIds', 'recordLinks', {
      linkKinds: ['migrant'],
      appliesWhen: outsider,
    }),
    field('follow_up', 'nextActionDate', 'date', { help: true, dateRange: 'upcoming' }),
    field('follow_up', 'notes', 'textarea'),
  ],
  examples: [residentExample, observationExample],
  summaryParts: (p) =>
    p.recordType === 'resident'
      ? [
          { text: p.name, identifying: true },
          { text: p.address.villageName },
          p.destinationCountry !== undefined
            ? { optionsKey: 'options.countries', value: p.destinationCountry }
            : { text: p.destinationPlace },
          { optionsKey: 'migrant.options.status', value: currentMigrantStatus(p) },
        ]
      : [
          { text: p.outsiderDescription.slice(0, 60) },
          { text: p.observedPlace.villageName },
          { date: p.observedOn },
        ],
  searchText: (p) =>
    p.recordType === 'resident'
      ? joinParts(
          [
            p.name,
            p.address.villageName,
            p.address.districtName,
            p.destinationPlace,
            p.recruiterName,
          ],
          ' ',
        )
      : joinParts([p.outsiderDescription, p.outsiderName, p.observedPlace.villageName], ' '),
  nextActionDate: (p) => p.nextActionDate,
  exportColumns: [
    {
      key: 'record_type',
      value: (p) => String(p.recordType),
      optionsKey: 'migrant.options.recordType',
    },
    { key: 'name', value: (p) => (p.recordType === 'resident' ? p.name : null) },
    {
      key: 'sex',
      value: (p) => (p.recordType === 'resident' ? p.sex : null),
      optionsKey: 'options.sex',
    },
    {
      key: 'date_of_birth',
      value: (p) => (p.recordType === 'resident' ? (p.dateOfBirth ?? null) : null),
    },
    { key: 'age', value: (p) => (p.recordType === 'resident' ? (p.age ?? null) : null) },
    { key: 'is_child', value: (p) => (p.recordType === 'resident' ? migrantIsChild(p) : null) },
    {
      key: 'province_code',
      value: (p) =>
        p.recordType === 'resident' ? p.address.provinceCode : p.observedPlace.provinceCode,
    },
    {
      key: 'village_code',
      value: (p) =>
        (p.recordType === 'resident' ? p.address.villageCode : p.observedPlace.villageCode) ?? null,
    },
    {
      key: 'village_name',
      value: (p) =>
        p.recordType === 'resident' ? p.address.villageName : p.observedPlace.villageName,
    },
    {
      key: 'destination_type',
      value: (p) => (p.recordType === 'resident' ? p.destinationType : null),
      optionsKey: 'migrant.options.destinationType',
    },
    {
      key: 'destination_country',
      value: (p) => (p.recordType === 'resident' ? (p.destinationCountry ?? null) : null),
      optionsKey: 'options.countries',
    },
    {
      key: 'purpose',
      value: (p) => (p.recordType === 'resident' ? p.purpose : null),
      optionsKey: 'options.purposes',
    },
    {
      key: 'job_sector',
      value: (p) => (p.recordType === 'resident' ? (p.jobSector ?? null) : null),
      optionsKey: 'options.job_sectors',
    },
    {
      key: 'recruiter_type',
      value: (p) => p.recruiterType ?? null,
      optionsKey: 'options.recruiter_types',
    },
    {
      key: 'procedure',
      value: (p) => (p.recordType === 'resident' ? p.procedure : null),
      optionsKey: 'migrant.options.procedure',
    },
    {
      key: 'documents_missing_or_false',
      value: (p) =>
        p.recordType === 'resident'
          ? Object.entries(p.documents)
              .filter(([, item]) => item.state === 'not_held' || item.state === 'suspected_false')
              .map(([doc]) => doc)
              .join(';')
          : null,
      optionsKey: 'options.documents',
    },
    {
      key: 'current_status',
      value: (p) => currentMigrantStatus(p) ?? null,
      optionsKey: 'migrant.options.status',
    },
    {
      key: 'observed_on',
      value: (p) => (p.recordType === 'outsider_observation' ? p.observedOn : null),
    },
    {
      key: 'activities',
      value: (p) => (p.recordType === 'outsider_observation' ? p.activities.join(';') : null),
      optionsKey: 'migrant.options.activities',
    },
    { key: 'next_action_date', value: (p) => p.nextActionDate ?? null },
  ],
  requiresTraining: false,
});
