import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ageOn, compactPayload, getPath, isChild, latestToday } from '../../src/domain/common';
import { toValidationIssues } from '../../src/domain/validation';

describe('isChild', () => {
  it.each([
    [17, '2025-01-01', true],
    [18, '2025-01-01', false],
    [0, '2025-01-01', true],
    ['2007-06-15', '2025-06-14', true], // one day before the 18th birthday
    ['2007-06-15', '2025-06-15', false], // on the 18th birthday
    ['2010-02-28', '2025-01-01', true],
    [undefined, '2025-01-01', false],
    ['not a date', '2025-01-01', false],
    [Number.NaN, '2025-01-01', false],
  ] as const)('isChild(%s, %s) = %s', (value, today, expected) => {
    expect(isChild(value, today)).toBe(expected);
  });

  it('counts whole years', () => {
    expect(ageOn('2000-02-29', '2001-02-28')).toBe(0);
    expect(ageOn('2000-02-29', '2001-03-01')).toBe(1);
    expect(ageOn('1990-12-31', '2025-12-30')).toBe(34);
  });
});

describe('latestToday', () => {
  it('is the calendar date at UTC+14', () => {
    expect(latestToday(new Date('2025-03-01T09:59:00Z'))).toBe('2025-03-01');
    expect(latestToday(new Date('2025-03-01T10:00:00Z'))).toBe('2025-03-02');
  });
});

describe('compactPayload', () => {
  it('drops empty strings, nulls and emptied objects but keeps array positions', () => {
    expect(
      compactPayload({
        a: '',
        b: null,
        c: '  ',
        d: { e: '' },
        f: [{ g: '' }, 'x'],
        h: 0,
        i: false,
        j: 'ok',
      }),
    ).toEqual({ f: [{}, 'x'], h: 0, i: false, j: 'ok' });
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const once = compactPayload(value);
        expect(compactPayload(once)).toEqual(once);
      }),
    );
  });
});

describe('getPath', () => {
  it('reads dotted paths and tolerates missing parts', () => {
    expect(getPath({ a: { b: [1, { c: 'x' }] } }, 'a.b.1.c')).toBe('x');
    expect(getPath({ a: 1 }, 'a.b.c')).toBeUndefined();
    expect(getPath(null, 'a')).toBeUndefined();
  });
});

describe('toValidationIssues', () => {
  const schema = z.object({
    name: z.string().min(1),
    code: z.string().min(3).max(5),
    count: z.number().int().min(0).max(10),
    size: z.number().min(2),
    tags: z.array(z.string()).min(1).max(2),
    pick: z.enum(['a', 'b']),
    when: z.iso.date(),
    id: z.uuid(),
    custom: z.string().refine(() => false, { message: 'errors.nik_digits' }),
    other: z.string().refine(() => false, { message: 'Some English text' }),
  });

  function issues(input: unknown) {
    const result = schema.safeParse(input, { reportInput: true });
    return result.success ? [] : toValidationIssues(result.error);
  }

  it('maps built-in zod issues to i18n keys with parameters', () => {
    expect(
      issues({
        name: '',
        code: 'abcdef',
        count: -1,
        size: 1,
        tags: ['x', 'y', 'z'],
        pick: 'c',
        when: '2025-13-01',
        id: 'nope',
        custom: 'x',
        other: 'y',
      }),
    ).toEqual([
      { path: 'name', key: 'errors.required' },
      { path: 'code', key: 'errors.too_long', params: { max: 5 } },
      { path: 'count', key: 'errors.negative' },
      { path: 'size', key: 'errors.too_small', params: { min: 2 } },
      { path: 'tags', key: 'errors.too_many', params: { max: 2 } },
      { path: 'pick', key: 'errors.invalid_option' },
      { path: 'when', key: 'errors.invalid_date' },
      { path: 'id', key: 'errors.invalid_uuid' },
      { path: 'custom', key: 'errors.nik_digits' },
      { path: 'other', key: 'errors.invalid' },
    ]);
  });

  it('tells missing from wrong values', () => {
    expect(issues({ code: 'ab', count: 11.5, tags: [], pick: undefined })).toEqual(
      expect.arrayContaining([
        { path: 'name', key: 'errors.required' },
        { path: 'code', key: 'errors.too_short', params: { min: 3 } },
        { path: 'tags', key: 'errors.required' },
        { path: 'pick', key: 'errors.required' },
      ]),
    );
    expect(issues({ name: 5 })).toContainEqual({ path: 'name', key: 'errors.invalid_type' });
  });

  it('recognises a missing value without reportInput from the default message', () => {
    const result = z.object({ a: z.string() }).safeParse({});
    expect(result.success).toBe(false);
    if (!result.success)
      expect(toValidationIssues(result.error)).toEqual([{ path: 'a', key: 'errors.required' }]);
  });
});
