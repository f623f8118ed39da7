// Clear meta of `screening` (Lampiran BAB II B.2.c): what the triage queue orders by (risk,
// child, immediate danger) and the map counts (modus). No initials, age, place description or
// situation text. The risk level is recomputed from the answers, never typed in.
import { z } from 'zod';
import { MODUS, REFERRAL_TARGETS } from '../../reference';
import { assessRisk, RISK_LEVELS } from '../../triage';
import { SCREENING_PLACES } from '../screening';
import {
  codeListSchema,
  codeOf,
  codesOf,
  defined,
  periodMeta,
  periodMetaShape,
  regionMeta,
  regionMetaShape,
} from './common';

export const screeningMetaSchema = z
  .object({
    // The optional `area` of the payload: the desa the map counts it in (small cells suppressed).
    ...regionMetaShape,
    ...periodMetaShape,
    riskLevel: z
      .enum(RISK_LEVELS)
      .describe('rendah/sedang/tinggi: orders the coordinator’s queue; a category.'),
    child: z.boolean().describe('Child (under 18): child victims are reached first; no age.'),
    immediateDanger: z
      .boolean()
      .describe('In immediate danger: the 12-hour outreach clock starts; a flag.'),
    placeMet: z
      .enum(SCREENING_PLACES)
      .optional()
      .describe('Origin, transit, destination or after return: a category.'),
    modus: codeListSchema(MODUS).optional().describe('Modus operandi codes: screenings by modus.'),
    reportedTo: codeListSchema(REFERRAL_TARGETS)
      .optional()
      .describe('Which services it was reported to, as codes.'),
  })
  .strict();

export type ScreeningMeta = z.infer<typeof screeningMetaSchema>;

export function screeningMeta(payload: Record<string, unknown>): ScreeningMeta {
  const risk = assessRisk(payload);
  return defined({
    ...regionMeta(payload.area),
    ...periodMeta(payload.screenedOn),
    riskLevel: risk.level,
    child: risk.isChild,
    immediateDanger: payload.immediateDanger === true,
    placeMet: codeOf(SCREENING_PLACES, payload.placeMet),
    modus: codesOf(MODUS, payload.modus),
    reportedTo: codesOf(REFERRAL_TARGETS, payload.reportedTo),
  });
}
