// Pure helpers that turn a record-kind declaration (FieldMeta) into what the generic form shows:
// which fields apply, where a value lives in the payload, which DOM id an input gets, which
// section and input a validation issue belongs to, and what a draft payload becomes when finished.
// No DOM, no storage: everything here is tested on its own.
import { compactPayload, getPath } from '../../../domain/common';
import type { FieldMeta, RecordKindDeclaration } from '../../../domain/recordKind';
import type { ValidationIssue } from '../../../domain/validation';

export type Payload = Record<string, unknown>;

export { getPath };

function isPlainObject(value: unknown): value is Payload {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A copy of `payload` with `value` at the dotted `path` (numeric parts index arrays); objects on
 * the way are copied, never mutated. `undefined` removes the key.
 */
export function setPath(payload: Payload, path: string, value: unknown): Payload {
  const parts = path.split('.');
  const write = (node: unknown, index: number): unknown => {
    const part = parts[index] as string;
    const last = index === parts.length - 1;
    if (Array.isArray(node) && /^\d+$/.test(part)) {
      const copy = node.slice();
      copy[Number(part)] = last ? value : write(copy[Number(part)], index + 1);
      return copy;
    }
    const copy: Payload = isPlainObject(node) ? { ...node } : {};
    const next = last ? value : write(copy[part], index + 1);
    if (next === undefined) delete copy[part];
    else copy[part] = next;
    return copy;
  };
  return write(payload, 0) as Payload;
}

/** Whether a field applies to the payload (fields without `appliesWhen` always do). */
export function applies(field: FieldMeta, payload: Payload): boolean {
  return field.appliesWhen ? field.appliesWhen(payload) : true;
}

/** The fields of one section that apply to the current payload, in declaration order. */
export function fieldsForSection(
  declaration: Pick<RecordKindDeclaration, 'fields'>,
  section: string,
  payload: Payload,
): FieldMeta[] {
  return declaration.fields.filter((field) => field.section === section && applies(field, payload));
}

/** Sections that have at least one field, in the declaration's order. */
export function formSections(
  declaration: Pick<RecordKindDeclaration, 'fields' | 'sections'>,
): string[] {
  return declaration.sections.filter((section) =>
    declaration.fields.some((field) => field.section === section),
  );
}

/** DOM id of the input for a payload path, e.g. `tracing.0.date` → `field-tracing-0-date`. */
export function fieldDomId(path: string): string {
  return `field-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/** DOM id of the error text for a payload path. */
export function errorDomId(path: string): string {
  return `${fieldDomId(path)}-error`;
}

/** DOM id of the help text for a payload path. */
export function helpDomId(path: string): string {
  return `${fieldDomId(path)}-help`;
}

/** Whether `path` is `prefix` itself or lies inside it (`a.b` is inside `a`, `ab` is not). */
export function isWithin(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}.`);
}

/**
 * The top-level field an issue belongs to (the longest field name the issue's path lies in).
 * With a payload, fields that apply win over fields of the same name that do not (one name may
 * be declared in two sections for two record types).
 */
export function fieldForIssue(
  fields: readonly FieldMeta[],
  issue: Pick<ValidationIssue, 'path'>,
  payload?: Payload,
): FieldMeta | undefined {
  let best: FieldMeta | undefined;
  let bestApplies = false;
  for (const field of fields) {
    if (!isWithin(issue.path, field.name)) continue;
    const fieldApplies = payload ? applies(field, payload) : true;
    const better =
      !best ||
      field.name.length > best.name.length ||
      (field.name.length === best.name.length && fieldApplies && !bestApplies);
    if (better) {
      best = field;
      bestApplies = fieldApplies;
    }
  }
  return best;
}

/** Sections that hold at least one issue, in section order. */
export function sectionsWithIssues(
  declaration: Pick<RecordKindDeclaration, 'fields' | 'sections'>,
  issues: readonly ValidationIssue[],
  payload?: Payload,
): string[] {
  const hit = new Set<string>();
  for (const issue of issues) {
    const field = fieldForIssue(declaration.fields, issue, payload);
    if (field) hit.add(field.section);
  }
  return declaration.sections.filter((section) => hit.has(section));
}

/**
 * The issue to show and focus first: the first issue of the first section that has one, by
 * the field order of the declaration (issues that match no field come last).
 */
export function firstIssue(
  declaration: Pick<RecordKindDeclaration, 'fields' | 'sections'>,
  issues: readonly ValidationIssue[],
  payload?: Payload,
): ValidationIssue | undefined {
  const order = (issue: ValidationIssue): number => {
    const field = fieldForIssue(declaration.fields, issue, payload);
    if (!field) return Number.MAX_SAFE_INTEGER;
    const section = declaration.sections.indexOf(field.section);
    return section * 10_000 + declaration.fields.indexOf(field);
  };
  let first: ValidationIssue | undefined;
  for (const issue of issues) if (!first || order(issue) < order(first)) first = issue;
  return first;
}

