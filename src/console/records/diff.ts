// What changed between two revisions of a record: the declaration's fields whose values differ
// (compared as canonical JSON, so key order does not count). Pure.
import type { FieldMeta, RecordKindDeclaration } from '../../domain';
import { canonicalJson } from '../../domain/contract';
import { getPath } from '../../domain';

function same(a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined) return a === b;
  try {
    return canonicalJson(a) === canonicalJson(b);
  } catch {
    return false;
  }
}

export function changedFields(
  declaration: Pick<RecordKindDeclaration, 'fields'>,
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown> | undefined,
): FieldMeta[] {
  const empty = (v: unknown) =>
    v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
  return declaration.fields.filter((field) => {
    const a = before ? getPath(before, field.name) : undefined;
    const b = after ? getPath(after, field.name) : undefined;
    if (empty(a) && empty(b)) return false;
    return !same(a, b);
  });
}
