// Helpers for writing a record-kind declaration: typed while it is written, erased to the
// common RecordKindDeclaration shape in the registry (src/domain/index.ts).
import type { z } from 'zod';
import type { ErrorKey } from './validation';
import type { RecordKind } from './envelope';
import type { FieldMeta, RecordKindDeclaration, SummaryPart } from './recordKind';

/** Check a declaration against its own schema's types, then store it in the common shape. */
export function defineKind<Schema extends z.ZodType>(
  declaration: Omit<RecordKindDeclaration<Schema>, 'summary'>,
): RecordKindDeclaration {
  const summary = (payload: z.infer<Schema>) => plainSummary(declaration.summaryParts(payload));
  // Function parameters are contravariant: a summary of a migrant cannot take `unknown`.
  // The registry only calls these with payloads that passed `schema`, so the erasure is safe.
  return { ...declaration, summary } as unknown as RecordKindDeclaration;
}

/** Summary parts as they are, codes included, joined by " · " (no translation). */
export function plainSummary(parts: readonly SummaryPart[]): string {
  return joinParts(
    parts.map((part) => {
      if ('text' in part) return part.text;
      if ('date' in part) return part.date;
      if ('count' in part) return part.count;
      return Array.isArray(part.value) ? part.value.join(', ') : part.value;
    }),
  );
}

type FieldExtra = Omit<FieldMeta, 'name' | 'input' | 'labelKey' | 'section'>;

/** Field metadata with the i18n keys derived from the kind: `${kind}.fields.${name}`. */
export function fieldsFor(kind: RecordKind) {
  return function field(
    section: string,
    name: string,
    input: FieldMeta['input'],
    extra: FieldExtra & { help?: boolean } = {},
  ): FieldMeta {
    const { help, ...rest } = extra;
    return {
      name,
      input,
      labelKey: `${kind}.fields.${name}`,
      ...(help ? { helpKey: `${kind}.help.${name}` } : {}),
      section,
      ...rest,
    };
  };
}

/** A field inside a repeatable group: labels `${kind}.fields.${group}Item.${name}`. */
export function groupItemFieldsFor(kind: RecordKind, group: string) {
  return function itemField(
    name: string,
    input: FieldMeta['input'],
    extra: Omit<FieldExtra, 'section'> = {},
  ): FieldMeta {
    return {
      name,
      input,
      labelKey: `${kind}.fields.${group}Item.${name}`,
      section: group,
      ...extra,
    };
  };
}

/** appliesWhen helper: the payload value at `name` equals one of `values`. */
export function when(name: string, ...values: readonly unknown[]) {
  return (payload: Record<string, unknown>): boolean => values.includes(payload[name]);
}

/** appliesWhen helper: the array at `name` contains `value`. */
export function whenIncludes(name: string, value: string) {
  return (payload: Record<string, unknown>): boolean => {
    const list = payload[name];
    return Array.isArray(list) && list.includes(value);
  };
}

/** Join the non-empty parts of a summary or search text. */
export function joinParts(parts: readonly unknown[], separator = ' · '): string {
  return parts
    .filter((part): part is string | number => typeof part === 'string' || typeof part === 'number')
    .map((part) => String(part).trim())
    .filter((part) => part.length > 0)
    .join(separator);
}

type Loose = Record<string, unknown>;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Reads of a payload that may not have passed its schema (cross-field rules run anyway). */
export const read = {
  record(value: unknown): Loose | undefined {
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Loose)
      : undefined;
  },
  date(payload: Loose | undefined, key: string): string | undefined {
    const value = payload?.[key];
    return typeof value === 'string' && DATE_RE.test(value) ? value : undefined;
  },
  number(payload: Loose | undefined, key: string): number | undefined {
    const value = payload?.[key];
    return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  },
  string(payload: Loose | undefined, key: string): string | undefined {
    const value = payload?.[key];
    return typeof value === 'string' ? value : undefined;
  },
  records(payload: Loose | undefined, key: string): (Loose | undefined)[] {
    const value = payload?.[key];
    return Array.isArray(value) ? value.map((item) => read.record(item)) : [];
  },
};

export interface RuleContext {
  issue(
    path: readonly (string | number)[],
    key: ErrorKey,
    params?: Record<string, string | number>,
  ): void;
}

/**
 * Cross-field rules (dates against birth, totals, conditional requirements) as a zod
 * superRefine that runs even when other fields failed, so the form shows every problem at once.
 * The rule sees the raw payload and must read it defensively (see `read`).
 */
export function crossFieldRules(rule: (payload: Loose, ctx: RuleContext) => void) {
  return [
    (value: unknown, zctx: z.core.$RefinementCtx<unknown>) => {
      const payload = read.record(value);
      if (!payload) return;
      rule(payload, {
        issue: (path, key, params) =>
          zctx.addIssue({
            code: 'custom',
            path: [...path],
            message: key,
            ...(params ? { params } : {}),
          }),
      });
    },
    { when: (parse: { value: unknown }) => read.record(parse.value) !== undefined },
  ] as const;
}
