// A record's one-line summary and its labelled export row, in words of the chosen language. One
// helper for every list line, page title and linked-record line of the phone, and for the
// coordinator console: option codes become their labels (a country's name, not "MY"; "UPTD PPA",
// not "uptd_ppa"; "Risiko tinggi", not "TINGGI"), dates are formatted, counts get their unit.
// Pure over a translate function so Node tooling (browser tests) can render the same line.
import { getDeclaration } from '../domain/index';
import type { SummaryPart } from '../domain/recordKind';
import { formatDate, t as activeT } from './i18n';

/** A translate function over the `records` namespace keys (and others), as i18next's `t`. */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

export interface SummaryOptions {
  /**
   * False where others may see the screen (home): names, initials and household names are left
   * out, so only what kind of record it is, where, when and its state remain.
   */
  names?: boolean;
  translate?: Translate;
  date?: (iso: string) => string;
}

const SEPARATOR = ' · ';

function optionWords(optionsKey: string, value: string | readonly string[], tr: Translate): string {
  const codes = typeof value === 'string' ? [value] : value;
  return codes
    .map((code) => tr(`records:${optionsKey}.${code}`, { defaultValue: code }))
    .join(', ');
}

/** The parts put in words and joined by " · "; empty parts are skipped. */
export function renderSummary(parts: readonly SummaryPart[], options: SummaryOptions = {}): string {
  const tr = options.translate ?? activeT;
  const date = options.date ?? ((iso: string) => formatDate(iso));
  const names = options.names ?? true;
  const words = parts.map((part): string => {
    if ('text' in part) {
      if (part.identifying && !names) return '';
      return part.text === undefined ? '' : String(part.text);
    }
    if ('date' in part) return part.date ? date(part.date) : '';
    if ('count' in part)
      return part.count === undefined ? '' : tr(`records:${part.countKey}`, { count: part.count });
    return part.value === undefined ? '' : optionWords(part.optionsKey, part.value, tr);
  });
  return words
    .map((word) => word.trim())
    .filter((word) => word.length > 0)
    .join(SEPARATOR);
}

/**
 * The summary of a payload of `kind` in words ('' when the kind is unknown or the payload, e.g.
 * a draft or a record of an older version, lacks what the summary reads).
 */
export function summaryText(
  kind: string,
  payload: Record<string, unknown>,
  options: SummaryOptions = {},
): string {
  try {
    const parts = getDeclaration(kind)?.summaryParts(payload);
    return parts ? renderSummary(parts, options) : '';
  } catch {
    return '';
  }
}

export type ExportCell = string | number | boolean | null;

/**
 * The CSV columns of a kind with labelled values: option codes (single or joined by `;`) become
 * their labels joined by "; ", yes/no become words. Keys stay the stable snake_case headers.
 */
export function exportRow(
  kind: string,
  payload: Record<string, unknown>,
  translate: Translate = activeT,
): { key: string; value: ExportCell }[] {
  const declaration = getDeclaration(kind);
  if (!declaration) return [];
  return declaration.exportColumns.map((column) => {
    let value: ExportCell;
    try {
      value = column.value(payload);
    } catch {
      value = null;
    }
    if (typeof value === 'boolean')
      return { key: column.key, value: translate(value ? 'ui:yes' : 'ui:no') };
    if (typeof value === 'string' && column.optionsKey && value !== '') {
      const codes = value.split(';');
      return {
        key: column.key,
        value: codes
          .map((code) => translate(`records:${column.optionsKey}.${code}`, { defaultValue: code }))
          .join('; '),
      };
    }
    return { key: column.key, value };
  });
}
