// Text hygiene: the one rule for every free-text field on the phone, the server and the console.
// Refused: NUL and the other C0/C1 control characters (tab, line feed and carriage return are
// allowed in long text), bidirectional overrides, embeddings and isolates (they make a name read
// differently from what is stored — "Trojan Source"), and text made only of invisible characters.
// Exports escape what they write (csvCell).

/** C0 controls except tab/LF/CR, DEL, and C1 controls. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
/** Bidi embeddings/overrides (LRE RLE PDF LRO RLO) and isolates (LRI RLI FSI PDI). */
const BIDI = /[\u202A-\u202E\u2066-\u2069]/u;
/** Characters that show nothing: spaces, format characters, fillers. */
const INVISIBLE = /[\s\p{Cf}\p{Zs}\u115F\u1160\u3164\uFFA0\u2800\u180E]|\u034F/gu;

export type TextProblem = 'control' | 'bidi' | 'invisible';

/** Why `text` may not be stored, or undefined when it may. Empty text is for `required` to judge. */
export function textProblem(text: string): TextProblem | undefined {
  if (CONTROL.test(text)) return 'control';
  if (BIDI.test(text)) return 'bidi';
  if (text.length > 0 && text.replace(INVISIBLE, '').length === 0) return 'invisible';
  return undefined;
}

/** The i18n key (records namespace) of a text problem. */
export const TEXT_ERROR_KEYS: Record<TextProblem, string> = {
  control: 'errors.text_control',
  bidi: 'errors.text_bidi',
  invisible: 'errors.text_invisible',
};

/** Earliest and latest date a record may carry (birth dates of the old, plans of next years). */
export const MIN_PLAUSIBLE_DATE = '1900-01-01';
export const MAX_PLAUSIBLE_DATE = '2100-12-31';

/** Whether a 'YYYY-MM-DD' date lies in [1900-01-01, 2100-12-31] (year 0000 and 9999 do not). */
export function isPlausibleDate(date: string): boolean {
  return date >= MIN_PLAUSIBLE_DATE && date <= MAX_PLAUSIBLE_DATE;
}

/** Text as it may go into an export: controls and bidi characters become U+FFFD. */
export function neutralizeText(text: string): string {
  return text.replace(new RegExp(`${CONTROL.source}|${BIDI.source}`, 'gu'), '\uFFFD');
}

/**
 * A CSV cell per RFC 4180: controls and bidi characters neutralised, text a spreadsheet would run
 * as a formula (starting with = + - @, tab or CR) prefixed with ', quoted when needed.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? neutralizeText(value) : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(value)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
