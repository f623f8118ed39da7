// Building blocks shared by the record kinds: dates, identity fields, region references,
// checklists. Dates are 'YYYY-MM-DD' strings; comparisons are plain string comparisons.
import { z } from 'zod';
import { isPlausibleDate, TEXT_ERROR_KEYS, textProblem } from './text';

/** Age below which a person is a child (UU 21/2007 Pasal 1 angka 5). */
export const CHILD_AGE_LIMIT = 18;

export const MAX_SHORT_TEXT = 200;
export const MAX_LONG_TEXT = 4000;
export const MAX_LINKS = 50;
export const MAX_COUNT = 100_000;

/** The latest calendar date anywhere (UTC+14), so "not in the future" never rejects a phone's
 * today in WIT when the server runs in UTC. */
export function latestToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 14 * 3600_000).toISOString().slice(0, 10);
}

/** Today's date in the device's own time zone. */
export function localToday(now: Date = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** A calendar date within 1900–2100 (src/domain/text.ts): year 0000 or 9999 is a typo. */
export const isoDateSchema = z.iso
  .date()
  .refine(isPlausibleDate, { message: 'errors.date_out_of_range' });

/** A date that has already happened (or is today). */
export const pastDateSchema = isoDateSchema.refine((value) => value <= latestToday(), {
  message: 'errors.date_in_future',
});

export const birthDateSchema = isoDateSchema.refine((value) => value <= latestToday(), {
  message: 'errors.birth_in_future',
});

/** Free text must not hold controls, bidi overrides or only invisible characters (text.ts). */
function checkText(value: string, ctx: z.RefinementCtx): void {
  const problem = textProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: TEXT_ERROR_KEYS[problem] });
}

export const requiredText = (max: number = MAX_SHORT_TEXT) =>
  z.string().trim().min(1).max(max).superRefine(checkText);
export const optionalText = (max: number = MAX_SHORT_TEXT) =>
  z.string().max(max).superRefine(checkText).optional();

/** NIK: the 16-digit national identity number. */
export const nikSchema = z.string().regex(/^\d{16}$/, { message: 'errors.nik_digits' });

/** A phone number as people type it: digits, spaces, dashes, brackets, optional leading +. */
export const phoneSchema = z
  .string()
  .regex(/^\+?[0-9][0-9 ()-]{4,22}$/, { message: 'errors.phone' });

export const SEXES = ['female', 'male'] as const;
export const sexSchema = z.enum(SEXES);

export const YES_NO_UNKNOWN = ['yes', 'no', 'unknown'] as const;
export const yesNoUnknownSchema = z.enum(YES_NO_UNKNOWN);

export const ageSchema = z.number().int().min(0).max(120);
export const countSchema = z.number().int().min(0).max(MAX_COUNT);

function hasNoDuplicates(list: readonly unknown[]): boolean {
  return new Set(list).size === list.length;
}

/** Links to other records (their envelope ids), each at most once. */
export const linksSchema = z
  .array(z.uuid())
  .max(MAX_LINKS)
  .refine(hasNoDuplicates, { message: 'errors.duplicate' });

/** A multiselect answer: options of the list, each at most once; `min` 1 makes it required. */
export function multiSelectSchema<const Values extends readonly [string, ...string[]]>(
  values: Values,
  min = 0,
) {
  return z
    .array(z.enum(values))
    .min(min)
    .max(values.length)
    .refine(hasNoDuplicates, { message: 'errors.duplicate' });
}

/** Kemendagri region codes as used by idn-area-data: "33", "33.01", "33.01.01", "33.01.01.2001". */
export const provinceCodeSchema = z.string().regex(/^\d{2}$/, { message: 'errors.region_code' });
export const regencyCodeSchema = z
  .string()
  .regex(/^\d{2}\.\d{2}$/, { message: 'errors.region_code' });
export const districtCodeSchema = z
  .string()
  .regex(/^\d{2}\.\d{2}\.\d{2}$/, { message: 'errors.region_code' });
export const villageCodeSchema = z
  .string()
  .regex(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/, { message: 'errors.region_code' });

/** An address picked with the region input (codes) plus what the volunteer typed. */
export const regionRefSchema = z.object({
  provinceCode: provinceCodeSchema,
  regencyCode: regencyCodeSchema.optional(),
  districtCode: districtCodeSchema.optional(),
  villageCode: villageCodeSchema.optional(),
  villageName: requiredText(),
  districtName: optionalText(),
  regencyName: optionalText(),
  /** Hamlet, RT/RW, street: free text. */
  detail: optionalText(),
});
export type RegionRef = z.infer<typeof regionRefSchema>;

/** A checklist item: a state and an optional note. */
export function checklistItemSchema<const States extends readonly [string, ...string[]]>(
  states: States,
) {
  return z.object({ state: z.enum(states), note: optionalText(MAX_LONG_TEXT) });
}

/** A checklist where every item must be answered: { item: { state, note? } }. */
export function checklistSchema<
  const Items extends readonly [string, ...string[]],
  const States extends readonly [string, ...string[]],
>(items: Items, states: States) {
  const item = checklistItemSchema(states);
  const shape = Object.fromEntries(items.map((name) => [name, item])) as {
    [K in Items[number]]: typeof item;
  };
  return z.object(shape);
}

/** Whole years between a birth date and a day (both YYYY-MM-DD). */
export function ageOn(dateOfBirth: string, today: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  let age = ty - by;
  if (tm < bm || (tm === bm && td < bd)) age -= 1;
  return age;
}

/**
 * Whether a person is a child (under 18) on `today`, from a date of birth ('YYYY-MM-DD') or an
 * age in years. Unknown (undefined, malformed) is not flagged: the form asks for one of the two.
 */
export function isChild(dateOfBirthOrAge: string | number | undefined, today: string): boolean {
  if (typeof dateOfBirthOrAge === 'number')
    return (
      Number.isFinite(dateOfBirthOrAge) &&
      dateOfBirthOrAge >= 0 &&
      dateOfBirthOrAge < CHILD_AGE_LIMIT
    );
  if (typeof dateOfBirthOrAge === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(dateOfBirthOrAge))
    return ageOn(dateOfBirthOrAge, today) < CHILD_AGE_LIMIT;
  return false;
}

/**
 * Removes empty values a form leaves behind ('' and null in objects, objects left empty) so an
 * optional field that was cleared is simply absent. Arrays keep their items (positions matter
 * for error paths) but items are compacted too.
 */
export function compactPayload(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => compactPayload(item));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, raw] of Object.entries(value as Record<string, unknown>)) {
      const item = compactPayload(raw);
      if (item === '' || item === null || item === undefined) continue;
      if (typeof item === 'string' && item.trim() === '') continue;
      if (isPlainObject(item) && Object.keys(item).length === 0) continue;
      out[key] = item;
    }
    return out;
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Read a dotted path from a payload (for appliesWhen, summaries and export columns). */
export function getPath(payload: unknown, path: string): unknown {
  let current: unknown = payload;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}
