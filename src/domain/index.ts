// The registry of record kinds and the validation entry points used by the app (forms, finish)
// and the server (push). Everything here is pure: zod and src/domain only.
import { z } from 'zod';
import { compactPayload } from './common';
import { RECORD_KINDS, type RecordKind } from './envelope';
import type { FieldMeta, RecordKindDeclaration } from './recordKind';
import { toValidationIssues, type ValidationIssue } from './validation';
import { awarenessSessionDeclaration } from './kinds/awareness_session';
import { householdVisitDeclaration } from './kinds/household_visit';
import { migrantDeclaration } from './kinds/migrant';
import { psychosocialSupportDeclaration } from './kinds/psychosocial_support';
import { referralDeclaration } from './kinds/referral';
import { screeningDeclaration } from './kinds/screening';

export type { ValidationIssue } from './validation';
export { ERROR_KEYS, toValidationIssue, toValidationIssues, isErrorKey } from './validation';
export { compactPayload, getPath, isChild, ageOn, latestToday, localToday } from './common';
export { RECORD_KINDS, type RecordKind } from './envelope';
export { adoptRepeatedFacts, askedOptions, followAskedFacts } from './sameFacts';
export type { FieldMeta, FieldInput, ExportColumn, RecordKindDeclaration } from './recordKind';
export {
  VOLUNTEER_ROLES,
  volunteerProfileSchema,
  type VolunteerProfile,
  mayHandleVictims,
} from './profile';

export const RECORD_KIND_DECLARATIONS: Record<RecordKind, RecordKindDeclaration> = {
  migrant: migrantDeclaration,
  household_visit: householdVisitDeclaration,
  screening: screeningDeclaration,
  psychosocial_support: psychosocialSupportDeclaration,
  referral: referralDeclaration,
  awareness_session: awarenessSessionDeclaration,
};

export function isRecordKind(kind: unknown): kind is RecordKind {
  return typeof kind === 'string' && (RECORD_KINDS as readonly string[]).includes(kind);
}

export function getDeclaration(kind: string): RecordKindDeclaration | undefined {
  return isRecordKind(kind) ? RECORD_KIND_DECLARATIONS[kind] : undefined;
}

export type RecordValidationResult =
  | { ok: true; payload: Record<string, unknown> }
  | { ok: false; code: 'unknown_kind' | 'invalid'; issues: ValidationIssue[] };

/**
 * Validate a payload against kind@schemaVersion. Empty values ('' / null, see compactPayload)
 * count as absent; unknown keys are dropped from the returned payload. Never throws.
 */
export function validateRecordPayload(
  kind: string,
  schemaVersion: number,
  payload: unknown,
): RecordValidationResult {
  const declaration = getDeclaration(kind);
  if (!declaration)
    return { ok: false, code: 'unknown_kind', issues: [{ path: '', key: 'errors.unknown_kind' }] };
  if (schemaVersion !== declaration.schemaVersion)
    return {
      ok: false,
      code: 'invalid',
      issues: [
        {
          path: '',
          key: 'errors.schema_version',
          params: { expected: declaration.schemaVersion, received: String(schemaVersion) },
        },
      ],
    };
  const compacted = compactPayload(payload);
  if (compacted === null || typeof compacted !== 'object' || Array.isArray(compacted))
    return { ok: false, code: 'invalid', issues: [{ path: '', key: 'errors.invalid_type' }] };
  let result: ReturnType<z.ZodType['safeParse']>;
  try {
    result = declaration.schema.safeParse(compacted, { reportInput: true });
  } catch {
    // A refinement met a value shape zod let through; treat as invalid rather than crash a push.
    return { ok: false, code: 'invalid', issues: [{ path: '', key: 'errors.invalid' }] };
  }
  if (result.success) return { ok: true, payload: result.data as Record<string, unknown> };
  return { ok: false, code: 'invalid', issues: toValidationIssues(result.error) };
}

/** Issues that stop a draft from being finished (empty: it can be finished). */
export function validateForFinish(kind: string, payload: unknown): ValidationIssue[] {
  const declaration = getDeclaration(kind);
  if (!declaration) return [{ path: '', key: 'errors.unknown_kind' }];
  const result = validateRecordPayload(kind, declaration.schemaVersion, payload);
  return result.ok ? [] : result.issues;
}

