import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPinStrength, looksLikeDate } from '../../src/domain/pin';

const digit = fc.integer({ min: 0, max: 9 });
const problem = (pin: string) => {
  const v = checkPinStrength(pin);
  return v.ok ? 'ok' : v.problem;
};

describe('PIN rules', () => {
  it('refuses the PINs attackers try first, each with its reason', () => {
    expect(problem('123456')).toBe('sequence');
    expect(problem('654321')).toBe('sequence');
    expect(problem('890123')).toBe('sequence');
    expect(problem('246802')).toBe('sequence');
    expect(problem('000000')).toBe('repeat');
    expect(problem('112211')).toBe('repeat');
    expect(problem('123123')).toBe('pattern');
    expect(problem('123321')).toBe('pattern');
    expect(problem('170845')).toBe('date'); // 17-08-45, DDMMYY
    expect(problem('081745')).toBe('date'); // MMDDYY
    expect(problem('450817')).toBe('date'); // YYMMDD
    expect(problem('081945')).toBe('date'); // MMYYYY
    expect(problem('199708')).toBe('date'); // YYYYMM
    expect(problem('17081945')).toBe('date');
    expect(problem('19450817')).toBe('date');
    expect(problem('147258')).toBe('common');
    expect(problem('12345')).toBe('too_short');
    expect(problem('1234567890123')).toBe('too_long');
    expect(problem('12a456')).toBe('not_digits');
    expect(problem('275190')).toBe('ok');
    expect(problem('603718')).toBe('ok');
  });

  it('property: every one-digit repeat and every constant-step sequence is refused', () => {
    fc.assert(
      fc.property(digit, digit, fc.integer({ min: 6, max: 12 }), (start, step, length) => {
        const pin = Array.from({ length }, (_, i) => (start + i * step) % 10).join('');
        expect(checkPinStrength(pin).ok).toBe(false);
      }),
    );
  });

  it('property: a block repeated is refused, whatever the block', () => {
    fc.assert(
      fc.property(
        fc.array(digit, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 2, max: 6 }),
        (block, times) => {
          const pin = block.join('').repeat(times);
          fc.pre(pin.length >= 6 && pin.length <= 12);
          expect(checkPinStrength(pin).ok).toBe(false);
        },
      ),
    );
  });

  it('property: every real date as DDMMYY, YYMMDD, MMDDYY, DDMMYYYY or YYYYMMDD is refused', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1900-01-01T00:00:00Z'),
          max: new Date('2099-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.constantFrom('DDMMYY', 'YYMMDD', 'MMDDYY', 'DDMMYYYY', 'YYYYMMDD'),
        (date, format) => {
          const iso = date.toISOString();
          const [yyyy, mm, dd] = [iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10)];
          const pin = format
            .replace('YYYY', yyyy)
            .replace('YY', yyyy.slice(2))
            .replace('MM', mm)
            .replace('DD', dd);
          expect(looksLikeDate(pin) || !checkPinStrength(pin).ok).toBe(true);
          expect(checkPinStrength(pin).ok).toBe(false);
        },
      ),
    );
  });

  it('property: the verdict is total and only "ok" for 6–12 digits', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (s) => {
        const v = checkPinStrength(s);
        if (v.ok) expect(s).toMatch(/^\d{6,12}$/);
      }),
    );
  });

  it('leaves most random 6-digit PINs allowed (the rules are not a lottery)', () => {
    let allowed = 0;
    for (let i = 0; i < 1_000_000; i += 997) {
      if (checkPinStrength(String(i).padStart(6, '0')).ok) allowed++;
    }
    // ~1003 samples; dates take about a tenth of the space.
    expect(allowed / 1004).toBeGreaterThan(0.75);
  });
});
