// Which fields of a declaration a read-only view shows: those that apply to the payload and
// hold a value. Pure; the form has its own richer model (src/app/records/form/model.ts).
import { getPath } from '../domain/common';
import type { FieldMeta, RecordKindDeclaration } from '../domain/recordKind';

export type Payload = Record<string, unknown>;

export { getPath };

/** Whether a field applies to the payload (fields without `appliesWhen` always do). */
export function applies(field: FieldMeta, payload: Payload): boolean {
  return field.appliesWhen ? field.appliesWhen(payload) : true;
}

/** Whether a value counts as filled in (empty strings, arrays and objects do not). */
export function isFilled(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/** The filled, applicable fields of one section, in declaration order. */
export function filledFieldsOf(
  declaration: Pick<RecordKindDeclaration, 'fields'>,
  section: string,
  payload: Payload,
): FieldMeta[] {
  return declaration.fields.filter(
    (field) =>
      field.section === section &&
      applies(field, payload) &&
      isFilled(getPath(payload, field.name)),
  );
}

/** A region reference as people read it: typed detail, village, district, regency. */
export function regionText(value: unknown): string {
  if (value === null || typeof value !== 'object') return '';
  const region = value as Record<string, unknown>;
  return ['detail', 'villageName', 'districtName', 'regencyName']
    .map((key) => region[key])
    .filter((part): part is string => typeof part === 'string' && part.trim() !== '')
    .join(', ');
}
