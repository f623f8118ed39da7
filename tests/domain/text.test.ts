import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getDeclaration, validateRecordPayload } from '../../src/domain';
import { volunteerProfileSchema } from '../../src/domain/profile';
import { csvCell, isPlausibleDate, neutralizeText, textProblem } from '../../src/domain/text';

const FORBIDDEN = [
  ...Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).filter(
    (c) => !['\t', '\n', '\r'].includes(c),
  ),
  '\u007f',
  '\u0085',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
];

describe('text hygiene (one rule for phone, server and console)', () => {
  it('refuses NUL, other controls, bidi overrides and names of only invisible characters', () => {
    expect(textProblem('Siti\u0000')).toBe('control');
    expect(textProblem('bel\u0007')).toBe('control');
    expect(textProblem('\u202Egnp.exe')).toBe('bidi');
    expect(textProblem('a\u2066b')).toBe('bidi');
    expect(textProblem('\u200B\u3164 \u2800')).toBe('invisible');
    expect(textProblem('Siti Aminah')).toBeUndefined();
    expect(textProblem('baris satu\nbaris dua\tdengan tab')).toBeUndefined();
    expect(textProblem('')).toBeUndefined();
  });

  it('property: any text with a forbidden character is refused; plain text is kept', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom(...FORBIDDEN), fc.string(), (a, bad, b) => {
        expect(textProblem(a + bad + b)).toBeDefined();
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z][A-Za-z .,'-]{0,40}$/), (name) => {
        expect(textProblem(name)).toBeUndefined();
      }),
    );
  });

  it('the kinds and the profile refuse such text through their zod schemas (what the server runs)', () => {
    const migrant = getDeclaration('migrant')!;
    const example = migrant.examples[0] as Record<string, unknown>;
    expect(validateRecordPayload('migrant', migrant.schemaVersion, example).ok).toBe(true);
    for (const [name, key] of [
      ['Rina\u0000', 'errors.text_control'],
      ['Rina\u202E', 'errors.text_bidi'],
      ['\u3164\u200B', 'errors.text_invisible'],
    ] as const) {
      const result = validateRecordPayload('migrant', migrant.schemaVersion, { ...example, name });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.issues).toContainEqual({ path: 'name', key });
    }
    const profile = volunteerProfileSchema.safeParse({
      name: '\u200B',
      role: 'relawan',
      provinceCode: '33',
      villageName: 'Sukamaju',
      trainedInVictimHandling: false,
    });
    expect(profile.success).toBe(false);
  });

  it('refuses dates outside 1900–2100 (year 0000, 9999)', () => {
    expect(isPlausibleDate('0000-01-01')).toBe(false);
    expect(isPlausibleDate('9999-12-31')).toBe(false);
    expect(isPlausibleDate('1945-08-17')).toBe(true);
    const migrant = getDeclaration('migrant')!;
    const example = migrant.examples[0] as Record<string, unknown>;
    const result = validateRecordPayload('migrant', migrant.schemaVersion, {
      ...example,
      dateOfBirth: '0000-01-01',
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues).toContainEqual({
        path: 'dateOfBirth',
        key: 'errors.date_out_of_range',
      });
    }
  });

  it('CSV cells: formulas prefixed, controls and bidi neutralised, quoting per RFC 4180', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell('+62 812')).toBe("'+62 812");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\u202Egnp')).toBe('\uFFFDgnp');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell(-1)).toBe('-1');
    expect(csvCell(null)).toBe('');
  });

  it('property: a CSV cell never starts a formula and never carries a control or bidi character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const cell = csvCell(s);
        const inner = cell.startsWith('"') ? cell.slice(1) : cell;
        expect(/^[=+\-@\t\r]/.test(inner)).toBe(false);
        expect(textProblem(neutralizeText(s)) === 'control').toBe(false);
        // Every character of the cell: no control (except tab/LF/CR) and no bidi character.
        for (const ch of cell) {
          const code = ch.codePointAt(0)!;
          const control =
            (code < 0x20 && ![9, 10, 13].includes(code)) || (code >= 0x7f && code <= 0x9f);
          const bidi = (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
          expect(control || bidi).toBe(false);
        }
      }),
    );
  });
});
