// Clear meta of `migrant`: what the vulnerability map counts about residents migrating and
// outsiders recruiting (Lampiran BAB II B.1.f.2, B.2). No name, NIK, birth date, phone, employer,
// recruiter name, route or note: only codes, coarse dates and counts.
import { z } from 'zod';
import { isChild } from '../../common';
import { read } from '../../define';
import {
  DESTINATION_COUNTRIES,
  JOB_SECTORS,
  MIGRANT_DOCUMENTS,
  MIGRATION_PURPOSES,
  RECRUITER_TYPES,
} from '../../reference';
import {
  DESTINATION_TYPES,
  MIGRANT_RECORD_TYPES,
  MIGRANT_STATUSES,
  MIGRATION_PROCEDURES,
  OUTSIDER_ACTIVITIES,
} from '../migrant';
import {
  codeListSchema,
  codeOf,
  codesOf,
  countOf,
  defined,
  metaCountSchema,
  periodMeta,
  periodMetaShape,
  regionMeta,
  regionMetaShape,
} from './common';

export const migrantMetaSchema = z
  .object({
    recordType: z
      .enum(MIGRANT_RECORD_TYPES)
      .describe('Resident or outsider observation: which indicator the record counts toward.'),
    ...regionMetaShape,
    ...periodMetaShape,
    status: z
      .enum(MIGRANT_STATUSES)
      .optional()
      .describe('Current migration status (planning, departed, …): a category shared by many.'),
    destinationType: z
      .enum(DESTINATION_TYPES)
      .optional()
      .describe('Domestic or abroad: a category.'),
    destinationCountry: z
      .enum(DESTINATION_COUNTRIES)
      .optional()
      .describe('Destination country code: migration by destination (no city, no employer).'),
    purpose: z.enum(MIGRATION_PURPOSES).optional().describe('Purpose category (work, study…).'),
    jobSector: z.enum(JOB_SECTORS).optional().describe('Sector category: migration by sector.'),
    procedure: z
      .enum(MIGRATION_PROCEDURES)
      .optional()
      .describe('Official or not: the key vulnerability indicator; a category.'),
    recruiterType: z
      .enum(RECRUITER_TYPES)
      .optional()
      .describe('Kind of recruiter (agency, sponsor…), never who.'),
    child: z
      .boolean()
      .optional()
      .describe('Under 18 at the event: child migrants are triaged first; no age or birth date.'),
    documentsMissing: codeListSchema(MIGRANT_DOCUMENTS)
      .optional()
      .describe('Which required documents are not held: codes only, no numbers or notes.'),
    documentsSuspectedFalse: codeListSchema(MIGRANT_DOCUMENTS)
      .optional()
      .describe('Which documents are suspected false: codes only.'),
    activities: codeListSchema(OUTSIDER_ACTIVITIES)
      .optional()
      .describe('What outsiders were seen doing (recruiting, transporting…): codes.'),
    residentsApproached: metaCountSchema
      .optional()
      .describe('How many residents outsiders approached: a count.'),
  })
  .strict();

export type MigrantMeta = z.infer<typeof migrantMetaSchema>;

export function migrantMeta(payload: Record<string, unknown>): MigrantMeta {
  const recordType = codeOf(MIGRANT_RECORD_TYPES, payload.recordType) ?? 'resident';
  if (recordType === 'outsider_observation') {
    return defined({
      recordType,
      ...regionMeta(payload.observedPlace),
      ...periodMeta(payload.observedOn),
      recruiterType: codeOf(RECRUITER_TYPES, payload.recruiterType),
      activities: codesOf(OUTSIDER_ACTIVITIES, payload.activities),
      residentsApproached: countOf(payload.residentsApproachedCount),
    });
  }
  const history = read.records(payload, 'statusHistory');
  // The latest entry wins; later entries win ties (as currentMigrantStatus).
  let latest: { date: string; status: string } | undefined;
  let first: string | undefined;
  for (const entry of history) {
    const date = read.date(entry, 'date');
    const status = read.string(entry, 'status');
    if (date === undefined || status === undefined) continue;
    if (first === undefined || date < first) first = date;
    if (latest === undefined || date >= latest.date) latest = { date, status };
  }
  const eventDate = read.date(payload, 'departureDate') ?? first;
  const birth = read.date(payload, 'dateOfBirth');
  const age = read.number(payload, 'age');
  const documents = read.record(payload.documents);
  const withState = (state: string) =>
    codesOf(
      MIGRANT_DOCUMENTS,
      MIGRANT_DOCUMENTS.filter(
        (doc) => read.string(read.record(documents?.[doc]), 'state') === state,
      ),
    );
  return defined({
    recordType,
    ...regionMeta(payload.address),
    ...periodMeta(eventDate),
    status: codeOf(MIGRANT_STATUSES, latest?.status),
    destinationType: codeOf(DESTINATION_TYPES, payload.destinationType),
    destinationCountry: codeOf(DESTINATION_COUNTRIES, payload.destinationCountry),
    purpose: codeOf(MIGRATION_PURPOSES, payload.purpose),
    jobSector: codeOf(JOB_SECTORS, payload.jobSector),
    procedure: codeOf(MIGRATION_PROCEDURES, payload.procedure),
    recruiterType: codeOf(RECRUITER_TYPES, payload.recruiterType),
    // Child at the event, so the flag does not change as time passes (meta is recomputed later).
    child:
      eventDate !== undefined && (birth !== undefined || age !== undefined)
        ? isChild(birth ?? age, eventDate)
        : undefined,
    documentsMissing: withState('not_held'),
    documentsSuspectedFalse: withState('suspected_false'),
  });
}
