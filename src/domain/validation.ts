// Validation results the app and the server both understand: a dotted path and an i18n key in the
// `records` namespace (`errors.*`). zod's own messages never reach people; every zod issue is
// mapped to one of ERROR_KEYS here, and custom refinements carry their key as the issue message.
import type { z } from 'zod';

export interface ValidationIssue {
  /** Dotted path inside the payload, e.g. `documents.passport` or `tracing.0.date`. */
  path: string;
  /** i18n key in the `records` namespace, e.g. `errors.required`. */
  key: string;
  params?: Record<string, string | number>;
}

/** Every error key the domain can produce; each exists in both locales (tested). */
export const ERROR_KEYS = [
  'errors.required',
  'errors.invalid',
  'errors.invalid_type',
  'errors.invalid_option',
  'errors.invalid_date',
  'errors.invalid_format',
  'errors.invalid_uuid',
  'errors.not_integer',
  'errors.negative',
  'errors.too_small',
  'errors.too_big',
  'errors.too_short',
  'errors.too_long',
  'errors.too_many',
  'errors.nik_digits',
  'errors.phone',
  'errors.region_code',
  'errors.date_in_future',
  'errors.birth_in_future',
  'errors.departure_before_birth',
  'errors.date_before_birth',
  'errors.dob_or_age_required',
  'errors.age_mismatch',
  'errors.trained_on_required',
  'errors.totals_mismatch',
  'errors.schema_version',
  'errors.unknown_kind',
  'errors.country_required',
  'errors.duplicate',
  'errors.declined_without_identity',
  'errors.principles_required',
  'errors.before_visit',
  'errors.before_referral',
  'errors.confidential_identity',
  'errors.child_age_group',
  'errors.text_control',
  'errors.text_bidi',
  'errors.text_invisible',
  'errors.date_out_of_range',
  'errors.warning_signs_need_follow_up',
] as const;

export type ErrorKey = (typeof ERROR_KEYS)[number];

const ERROR_KEY_SET: ReadonlySet<string> = new Set(ERROR_KEYS);

export function isErrorKey(value: unknown): value is ErrorKey {
  return typeof value === 'string' && ERROR_KEY_SET.has(value);
}

/** Dotted form of a zod path (symbols, which never occur in JSON, are stringified). */
export function pathToString(path: readonly PropertyKey[]): string {
  return path.map((part) => String(part)).join('.');
}

type ZodIssue = z.core.$ZodIssue;

function inputWasMissing(issue: ZodIssue): boolean {
  // `input` is present only when parsed with `reportInput: true` (validateRecordPayload does);
  // otherwise fall back to zod's default English message for a missing value.
  if ('input' in issue) return issue.input === undefined || issue.input === null;
  return /received (undefined|null)/.test(issue.message);
}

function bound(value: number | bigint): number {
  return typeof value === 'bigint' ? Number(value) : value;
}

/** String and number values of a custom issue's params (what the message may interpolate). */
function interpolationParams(
  params: Record<string, unknown> | undefined,
): Record<string, string | number> | undefined {
  if (!params) return undefined;
  const out: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params))
    if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)))
      out[name] = value;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Map one zod issue to an i18n key with parameters. */
export function toValidationIssue(issue: ZodIssue): ValidationIssue {
  const path = pathToString(issue.path);
  if (isErrorKey(issue.message)) {
    const params = issue.code === 'custom' ? interpolationParams(issue.params) : undefined;
    return params ? { path, key: issue.message, params } : { path, key: issue.message };
  }
  switch (issue.code) {
    case 'invalid_type':
      if (inputWasMissing(issue)) return { path, key: 'errors.required' };
      if (issue.expected === 'int') return { path, key: 'errors.not_integer' };
      return { path, key: 'errors.invalid_type' };
    case 'too_small': {
      const min = bound(issue.minimum);
      if (issue.origin === 'string')
        return min <= 1
          ? { path, key: 'errors.required' }
          : { path, key: 'errors.too_short', params: { min } };
      if (issue.origin === 'array' || issue.origin === 'set')
        return min <= 1
          ? { path, key: 'errors.required' }
          : { path, key: 'errors.too_small', params: { min } };
      if (min === 0 && (issue.origin === 'number' || issue.origin === 'int'))
        return { path, key: 'errors.negative' };
      return { path, key: 'errors.too_small', params: { min } };
    }
    case 'too_big': {
      const max = bound(issue.maximum);
      if (issue.origin === 'string') return { path, key: 'errors.too_long', params: { max } };
      if (issue.origin === 'array' || issue.origin === 'set')
        return { path, key: 'errors.too_many', params: { max } };
      return { path, key: 'errors.too_big', params: { max } };
    }
    case 'invalid_value':
      if (inputWasMissing(issue)) return { path, key: 'errors.required' };
      return { path, key: 'errors.invalid_option' };
    case 'invalid_format':
      if (issue.format === 'date') return { path, key: 'errors.invalid_date' };
      if (issue.format === 'uuid' || issue.format === 'guid')
        return { path, key: 'errors.invalid_uuid' };
      return { path, key: 'errors.invalid_format' };
    case 'not_multiple_of':
      return { path, key: 'errors.not_integer' };
    case 'invalid_union':
      if ('discriminator' in issue && typeof issue.discriminator === 'string') {
        // A discriminated union reports the whole object as input; look at the discriminator.
        const input = issue.input;
        const value =
          input !== null && typeof input === 'object'
            ? (input as Record<string, unknown>)[issue.discriminator]
            : undefined;
        return { path, key: value === undefined ? 'errors.required' : 'errors.invalid_option' };
      }
      if (inputWasMissing(issue)) return { path, key: 'errors.required' };
      return { path, key: 'errors.invalid' };
    default:
      return { path, key: 'errors.invalid' };
  }
}

/** All issues of a zod error as i18n keys; duplicates (same path and key) are dropped. */
export function toValidationIssues(error: { issues: readonly ZodIssue[] }): ValidationIssue[] {
  const seen = new Set<string>();
  const out: ValidationIssue[] = [];
  for (const issue of error.issues) {
    const mapped = toValidationIssue(issue);
    const id = `${mapped.path}\u0000${mapped.key}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(mapped);
  }
  return out;
}
