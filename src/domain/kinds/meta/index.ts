// The clear `meta` of every kind, declared once: a strict zod schema (each field's description
// says why it is safe in clear) and one function computing it from a payload. The phone computes
// meta before sealing, the server validates it with the same schema (unknown keys refused), and
// the console recomputes it after opening and flags a record whose meta disagrees.
import type { z } from 'zod';
import { isRecordKindName } from './kindName';
import type { RecordKind } from '../../recordKinds';
import { awarenessSessionMeta, awarenessSessionMetaSchema } from './awareness_session';
import { householdVisitMeta, householdVisitMetaSchema } from './household_visit';
import { migrantMeta, migrantMetaSchema } from './migrant';
import { psychosocialSupportMeta, psychosocialSupportMetaSchema } from './psychosocial_support';
import { referralMeta, referralMetaSchema } from './referral';
import { screeningMeta, screeningMetaSchema } from './screening';

export interface MetaDeclaration {
  schema: z.ZodType<Record<string, unknown>>;
  compute: (payload: Record<string, unknown>) => Record<string, unknown>;
}

export const META_DECLARATIONS: Record<RecordKind, MetaDeclaration> = {
  migrant: { schema: migrantMetaSchema, compute: migrantMeta },
  household_visit: { schema: householdVisitMetaSchema, compute: householdVisitMeta },
  screening: { schema: screeningMetaSchema, compute: screeningMeta },
  psychosocial_support: { schema: psychosocialSupportMetaSchema, compute: psychosocialSupportMeta },
  referral: { schema: referralMetaSchema, compute: referralMeta },
  awareness_session: { schema: awarenessSessionMetaSchema, compute: awarenessSessionMeta },
};

/**
 * Meta of a payload of `kind`. Reads defensively (a payload that did not pass its schema still
 * yields meta of what it has) and never throws; unknown kind: undefined.
 */
export function computeMeta(kind: string, payload: unknown): Record<string, unknown> | undefined {
  if (!isRecordKindName(kind)) return undefined;
  const record =
    payload !== null && typeof payload === 'object' && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : {};
  return META_DECLARATIONS[kind].compute(record);
}

export type MetaValidation =
  | { ok: true; meta: Record<string, unknown> }
  | { ok: false; issues: { path: string; message: string }[] };

/**
 * Checks meta sent in clear against the kind's schema. A tombstone may carry empty meta. Unknown
 * kinds are the caller's to reject (unknown_kind).
 */
export function validateMeta(kind: RecordKind, meta: unknown, deleted: boolean): MetaValidation {
  if (
    deleted &&
    meta !== null &&
    typeof meta === 'object' &&
    !Array.isArray(meta) &&
    Object.keys(meta).length === 0
  )
    return { ok: true, meta: {} };
  const result = META_DECLARATIONS[kind].schema.safeParse(meta);
  if (result.success) return { ok: true, meta: result.data };
  return {
    ok: false,
    issues: result.error.issues.slice(0, 20).map((issue) => ({
      path: issue.path.map(String).join('.'),
      message: issue.message,
    })),
  };
}

export { isoWeekOf, monthOf } from './common';
export type { MigrantMeta } from './migrant';
export type { HouseholdVisitMeta } from './household_visit';
export type { ScreeningMeta } from './screening';
export type { PsychosocialSupportMeta } from './psychosocial_support';
export type { ReferralMeta } from './referral';
export type { AwarenessSessionMeta } from './awareness_session';
