// Clear meta of every kind (src/domain/kinds/meta): examples yield valid meta, every field says
// why it is safe, nothing in a meta schema accepts free text, and (property) no identifying or
// free-text value of a payload ever reaches meta.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RECORD_KIND_DECLARATIONS, RECORD_KINDS, type FieldMeta } from '../../src/domain';
import {
  META_DECLARATIONS,
  computeMeta,
  isoWeekOf,
  validateMeta,
} from '../../src/domain/kinds/meta';

describe('meta of every kind', () => {
  it.each(RECORD_KINDS)('%s: every example yields meta valid for its schema', (kind) => {
    for (const example of RECORD_KIND_DECLARATIONS[kind].examples) {
      const meta = computeMeta(kind, example);
      const result = validateMeta(kind, meta, false);
      expect(result.ok, JSON.stringify(result)).toBe(true);
      expect(Object.keys(meta ?? {}).length).toBeGreaterThan(0);
    }
  });

  it.each(RECORD_KINDS)('%s: every field says why it is safe, and none holds free text', (kind) => {
    const json = z.toJSONSchema(META_DECLARATIONS[kind].schema, { io: 'input' }) as {
      properties: Record<string, Record<string, unknown>>;
      additionalProperties: unknown;
    };
    expect(json.additionalProperties).toBe(false);
    for (const [name, property] of Object.entries(json.properties)) {
      expect(typeof property.description, `${kind}.${name}`).toBe('string');
      const leaf = (property.items ?? property) as Record<string, unknown>;
      if (leaf.type === 'string')
        expect(
          leaf.enum ?? leaf.pattern ?? leaf.const,
          `${kind}.${name} is free text`,
        ).toBeDefined();
    }
  });

  it('refuses unknown keys and accepts an empty tombstone meta', () => {
    expect(
      validateMeta(
        'screening',
        { riskLevel: 'tinggi', child: false, immediateDanger: false, note: 'x' },
        false,
      ).ok,
    ).toBe(false);
    expect(validateMeta('screening', {}, true).ok).toBe(true);
    expect(validateMeta('screening', {}, false).ok).toBe(false);
  });

  it('the screening meta carries the computed risk, child flag and coarse dates only', () => {
    const high = RECORD_KIND_DECLARATIONS.screening.examples[0];
    expect(computeMeta('screening', high)).toEqual({
      eventWeek: '2025-W20',
      eventMonth: '2025-05',
      riskLevel: 'tinggi',
      child: true,
      immediateDanger: false,
      placeMet: 'after_return',
      modus: ['false_job_offer', 'forged_identity', 'documents_confiscated'],
      reportedTo: ['bhabinkamtibmas', 'uptd_ppa'],
    });
  });

  it('never throws on arbitrary payloads, and always gives schema-valid meta', () => {
    fc.assert(
      fc.property(fc.constantFrom(...RECORD_KINDS), fc.anything(), (kind, payload) => {
        const meta = computeMeta(kind, payload);
        const result = META_DECLARATIONS[kind].schema.safeParse(meta);
        // Screening meta has required members (risk, child, danger) that always compute.
        expect(result.success || kind !== 'screening').toBe(true);
        if (result.success) expect(JSON.stringify(meta)).not.toMatch(/\d{4}-\d{2}-\d{2}/);
      }),
    );
  });
});

describe('isoWeekOf', () => {
  it('follows ISO 8601 at year boundaries', () => {
    expect(isoWeekOf('2026-11-30')).toBe('2026-W49');
    expect(isoWeekOf('2021-01-03')).toBe('2020-W53');
    expect(isoWeekOf('2024-12-30')).toBe('2025-W01');
    expect(isoWeekOf('2026-02-30')).toBeUndefined();
  });
});

/** Names (dotted, relative) of fields that hold free text or identity, from the declarations. */
function freeTextKeys(fields: readonly FieldMeta[]): Set<string> {
  const out = new Set<string>(['villageName', 'districtName', 'regencyName', 'detail', 'note']);
  const walk = (list: readonly FieldMeta[]) => {
    for (const field of list) {
      const key = field.name.split('.').at(-1) ?? field.name;
      if (field.identifying || field.input === 'text' || field.input === 'textarea') out.add(key);
      if (field.fields) walk(field.fields);
    }
  };
  walk(fields);
  return out;
}

/** A copy of `value` with every string under a key of `keys` replaced by marker + a counter. */
function mark(value: unknown, keys: Set<string>, marker: string, counter = { n: 0 }): unknown {
  if (Array.isArray(value)) return value.map((item) => mark(item, keys, marker, counter));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        typeof item === 'string' && keys.has(key)
          ? `${marker}${(counter.n += 1)}`
          : mark(item, keys, marker, counter),
      ]),
    );
  return value;
}

describe('meta never carries identifying or free text (property)', () => {
  it.each(RECORD_KINDS)('%s', (kind) => {
    const declaration = RECORD_KIND_DECLARATIONS[kind];
    const keys = freeTextKeys(declaration.fields);
    fc.assert(
      fc.property(
        fc.constantFrom(...declaration.examples),
        // Looks like a name, NIK or phone number; the prefix appears in no code.
        fc.oneof(
          fc.string({ minLength: 2, maxLength: 20 }).map((s) => `Ñ${s}`),
          fc.stringMatching(/^\d{16}$/).map((s) => `Ñ${s}`),
          fc.constant('Ñ0812 3456 789'),
        ),
        (example, marker) => {
          const payload = mark(example, keys, marker);
          const meta = computeMeta(kind, payload);
          expect(JSON.stringify(meta)).not.toContain('Ñ');
          expect(validateMeta(kind, meta, false).ok).toBe(true);
        },
      ),
      { numRuns: 50 },
    );
    // Every string of the example, whatever its key: anything copied verbatim into meta must be
    // a code (enum value or region code), never text a person typed.
    for (const example of declaration.examples) {
      const meta = JSON.stringify(computeMeta(kind, mark(example, new Set(allKeys(example)), 'Ñ')));
      expect(meta).not.toContain('Ñ');
    }
  });
});

function allKeys(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) allKeys(item, out);
  else if (value !== null && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) {
      out.push(key);
      allKeys(item, out);
    }
  return out;
}
