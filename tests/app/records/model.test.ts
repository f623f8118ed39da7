// The pure helpers that derive the form from field metadata.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FieldMeta } from '../../../src/domain/recordKind';
import { getDeclaration } from '../../../src/domain/index';
import {
  fieldDomId,
  fieldForIssue,
  fieldsForSection,
  finishedPayload,
  firstIssue,
  formSections,
  getPath,
  isFilled,
  parseNumberInput,
  pruneInapplicable,
  sectionsWithIssues,
  setPath,
  toggleOption,
} from '../../../src/app/records/form/model';
import { carryOverFields, linkToSource, prefillFrom } from '../../../src/app/records/prefill';

const f = (name: string, section: string, extra: Partial<FieldMeta> = {}): FieldMeta => ({
  name,
  section,
  input: 'text',
  labelKey: `x.fields.${name}`,
  ...extra,
});

const declaration = {
  sections: ['a', 'b', 'c', 'empty'],
  fields: [
    f('kindOf', 'a', { input: 'select', options: ['one', 'two'] }),
    f('name', 'a'),
    f('onlyTwo', 'b', { appliesWhen: (p) => p.kindOf === 'two' }),
    f('place.village', 'b'),
    f('notes', 'c', {
      input: 'group',
      fields: [f('date', 'notes'), f('why', 'notes', { appliesWhen: (item) => item.date === 'x' })],
    }),
    f('shared', 'b', { appliesWhen: (p) => p.kindOf === 'one' }),
    f('shared', 'c', { appliesWhen: (p) => p.kindOf === 'two' }),
  ] as FieldMeta[],
};

describe('setPath / getPath', () => {
  it('writes nested values without mutating the input', () => {
    const before = { a: { b: 1 }, list: [{ x: 1 }, { x: 2 }] };
    const after = setPath(before, 'list.1.x', 5);
    expect(after).toEqual({ a: { b: 1 }, list: [{ x: 1 }, { x: 5 }] });
    expect(before.list[1]!.x).toBe(2);
    expect(setPath({}, 'a.b.c', 'v')).toEqual({ a: { b: { c: 'v' } } });
  });

  it('removes a key when the value is undefined', () => {
    expect(setPath({ a: { b: 1, c: 2 } }, 'a.b', undefined)).toEqual({ a: { c: 2 } });
  });

  it('reads back what it wrote (property)', () => {
    const segment = fc.stringMatching(/^[a-z]{1,6}$/);
    fc.assert(
      fc.property(
        fc.array(segment, { minLength: 1, maxLength: 4 }),
        fc.jsonValue(),
        (parts, value) => {
          const path = parts.join('.');
          expect(getPath(setPath({}, path, value), path)).toEqual(value);
        },
      ),
    );
  });
});

describe('sections and fields from metadata', () => {
  it('lists only sections that have fields, and only applicable fields', () => {
    expect(formSections(declaration)).toEqual(['a', 'b', 'c']);
    expect(fieldsForSection(declaration, 'b', { kindOf: 'one' }).map((x) => x.name)).toEqual([
      'place.village',
      'shared',
    ]);
    expect(fieldsForSection(declaration, 'b', { kindOf: 'two' }).map((x) => x.name)).toEqual([
      'onlyTwo',
      'place.village',
    ]);
  });

  it('gives stable, distinct DOM ids for paths', () => {
    expect(fieldDomId('notes.0.date')).toBe('field-notes-0-date');
    expect(fieldDomId('a.b')).not.toBe(fieldDomId('ab'));
  });
});

describe('issues to sections and fields', () => {
  it('maps an issue to the longest field it lies in, preferring the field that applies', () => {
    expect(fieldForIssue(declaration.fields, { path: 'notes.1.date' })?.name).toBe('notes');
    expect(fieldForIssue(declaration.fields, { path: 'place.village' })?.name).toBe(
      'place.village',
    );
    expect(fieldForIssue(declaration.fields, { path: 'nameX' })).toBeUndefined();
    expect(fieldForIssue(declaration.fields, { path: 'shared' }, { kindOf: 'two' })?.section).toBe(
      'c',
    );
    expect(fieldForIssue(declaration.fields, { path: 'shared' }, { kindOf: 'one' })?.section).toBe(
      'b',
    );
  });

  it('finds the first issue by section and field order and marks the sections that have one', () => {
    const issues = [
      { path: 'notes.0.date', key: 'errors.required' },
      { path: 'place.village', key: 'errors.required' },
      { path: 'name', key: 'errors.too_long' },
      { path: '', key: 'errors.invalid' },
    ];
    expect(firstIssue(declaration, issues)?.path).toBe('name');
    expect(sectionsWithIssues(declaration, issues)).toEqual(['a', 'b', 'c']);
  });
});

