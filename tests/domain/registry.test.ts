// Generic guarantees over every record kind: examples valid, JSON Schemas served with examples,
// validation total on arbitrary input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  RECORD_KINDS,
  RECORD_KIND_DECLARATIONS,
  getDeclaration,
  issuesBySection,
  kindJsonSchemas,
  nextActionDateOf,
  validateForFinish,
  validateRecordPayload,
} from '../../src/domain/index';
import { isErrorKey } from '../../src/domain/validation';

describe.each(RECORD_KINDS)('kind %s', (kind) => {
  const declaration = RECORD_KIND_DECLARATIONS[kind];

  it('declares itself under its own name', () => {
    expect(declaration.kind).toBe(kind);
    expect(getDeclaration(kind)).toBe(declaration);
  });

  it('accepts each of its examples unchanged', () => {
    expect(declaration.examples.length).toBeGreaterThan(0);
    for (const example of declaration.examples) {
      const result = validateRecordPayload(kind, declaration.schemaVersion, example);
      expect(result).toEqual({ ok: true, payload: example });
      expect(validateForFinish(kind, example)).toEqual([]);
    }
  });

  it('summarises, indexes and exports its examples', () => {
    for (const example of declaration.examples) {
      expect(declaration.summary(example).length).toBeGreaterThan(0);
      expect(declaration.searchText(example).length).toBeGreaterThan(0);
      const keys = declaration.exportColumns.map((column) => column.key);
      expect(new Set(keys).size).toBe(keys.length);
      for (const column of declaration.exportColumns) {
        expect(column.key).toMatch(/^[a-z][a-z0-9_]*$/);
        expect(['string', 'number', 'boolean', 'object']).toContain(typeof column.value(example));
      }
    }
  });

  it('reads the next action date from the payload', () => {
    const example = declaration.examples[0] as Record<string, unknown>;
    expect(nextActionDateOf(kind, { ...example, nextActionDate: '2000-01-02' })).toBe('2000-01-02');
  });

  it('rejects an empty payload with required-field keys placed in sections', () => {
    const issues = validateForFinish(kind, {});
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.some((issue) => issue.key === 'errors.required')).toBe(true);
    const bySection = issuesBySection(kind, issues);
    const placed = Object.values(bySection).flat();
    expect(placed).toHaveLength(issues.length);
    for (const section of Object.keys(bySection)) expect(declaration.sections).toContain(section);
  });

  it('rejects an unknown schema version', () => {
    expect(
      validateRecordPayload(kind, declaration.schemaVersion + 1, declaration.examples[0]),
    ).toMatchObject({
      ok: false,
      code: 'invalid',
      issues: [{ path: '', key: 'errors.schema_version' }],
    });
  });

  it('never throws on arbitrary JSON and always answers with known keys', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = validateRecordPayload(kind, declaration.schemaVersion, value);
        if (result.ok) expect(typeof result.payload).toBe('object');
        else {
          expect(result.issues.length).toBeGreaterThan(0);
          for (const issue of result.issues) expect(isErrorKey(issue.key)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on mutations of its example', () => {
    const example = declaration.examples[0] as Record<string, unknown>;
    const keys = Object.keys(example);
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.anything(), (key, value) => {
        const result = validateRecordPayload(kind, declaration.schemaVersion, {
          ...example,
          [key]: value,
        });
        if (!result.ok) for (const issue of result.issues) expect(isErrorKey(issue.key)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('registry', () => {
  it('answers unknown_kind for an unknown kind', () => {
    expect(validateRecordPayload('pet', 1, {})).toEqual({
      ok: false,
      code: 'unknown_kind',
      issues: [{ path: '', key: 'errors.unknown_kind' }],
    });
    expect(getDeclaration('toString')).toBeUndefined();
  });

  it('serves a JSON Schema with examples for every kind', () => {
    const schemas = kindJsonSchemas();
    expect(Object.keys(schemas).sort()).toEqual([...RECORD_KINDS].sort());
    for (const kind of RECORD_KINDS) {
      const entry = schemas[kind];
      expect(entry.schemaVersion).toBe(RECORD_KIND_DECLARATIONS[kind].schemaVersion);
      const json = entry.jsonSchema as { examples?: unknown[]; $schema?: string };
      expect(json.$schema).toContain('json-schema.org');
      expect(json.examples).toEqual(RECORD_KIND_DECLARATIONS[kind].examples);
      expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    }
  });

  it('treats empty strings and nulls from a form as absent', () => {
    const example = RECORD_KIND_DECLARATIONS.migrant.examples[0] as Record<string, unknown>;
    const result = validateRecordPayload('migrant', 1, { ...example, nik: '', notes: null });
    expect(result).toEqual({ ok: true, payload: example });
  });
});