/** Issues whose path is exactly `path`. */
export function issuesAt(issues: readonly ValidationIssue[], path: string): ValidationIssue[] {
  return issues.filter((issue) => issue.path === path);
}

/**
 * Removes values of fields that do not apply (a field hidden after its answer changed must not
 * be sent), recursing into repeatable groups, whose sub-fields are judged on their own item.
 */
export function pruneInapplicable(fields: readonly FieldMeta[], payload: Payload): Payload {
  // One name may be declared twice (two record types, two sections): keep it if either applies.
  const applicable = fields.filter((field) => applies(field, payload));
  const kept = new Set(applicable.map((field) => field.name));
  let out = payload;
  for (const field of fields) {
    if (!kept.has(field.name)) out = setPath(out, field.name, undefined);
  }
  for (const field of applicable) {
    if (field.input !== 'group' || !field.fields) continue;
    const items = getPath(out, field.name);
    if (!Array.isArray(items)) continue;
    const subFields = field.fields;
    out = setPath(
      out,
      field.name,
      items.map((item) => (isPlainObject(item) ? pruneInapplicable(subFields, item) : item)),
    );
  }
  return out;
}

/** The payload a finished record is validated and saved with: inapplicable and empty values dropped. */
export function finishedPayload(fields: readonly FieldMeta[], draft: Payload): Payload {
  return compactPayload(pruneInapplicable(fields, draft)) as Payload;
}

/** Value of a number input as the payload stores it: a number, or undefined when empty. */
export function parseNumberInput(raw: string): number | undefined {
  const trimmed = raw.trim().replace(',', '.');
  if (trimmed === '') return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

/** Toggles `option` in a multiselect value (in the order the person ticked, unknown values dropped). */
export function toggleOption(
  options: readonly string[],
  current: unknown,
  option: string,
  checked: boolean,
): string[] {
  const selected = (Array.isArray(current) ? (current as unknown[]) : []).filter(
    (value): value is string => typeof value === 'string' && options.includes(value),
  );
  const without = selected.filter((value) => value !== option);
  return checked && options.includes(option) ? [...without, option] : without;
}

/** Whether a value counts as filled in (for the detail view). */
export function isFilled(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isPlainObject(value)) return Object.keys(value).length > 0;
  return true;
}

/** Most options a drop-down may have and still be shown as one-tap buttons (issue 8 item 5). */
export const MAX_BUTTON_OPTIONS = 4;

/**
 * Whether a field is answered with one-tap buttons (a radio group) rather than a drop-down:
 * yes/no questions and short lists (yes / no / don't know, sex, child/adult…).
 */
export function answersWithButtons(field: Pick<FieldMeta, 'input' | 'options'>): boolean {
  if (field.input === 'boolean') return true;
  return field.input === 'select' && (field.options?.length ?? 0) <= MAX_BUTTON_OPTIONS;
}

/** The earliest date a date picker offers for a kind of date (no record is older than this). */
export const EARLIEST_EVENT_DATE = '1950-01-01';
export const EARLIEST_BIRTH_DATE = '1900-01-01';

/** `min` / `max` of a date input: past events and birth dates end today, follow-ups start today. */
export function dateBounds(
  field: Pick<FieldMeta, 'dateRange'>,
  today: string,
): { min?: string; max?: string } {
  switch (field.dateRange) {
    case 'past':
      return { min: EARLIEST_EVENT_DATE, max: today };
    case 'birth':
      return { min: EARLIEST_BIRTH_DATE, max: today };
    case 'upcoming':
      return { min: today };
    default:
      return { min: EARLIEST_EVENT_DATE };
  }
}

/** The section a validation issue belongs to (undefined: a whole-record issue). */
export function sectionOfIssue(
  fields: readonly FieldMeta[],
  issue: Pick<ValidationIssue, 'path'>,
  payload?: Payload,
): string | undefined {
  return fieldForIssue(fields, issue, payload)?.section;
}

/**
 * The issues a person sees now (issue 8 item 4, errors early): every issue of a step they tried
 * to leave with "Berikutnya" (or of all steps after "Selesai"), and of a field they have left,
 * except "required" for a field left empty (that is said when the step is checked, not while
 * the person moves through the form).
 */
export function visibleIssues(
  fields: readonly FieldMeta[],
  issues: readonly ValidationIssue[],
  payload: Payload,
  seen: {
    attempted: boolean;
    checkedSections: ReadonlySet<string>;
    leftFields: ReadonlySet<string>;
  },
): ValidationIssue[] {
  if (seen.attempted) return [...issues];
  return issues.filter((issue) => {
    const field = fieldForIssue(fields, issue, payload);
    if (field && seen.checkedSections.has(field.section)) return true;
    if (issue.key === 'errors.required') return false;
    return field !== undefined && seen.leftFields.has(field.name);
  });
}