describe('finishing a draft', () => {
  it('drops values of fields that no longer apply, also inside group items', () => {
    const draft = {
      kindOf: 'one',
      onlyTwo: 'stale',
      notes: [
        { date: 'y', why: 'stale' },
        { date: 'x', why: 'kept' },
      ],
    };
    expect(pruneInapplicable(declaration.fields, { kindOf: 'two', shared: 'x' })).toEqual({
      kindOf: 'two',
      shared: 'x',
    });
    expect(pruneInapplicable(declaration.fields, draft)).toEqual({
      kindOf: 'one',
      notes: [{ date: 'y' }, { date: 'x', why: 'kept' }],
    });
  });

  it('drops empty strings so a cleared optional field is absent', () => {
    expect(
      finishedPayload(declaration.fields, { kindOf: 'one', name: '', place: { village: ' ' } }),
    ).toEqual({
      kindOf: 'one',
    });
  });
});

describe('input values', () => {
  it('parses number inputs and keeps negatives for validation to flag', () => {
    expect(parseNumberInput('')).toBeUndefined();
    expect(parseNumberInput('12')).toBe(12);
    expect(parseNumberInput('-3')).toBe(-3);
    expect(parseNumberInput('1,5')).toBe(1.5);
    expect(parseNumberInput('abc')).toBeUndefined();
  });

  it('toggles multiselect options in the order they were ticked, dropping unknown values', () => {
    expect(toggleOption(['a', 'b', 'c'], ['c'], 'a', true)).toEqual(['c', 'a']);
    expect(toggleOption(['a', 'b'], ['zz', 'a'], 'a', true)).toEqual(['a']);
    expect(toggleOption(['a', 'b', 'c'], ['a', 'c'], 'a', false)).toEqual(['c']);
    expect(toggleOption(['a', 'b'], undefined, 'b', true)).toEqual(['b']);
  });

  it('knows what counts as filled', () => {
    expect([undefined, '', [], {}].map(isFilled)).toEqual([false, false, false, false]);
    expect([0, false, 'a', ['x'], { a: 1 }].map(isFilled)).toEqual([true, true, true, true, true]);
  });
});

describe('prefill from a linked record', () => {
  const target = {
    fields: [
      f('links', 'a', { input: 'recordLinks', linkKinds: ['migrant'] }),
      f('address', 'a', { input: 'region' }),
      f('sex', 'a', { input: 'select', options: ['female', 'male'] }),
      f('visitDate', 'a', { input: 'date' }),
    ] as FieldMeta[],
  };
  const sourceFields = [
    f('address', 'x', { input: 'region' }),
    f('sex', 'x', { input: 'select', options: ['female', 'male', 'other'] }),
    f('visitDate', 'x', { input: 'date' }),
  ] as FieldMeta[];

  it('carries same-named fields of the same input, but not dates or invalid options', () => {
    const address = { provinceCode: '33', villageName: 'Desa A' };
    expect(
      carryOverFields(target, sourceFields, { address, sex: 'female', visitDate: '2025-01-01' }),
    ).toEqual({
      address,
      sex: 'female',
    });
    expect(carryOverFields(target, sourceFields, { sex: 'other' })).toEqual({});
  });

  it('carries links only between fields that hold the same kinds', () => {
    const targetLinks = {
      fields: [
        f('migrantIds', 'a', { input: 'recordLinks', linkKinds: ['migrant'] }),
      ] as FieldMeta[],
    };
    const narrow = [f('migrantIds', 'x', { input: 'recordLinks', linkKinds: ['migrant'] })];
    const wide = [
      f('migrantIds', 'x', { input: 'recordLinks', linkKinds: ['migrant', 'screening'] }),
    ];
    expect(carryOverFields(targetLinks, narrow, { migrantIds: ['m1'] })).toEqual({
      migrantIds: ['m1'],
    });
    expect(carryOverFields(targetLinks, wide, { migrantIds: ['m1'] })).toEqual({});
  });

  it('links the new record to its source once', () => {
    const once = linkToSource(target, {}, 'migrant', 'id-1');
    expect(once).toEqual({ links: ['id-1'] });
    expect(linkToSource(target, once, 'migrant', 'id-1')).toEqual(once);
    expect(linkToSource(target, {}, 'screening', 'id-1')).toEqual({});
  });

  it('prefills a household visit from a migrant record with the link and the address', () => {
    const visit = getDeclaration('household_visit')!;
    const migrant = getDeclaration('migrant')!;
    const example = migrant.examples[0] as Record<string, unknown>;
    const prefilled = prefillFrom(visit, {
      id: '0190a0b0-0000-7000-8000-000000000001',
      kind: 'migrant',
      fields: migrant.fields,
      payload: example,
    });
    expect(prefilled.migrantIds).toEqual(['0190a0b0-0000-7000-8000-000000000001']);
    expect(prefilled.address).toEqual(example.address);
  });
});
