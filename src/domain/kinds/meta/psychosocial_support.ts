// Clear meta of `psychosocial_support` (Lampiran BAB II C): that support was given, when, to a
// child or not, and which needs are pressing. No initials, distress signs or notes.
import { z } from 'zod';
import { read } from '../../define';
import { NEEDS, SUPPORT_TIMING } from '../psychosocial_support';
import { CONSENT_ANSWERS } from '../screening';
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

export const psychosocialSupportMetaSchema = z
  .object({
    // The optional `area` of the payload: the desa the map counts it in (small cells suppressed).
    ...regionMetaShape,
    ...periodMetaShape,
    timing: z.enum(SUPPORT_TIMING).optional().describe('Immediate or later support: a category.'),
    consent: z
      .enum(CONSENT_ANSWERS)
      .optional()
      .describe('Whether the person agreed: counts support given vs refused.'),
    child: z.boolean().optional().describe('Child (under 18): a flag; no age.'),
    pressingNeeds: codeListSchema(NEEDS)
      .optional()
      .describe('Needs marked soon or urgent, as codes: what services to line up.'),
  })
  .strict();

export type PsychosocialSupportMeta = z.infer<typeof psychosocialSupportMetaSchema>;

export function psychosocialSupportMeta(payload: Record<string, unknown>): PsychosocialSupportMeta {
  const needs = read.record(payload.needs);
  const pressing = NEEDS.filter((need) =>
    ['soon', 'urgent'].includes(read.string(read.record(needs?.[need]), 'state') ?? ''),
  );
  const ageGroup = read.string(payload, 'subjectAgeGroup');
  return defined({
    ...regionMeta(payload.area),
    ...periodMeta(payload.supportDate),
    timing: codeOf(SUPPORT_TIMING, payload.timing),
    consent: codeOf(CONSENT_ANSWERS, payload.consent),
    child: ageGroup === 'child' ? true : ageGroup === 'adult' ? false : undefined,
    pressingNeeds: codesOf(NEEDS, pressing),
  });
}
