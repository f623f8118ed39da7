// PIN rules: a PIN is 6–12 digits and is not one an attacker tries first — repeats, sequences,
// repeated blocks, dates, keypad patterns, well-known PINs. Pure; the phone's PIN step and the
// vault (src/data) both apply it, so a weak PIN can never be set.

export const MIN_PIN_LENGTH = 6;
export const MAX_PIN_LENGTH = 12;

export type PinProblem =
  'too_short' | 'too_long' | 'not_digits' | 'repeat' | 'sequence' | 'pattern' | 'date' | 'common';

export type PinVerdict = { ok: true } | { ok: false; problem: PinProblem };

/** PINs people choose often that the rules below do not already catch (keypad shapes, dates
 * of national days, numbers with a meaning). */
const COMMON_PINS = new Set([
  '112233',
  '123321',
  '123654',
  '147258',
  '147369',
  '147852',
  '159357',
  '159753',
  '258369',
  '258456',
  '321654',
  '369258',
  '456123',
  '741852',
  '741963',
  '789123',
  '789456',
  '852456',
  '963852',
  '987456',
  '102030',
  '112358',
  '142857',
  '314159',
  '131420',
  '520131',
  '11223344',
  '12344321',
  '1234554321',
]);

/** Every digit the same step (mod 10) from the one before: 111111, 123456, 987654, 246802, 890123. */
function isArithmetic(digits: number[]): boolean {
  const step = (digits[1]! - digits[0]! + 10) % 10;
  return digits.every((d, i) => i === 0 || (d - digits[i - 1]! + 10) % 10 === step);
}

/** The PIN is one block repeated: 121212, 123123, 45674567. */
function isRepeatedBlock(pin: string): boolean {
  for (let size = 1; size <= pin.length / 2; size++) {
    if (pin.length % size !== 0) continue;
    if (pin.slice(0, size).repeat(pin.length / size) === pin) return true;
  }
  return false;
}

/** Mirror halves (123321, 100001) are as guessable as repeats. */
function isPalindrome(pin: string): boolean {
  return pin.length >= 6 && [...pin].reverse().join('') === pin;
}

function validDayMonth(day: number, month: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

function validYear(year: number): boolean {
  return year >= 1900 && year <= 2099;
}

const n = (s: string) => Number.parseInt(s, 10);

/** A birthday, an anniversary or a national day: DDMMYY, MMDDYY, YYMMDD, MMYYYY, YYYYMM in six
 * digits; DDMMYYYY, MMDDYYYY, YYYYMMDD in eight. 170845 is 17 August 1945. */
export function looksLikeDate(pin: string): boolean {
  if (pin.length === 6) {
    const [a, b, c] = [n(pin.slice(0, 2)), n(pin.slice(2, 4)), n(pin.slice(4, 6))];
    if (validDayMonth(a, b) || validDayMonth(b, a) || validDayMonth(c, b)) return true;
    const monthYear = validYear(n(pin.slice(2))) && a >= 1 && a <= 12;
    const yearMonth = validYear(n(pin.slice(0, 4))) && c >= 1 && c <= 12;
    return monthYear || yearMonth;
  }
  if (pin.length === 8) {
    const [a, b] = [n(pin.slice(0, 2)), n(pin.slice(2, 4))];
    const tailYear = validYear(n(pin.slice(4)));
    if (tailYear && (validDayMonth(a, b) || validDayMonth(b, a))) return true;
    const headYear = validYear(n(pin.slice(0, 4)));
    return headYear && validDayMonth(n(pin.slice(6)), n(pin.slice(4, 6)));
  }
  return false;
}

/** Whether `pin` may protect the phone's data, and if not, why (for the message). */
export function checkPinStrength(pin: string): PinVerdict {
  if (!/^\d*$/.test(pin)) return { ok: false, problem: 'not_digits' };
  if (pin.length < MIN_PIN_LENGTH) return { ok: false, problem: 'too_short' };
  if (pin.length > MAX_PIN_LENGTH) return { ok: false, problem: 'too_long' };
  const digits = [...pin].map(Number);
  if (new Set(digits).size < 3) return { ok: false, problem: 'repeat' };
  if (isArithmetic(digits)) return { ok: false, problem: 'sequence' };
  if (isRepeatedBlock(pin) || isPalindrome(pin)) return { ok: false, problem: 'pattern' };
  if (looksLikeDate(pin)) return { ok: false, problem: 'date' };
  if (COMMON_PINS.has(pin)) return { ok: false, problem: 'common' };
  return { ok: true };
}
