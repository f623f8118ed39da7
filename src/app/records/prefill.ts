// Prefill of a new record from a linked one ("start screening" from a visit, "start referral"
// from a screening, a household visit from an awareness session's household list). The rule is
// generic so a new kind needs no code here: the new record links to its source through the first
// recordLinks field that accepts the source's kind, and fields with the same name and input
// carry over when their value is valid for the new field (links only between fields that hold
// the same kinds; dates and whole checklists/groups do not: they describe the source event).
import type { RecordKind } from '../../domain/envelope';
import type { FieldMeta, RecordKindDeclaration } from '../../domain/recordKind';
import { getPath, setPath, type Payload } from './form/model';
import { isCopiedOnlyOnRequest } from './form/defaults';

const CARRIED_INPUTS: ReadonlySet<FieldMeta['input']> = new Set([
  'text',
  'textarea',
  'number',
  'select',
  'multiselect',
  'boolean',
  'region',
]);

function carriedValue(target: FieldMeta, source: FieldMeta, value: unknown): unknown {
  if (target.input !== source.input) return undefined;
  if (target.input === 'recordLinks') {
    // Links carry over when every kind the source field may hold is allowed in the target.
    const allowed = target.linkKinds ?? [];
    const fits = (source.linkKinds ?? []).every((kind) => allowed.includes(kind));
    return fits && Array.isArray(value) && value.length > 0 ? value : undefined;
  }
  if (!CARRIED_INPUTS.has(target.input)) return undefined;
  // Consent and free-text notes are copied only when the person chooses (issue 8 item 5).
  if (isCopiedOnlyOnRequest(target)) return undefined;
  if (target.input === 'select') {
    return typeof value === 'string' && (target.options ?? []).includes(value) ? value : undefined;
  }
  if (target.input === 'multiselect') {
    if (!Array.isArray(value)) return undefined;
    const kept = value.filter((item) => (target.options ?? []).includes(item as string));
    return kept.length > 0 ? kept : undefined;
  }
  return value;
}

/** Values from `sourceValues` for fields the target declares with the same name and input. */
export function carryOverFields(
  target: Pick<RecordKindDeclaration, 'fields'>,
  sourceFields: readonly FieldMeta[],
  sourceValues: Payload,
): Payload {
  let payload: Payload = {};
  for (const field of target.fields) {
    if (getPath(payload, field.name) !== undefined) continue;
    const source = sourceFields.find((candidate) => candidate.name === field.name);
    if (!source) continue;
    const value = carriedValue(field, source, getPath(sourceValues, field.name));
    if (value !== undefined) payload = setPath(payload, field.name, structuredClone(value));
  }
  return payload;
}

/** Adds `sourceId` to the first recordLinks field of the target that accepts `sourceKind`. */
export function linkToSource(
  target: Pick<RecordKindDeclaration, 'fields'>,
  payload: Payload,
  sourceKind: RecordKind,
  sourceId: string,
): Payload {
  const linkField = target.fields.find(
    (field) => field.input === 'recordLinks' && (field.linkKinds ?? []).includes(sourceKind),
  );
  if (!linkField) return payload;
  const current = getPath(payload, linkField.name);
  const ids = Array.isArray(current) ? (current as string[]) : [];
  return ids.includes(sourceId) ? payload : setPath(payload, linkField.name, [...ids, sourceId]);
}

/** The starting payload of a new `target` record made from a source record. */
export function prefillFrom(
  target: Pick<RecordKindDeclaration, 'fields'>,
  source: { id: string; kind: RecordKind; fields: readonly FieldMeta[]; payload: Payload },
): Payload {
  const carried = carryOverFields(target, source.fields, source.payload);
  return linkToSource(target, carried, source.kind, source.id);
}
