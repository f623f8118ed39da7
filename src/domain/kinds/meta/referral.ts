// Clear meta of `referral` (Pasal 7, Lampiran BAB II C.2, E): referrals by target, urgency and
// status. No reason text, reporter, officer name, case reference or notes.
import { z } from 'zod';
import { read } from '../../define';
import { REFERRAL_TARGETS, REPORT_CHANNELS, VICTIM_SERVICES } from '../../reference';
import { REFERRAL_STATUSES, REFERRAL_URGENCY, SUBJECT_AGE_GROUPS } from '../referral';
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

export const referralMetaSchema = z
  .object({
    // The optional `area` of the payload: the desa the map counts it in (small cells suppressed).
    ...regionMetaShape,
    ...periodMetaShape,
    urgency: z
      .enum(REFERRAL_URGENCY)
      .optional()
      .describe('Emergency/urgent/normal: orders the queue; a category.'),
    ageGroup: z
      .enum(SUBJECT_AGE_GROUPS)
      .optional()
      .describe('Child, adult or unknown: a category; no age.'),
    child: z.boolean().optional().describe('Child (under 18): child referrals go first.'),
    targets: codeListSchema(REFERRAL_TARGETS)
      .optional()
      .describe('Services referred to, as codes: referrals by target.'),
    channel: z.enum(REPORT_CHANNELS).optional().describe('How it was reported: a category.'),
    status: z
      .enum(REFERRAL_STATUSES)
      .optional()
      .describe('Latest referral status (received, closed…): outcome indicator.'),
    servicesNeeded: codeListSchema(VICTIM_SERVICES)
      .optional()
      .describe('Service categories needed, as codes.'),
  })
  .strict();

export type ReferralMeta = z.infer<typeof referralMetaSchema>;

export function referralMeta(payload: Record<string, unknown>): ReferralMeta {
  let latest: { date: string; status: string } | undefined;
  for (const entry of read.records(payload, 'statusUpdates')) {
    const date = read.date(entry, 'date');
    const status = read.string(entry, 'status');
    if (date !== undefined && status !== undefined && (latest === undefined || date >= latest.date))
      latest = { date, status };
  }
  const ageGroup = codeOf(SUBJECT_AGE_GROUPS, payload.subjectAgeGroup);
  return defined({
    ...regionMeta(payload.area),
    ...periodMeta(payload.referredOn),
    urgency: codeOf(REFERRAL_URGENCY, payload.urgency),
    ageGroup,
    child: ageGroup === 'child' ? true : ageGroup === 'adult' ? false : undefined,
    targets: codesOf(REFERRAL_TARGETS, payload.targets),
    channel: codeOf(REPORT_CHANNELS, payload.channel),
    status: codeOf(REFERRAL_STATUSES, latest?.status),
    servicesNeeded: codesOf(VICTIM_SERVICES, payload.servicesNeeded),
  });
}