/** The field whose name is the longest prefix of a dotted issue path. */
export function fieldForPath(kind: string, path: string): FieldMeta | undefined {
  const declaration = getDeclaration(kind);
  if (!declaration) return undefined;
  let best: FieldMeta | undefined;
  for (const field of declaration.fields) {
    if (path === field.name || path.startsWith(`${field.name}.`)) {
      if (!best || field.name.length > best.name.length) best = field;
    }
  }
  return best;
}

/**
 * Issues grouped by form section, in section order. An issue whose path matches no field (a
 * whole-record rule) goes to the section of the first field of the issue's first path segment, or
 * to the first section.
 */
export function issuesBySection(
  kind: string,
  issues: readonly ValidationIssue[],
): Record<string, ValidationIssue[]> {
  const declaration = getDeclaration(kind);
  const out: Record<string, ValidationIssue[]> = {};
  if (!declaration) return out;
  const fallback = declaration.sections[0] ?? '';
  for (const issue of issues) {
    const section = fieldForPath(kind, issue.path)?.section ?? fallback;
    (out[section] ??= []).push(issue);
  }
  return out;
}

/** Fields that apply to the current draft (appliesWhen), in declaration order. */
export function applicableFields(kind: string, payload: Record<string, unknown>): FieldMeta[] {
  const declaration = getDeclaration(kind);
  if (!declaration) return [];
  return declaration.fields.filter((field) => !field.appliesWhen || field.appliesWhen(payload));
}

/** Sections that have at least one applicable field for this draft. */
export function applicableSections(kind: string, payload: Record<string, unknown>): string[] {
  const fields = applicableFields(kind, payload);
  const declaration = getDeclaration(kind);
  if (!declaration) return [];
  return declaration.sections.filter((section) => fields.some((f) => f.section === section));
}

/** Next follow-up date of a record (YYYY-MM-DD), if the kind and payload have one. */
export function nextActionDateOf(kind: string, payload: unknown): string | undefined {
  const declaration = getDeclaration(kind);
  if (!declaration?.nextActionDate) return undefined;
  try {
    const value = declaration.nextActionDate(payload);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** JSON Schema of every kind's payload with its examples (served on GET /api/v1/schemas). */
export function kindJsonSchemas(): Record<
  RecordKind,
  { schemaVersion: number; jsonSchema: object }
> {
  const out = {} as Record<RecordKind, { schemaVersion: number; jsonSchema: object }>;
  for (const kind of RECORD_KINDS) {
    const declaration = RECORD_KIND_DECLARATIONS[kind];
    const jsonSchema = z.toJSONSchema(declaration.schema, {
      io: 'input',
      unrepresentable: 'any',
    }) as Record<string, unknown>;
    out[kind] = {
      schemaVersion: declaration.schemaVersion,
      jsonSchema: {
        ...jsonSchema,
        title: kind,
        examples: declaration.examples.map((example) => structuredClone(example)),
      },
    };
  }
  return out;
}

export {
  assessRisk,
  RISK_LEVELS,
  type RiskLevel,
  type RiskAssessment,
  type TriageInput,
} from './triage';
export {
  NATIONAL_CONTACTS,
  LOCAL_CONTACT_CATEGORIES,
  localContactSchema,
  telLink,
  whatsAppLink,
  normaliseIndonesianNumber,
  type LocalContact,
  type NationalContact,
} from './contacts';
export {
  REGION_DATA_ATTRIBUTION,
  searchRegions,
  regionPath,
  regionRefFromMatch,
  regionChunkPath,
  PROVINCE_INDEX_PATH,
  type RegionChunk,
  type ProvinceIndex,
  type RegionMatch,
} from './regions';
export { visitHasWarningSigns } from './kinds/household_visit';
export { householdVisitDraftFromSession, participantTotals } from './kinds/awareness_session';
export { currentMigrantStatus, migrantIsChild } from './kinds/migrant';
export { currentReferralStatus } from './kinds/referral';
export { pressingNeeds } from './kinds/psychosocial_support';
