// Clear meta of `awareness_session` (Lampiran BAB II B.1.d, B.1.f.4): sessions and participants
// by sex and age group, per area. No venue, partner names, household names or notes.
import { z } from 'zod';
import { read } from '../../define';
import { VOLUNTEER_ROLES } from '../../profile';
import { SESSION_AUDIENCES, SESSION_FORMATS, SESSION_TOPICS } from '../awareness_session';
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

const PARTICIPANT_KEYS = ['femaleAdult', 'maleAdult', 'femaleChild', 'maleChild'] as const;

export const awarenessSessionMetaSchema = z
  .object({
    ...regionMetaShape,
    ...periodMetaShape,
    format: z.enum(SESSION_FORMATS).optional().describe('Posyandu, village meeting…: a category.'),
    facilitatorRole: z
      .enum(VOLUNTEER_ROLES)
      .optional()
      .describe('Role of the facilitator (kader, PKK…), never who.'),
    audiences: codeListSchema(SESSION_AUDIENCES).optional().describe('Audience groups, as codes.'),
    topics: codeListSchema(SESSION_TOPICS).optional().describe('Topics covered, as codes.'),
    participantsFemaleAdult: metaCountSchema
      .optional()
      .describe('Women reached: a sum over the session.'),
    participantsMaleAdult: metaCountSchema.optional().describe('Men reached: a sum.'),
    participantsFemaleChild: metaCountSchema.optional().describe('Girls reached: a sum.'),
    participantsMaleChild: metaCountSchema.optional().describe('Boys reached: a sum.'),
    participantsTotal: metaCountSchema.optional().describe('Everyone reached: a sum.'),
  })
  .strict();

export type AwarenessSessionMeta = z.infer<typeof awarenessSessionMetaSchema>;

export function awarenessSessionMeta(payload: Record<string, unknown>): AwarenessSessionMeta {
  const totals = { femaleAdult: 0, maleAdult: 0, femaleChild: 0, maleChild: 0 };
  let counted = false;
  for (const group of read.records(payload, 'participantGroups'))
    for (const key of PARTICIPANT_KEYS) {
      const count = countOf(group?.[key]);
      if (count === undefined) continue;
      totals[key] += count;
      counted = true;
    }
  const sum = totals.femaleAdult + totals.maleAdult + totals.femaleChild + totals.maleChild;
  const cap = (value: number) => countOf(value);
  return defined({
    ...regionMeta(payload.place),
    ...periodMeta(payload.sessionDate),
    format: codeOf(SESSION_FORMATS, payload.format),
    facilitatorRole: codeOf(VOLUNTEER_ROLES, payload.facilitatorRole),
    audiences: codesOf(SESSION_AUDIENCES, payload.audiences),
    topics: codesOf(SESSION_TOPICS, payload.topics),
    ...(counted
      ? {
          participantsFemaleAdult: cap(totals.femaleAdult),
          participantsMaleAdult: cap(totals.maleAdult),
          participantsFemaleChild: cap(totals.femaleChild),
          participantsMaleChild: cap(totals.maleChild),
          participantsTotal: cap(sum),
        }
      : {}),
  });
}
