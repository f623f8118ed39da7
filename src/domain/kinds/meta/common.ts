// Building blocks of the clear `meta` every kind declares (see ./index.ts). Every meta value is a
// code from a closed list, a region code, a coarse date (ISO week, month), a count or a flag —
// never free text — so whatever a phone puts there cannot carry a name. The server refuses any
// other key (strict schemas), so this list is also what a stolen database reveals.
import { z } from 'zod';
import {
  districtCodeSchema,
  MAX_COUNT,
  provinceCodeSchema,
  regencyCodeSchema,
  villageCodeSchema,
} from '../../common';
import { read } from '../../define';

type Loose = Record<string, unknown>;

/** ISO 8601 week of a calendar date: '2026-11-30' → '2026-W49'. Undefined for a malformed date. */
export function isoWeekOf(date: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const day = new Date(Date.UTC(y, m - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d)
    return undefined;
  // The week belongs to the year of its Thursday.
  const weekday = day.getUTCDay() === 0 ? 7 : day.getUTCDay();
  const thursday = new Date(day.getTime() + (4 - weekday) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** 'YYYY-MM' of a calendar date, when isoWeekOf accepts it. */
export function monthOf(date: string): string | undefined {
  return isoWeekOf(date) === undefined ? undefined : date.slice(0, 7);
}

export const isoWeekSchema = z.string().regex(/^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/);
export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
export const metaCountSchema = z.number().int().min(0).max(MAX_COUNT);

/** Where the event happened, as Kemendagri codes (no names, no hamlet/RT/RW). */
export const regionMetaShape = {
  provinceCode: provinceCodeSchema
    .optional()
    .describe('Province code: thousands of people live in each; needed for the map.'),
  regencyCode: regencyCodeSchema
    .optional()
    .describe('Kabupaten/kota code: the district the coordinator serves; coarse.'),
  districtCode: districtCodeSchema
    .optional()
    .describe('Kecamatan code: the map drills down to it; tens of thousands of residents.'),
  villageCode: villageCodeSchema
    .optional()
    .describe(
      'Desa code: the finest map level (Lampiran BAB II B.2); small cells are suppressed in reports.',
    ),
};

/** When the event happened, coarsened to its ISO week and month (never the day). */
export const periodMetaShape = {
  eventWeek: isoWeekSchema
    .optional()
    .describe('ISO week of the event: triage by age of report without the exact day.'),
  eventMonth: monthSchema
    .optional()
    .describe('Month of the event: monthly indicators and reports count by it.'),
};

/** Region codes of a regionRef-shaped value; only well-formed codes are kept. */
export function regionMeta(value: unknown): Partial<Record<keyof typeof regionMetaShape, string>> {
  const ref = read.record(value);
  const out: Partial<Record<keyof typeof regionMetaShape, string>> = {};
  for (const key of Object.keys(regionMetaShape) as (keyof typeof regionMetaShape)[]) {
    const code = read.string(ref, key);
    if (code !== undefined && regionMetaShape[key].safeParse(code).success) out[key] = code;
  }
  return out;
}

/** eventWeek and eventMonth of a 'YYYY-MM-DD' date. */
export function periodMeta(date: unknown): { eventWeek?: string; eventMonth?: string } {
  if (typeof date !== 'string') return {};
  const week = isoWeekOf(date);
  const month = monthOf(date);
  return week === undefined || month === undefined ? {} : { eventWeek: week, eventMonth: month };
}

/** The value if it is one of `values`. */
export function codeOf<const T extends readonly string[]>(
  values: T,
  value: unknown,
): T[number] | undefined {
  return typeof value === 'string' && (values as readonly string[]).includes(value)
    ? (value as T[number])
    : undefined;
}

/** The known codes of a list, in the list's order, each once; undefined when none. */
export function codesOf<const T extends readonly string[]>(
  values: T,
  value: unknown,
): T[number][] | undefined {
  if (!Array.isArray(value)) return undefined;
  const found = values.filter((code) => value.includes(code));
  return found.length > 0 ? found : undefined;
}

/** A list of codes in clear: duplicates and unknown codes refused. */
export function codeListSchema<const T extends readonly [string, ...string[]]>(values: T) {
  return z
    .array(z.enum(values))
    .max(values.length)
    .refine((list) => new Set(list).size === list.length);
}

/** A count if the value is one (integer, 0…MAX_COUNT). */
export function countOf(value: unknown): number | undefined {
  return metaCountSchema.safeParse(value).success ? (value as number) : undefined;
}

/** Drops undefined members, so optional meta fields are absent rather than undefined. */
export function defined<T extends Loose>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}
