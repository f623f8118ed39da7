// An export table of one kind: Indonesian headers (the same labels as the forms) and option
// labels instead of codes, one row per opened record. Built in the browser from memory; the
// server only hears "exported n records of kind k as format f" (audit), never the content.
import i18next, { type TFunction } from 'i18next';
import { getDeclaration, type FieldMeta } from '../../domain';
import { getPath } from '../../domain';
import { regionText } from '../../ui';
import type { OpenedRecord } from '../records/memory';

export interface ExportTable {
  headers: string[];
  rows: (string | number)[][];
}

/** Always Bahasa Indonesia: the district's reports are in Indonesian whatever the UI language. */
function indonesian(): TFunction {
  return i18next.getFixedT('id');
}

function optionText(field: FieldMeta, value: unknown, t: TFunction): string {
  return field.optionsKey ? t(`records:${field.optionsKey}.${String(value)}`) : String(value);
}

/** A field's value as text for a spreadsheet cell; numbers stay numbers. */
export function fieldText(field: FieldMeta, value: unknown, t: TFunction): string | number {
  if (value === undefined || value === null || value === '') return '';
  switch (field.input) {
    case 'number':
      return typeof value === 'number' ? value : String(value);
    case 'select':
      return optionText(field, value, t);
    case 'multiselect':
      return Array.isArray(value) ? value.map((v) => optionText(field, v, t)).join('; ') : '';
    case 'boolean':
      return t(value === true ? 'ui:yes' : 'ui:no');
    case 'region':
      return regionText(value);
    case 'recordLinks':
      return Array.isArray(value) ? value.join('; ') : '';
    case 'checklist': {
      const answers = (value ?? {}) as Record<
        string,
        { state?: string; note?: string } | undefined
      >;
      return (field.options ?? [])
        .filter((item) => answers[item])
        .map((item) => {
          const answer = answers[item] ?? {};
          const state = answer.state
            ? field.itemStatesKey
              ? t(`records:${field.itemStatesKey}.${answer.state}`)
              : answer.state
            : '';
          return `${optionText(field, item, t)}: ${state}${answer.note ? ` (${answer.note})` : ''}`;
        })
        .join('; ');
    }
    case 'group':
      return Array.isArray(value)
        ? value
            .map((item, index) => {
              const parts = (field.fields ?? [])
                .map((sub) => {
                  const text = fieldText(
                    sub,
                    getPath(item as Record<string, unknown>, sub.name),
                    t,
                  );
                  return text === '' ? '' : `${t(`records:${sub.labelKey}`)}: ${text}`;
                })
                .filter(Boolean);
              return `${index + 1}. ${parts.join(', ')}`;
            })
            .join(' | ')
        : '';
    default:
      return String(value);
  }
}

/** The table of every opened record of `kind` in `items` (others and unopened ones are left out). */
export function exportTable(kind: string, items: readonly OpenedRecord[]): ExportTable {
  const t = indonesian();
  const declaration = getDeclaration(kind);
  if (!declaration) return { headers: [], rows: [] };
  const fields = declaration.fields;
  const headers = [
    t('console:export.columns.id'),
    t('console:export.columns.device'),
    t('console:export.columns.savedAt'),
    t('console:export.columns.receivedAt'),
    t('console:export.columns.review'),
    ...fields.map((field) => t(`records:${field.labelKey}`)),
  ];
  const rows = items
    .filter((item) => item.row.kind === kind && item.payload !== undefined)
    .map((item) => [
      item.row.id,
      item.row.deviceLabel,
      item.row.createdAt,
      item.row.receivedAt,
      t(`console:review.states.${item.row.reviewState ?? 'none'}`),
      ...fields.map((field) => fieldText(field, getPath(item.payload!, field.name), t)),
    ]);
  return { headers, rows };
}
