// Clear meta of `household_visit` (Lampiran BAB II B.1.f.1): where and when visits happened and
// which warning signs were seen. No household name, hamlet, RT/RW or note.
import { z } from 'zod';
import { VISIT_FOLLOW_UPS, VISIT_WARNING_SIGNS } from '../household_visit';
import {
  codeListSchema,
  codesOf,
  countOf,
  defined,
  metaCountSchema,
  periodMeta,
  periodMetaShape,
  regionMeta,
  regionMetaShape,
} from './common';

export const householdVisitMetaSchema = z
  .object({
    ...regionMetaShape,
    ...periodMetaShape,
    warningSigns: codeListSchema(VISIT_WARNING_SIGNS)
      .optional()
      .describe('Warning signs seen, as codes: visits with warning signs, by sign.'),
    membersPlanningToMigrate: metaCountSchema
      .optional()
      .describe('How many household members plan to migrate: a count.'),
    followUpActions: codeListSchema(VISIT_FOLLOW_UPS)
      .optional()
      .describe('Agreed follow-up, as codes (revisit, start screening…).'),
  })
  .strict();

export type HouseholdVisitMeta = z.infer<typeof householdVisitMetaSchema>;

export function householdVisitMeta(payload: Record<string, unknown>): HouseholdVisitMeta {
  return defined({
    ...regionMeta(payload.address),
    ...periodMeta(payload.visitDate),
    warningSigns: codesOf(VISIT_WARNING_SIGNS, payload.warningSigns),
    membersPlanningToMigrate: countOf(payload.membersPlanningToMigrate),
    followUpActions: codesOf(VISIT_FOLLOW_UPS, payload.followUpActions),
  });
}
