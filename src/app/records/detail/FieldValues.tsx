// Read-only view of a record's payload, driven by the same declaration as the form: every filled
// field with its label, option labels instead of stored values, in section order.
import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { FieldMeta, RecordKindDeclaration } from '../../../domain/recordKind';
import { getRecord, type StoredRecord } from '../../../data/index';
import { formatDate, formatNumber, useT } from '../../i18n';
import { applies, fieldsForSection, getPath, isFilled, type Payload } from '../form/model';
import { summaryOf } from '../recordText';

type T = ReturnType<typeof useT>;

function optionLabel(field: FieldMeta, value: string, t: T): string {
  return field.optionsKey ? t(`records:${field.optionsKey}.${value}`) : value;
}

/** A region reference as people read it: village, district, regency, then the typed detail. */
export function regionText(value: unknown): string {
  if (value === null || typeof value !== 'object') return '';
  const region = value as Record<string, unknown>;
  return ['detail', 'villageName', 'districtName', 'regencyName']
    .map((key) => region[key])
    .filter((part): part is string => typeof part === 'string' && part.trim() !== '')
    .join(', ');
}

function LinkedRecords({ ids }: { ids: string[] }) {
  const t = useT();
  const [records, setRecords] = useState<(StoredRecord | undefined)[]>([]);
  const key = ids.join(',');
  useEffect(() => {
    let live = true;
    void Promise.all(ids.map((id) => getRecord(id))).then((found) => {
      if (live) setRecords(found);
    });
    return () => {
      live = false;
    };
  }, [key]);
  return (
    <ul class="plain-list">
      {ids.map((id, index) => {
        const record = records[index];
        return (
          <li key={id}>
            {record && !record.deleted ? (
              <a href={`#/record/${id}`}>
                {t(`forms:kinds.${record.kind}`)}: {summaryOf(record) || t('forms:list.untitled')}
              </a>
            ) : (
              t('forms:links.missing')
            )}
          </li>
        );
      })}
    </ul>
  );
}

function FieldValue({ field, value }: { field: FieldMeta; value: unknown }) {
  const t = useT();
  switch (field.input) {
    case 'text':
    case 'textarea':
      return <span class="pre-line">{String(value)}</span>;
    case 'number':
      return <>{typeof value === 'number' ? formatNumber(value) : String(value)}</>;
    case 'date':
      return <>{typeof value === 'string' ? formatDate(value) : String(value)}</>;
    case 'select':
      return <>{optionLabel(field, String(value), t)}</>;
    case 'multiselect':
      return (
        <>{(value as unknown[]).map((item) => optionLabel(field, String(item), t)).join(', ')}</>
      );
    case 'boolean':
      return <>{t(value === true ? 'forms:common.yes' : 'forms:common.no')}</>;
    case 'region':
      return <>{regionText(value)}</>;
    case 'recordLinks':
      return <LinkedRecords ids={(value as unknown[]).map(String)} />;
    case 'checklist': {
      const answers = value as Record<string, { state?: string; note?: string } | undefined>;
      return (
        <ul class="plain-list">
          {(field.options ?? [])
            .filter((item) => answers[item])
            .map((item) => {
              const answer = answers[item] ?? {};
              const state = answer.state
                ? field.itemStatesKey
                  ? t(`records:${field.itemStatesKey}.${answer.state}`)
                  : answer.state
                : '';
              return (
                <li key={item}>
                  <strong>{optionLabel(field, item, t)}</strong>: {state}
                  {answer.note ? ` (${answer.note})` : ''}
                </li>
              );
            })}
        </ul>
      );
    }
    case 'group':
      return (
        <ol class="plain-list">
          {(value as Payload[]).map((item, index) => (
            <li key={index}>
              <dl class="facts">
                <FieldRows
                  fields={(field.fields ?? []).filter((sub) => applies(sub, item))}
                  payload={item}
                />
              </dl>
            </li>
          ))}
        </ol>
      );
  }
}

function FieldRows({ fields, payload }: { fields: readonly FieldMeta[]; payload: Payload }) {
  const t = useT();
  return (
    <>
      {fields
        .filter((field) => isFilled(getPath(payload, field.name)))
        .map((field) => (
          <Fragment key={field.name}>
            <dt>{t(`records:${field.labelKey}`)}</dt>
            <dd>
              <FieldValue field={field} value={getPath(payload, field.name)} />
            </dd>
          </Fragment>
        ))}
    </>
  );
}

/** Every filled field of the payload, one block per section. */
export function FieldValues({
  declaration,
  payload,
}: {
  declaration: RecordKindDeclaration;
  payload: Payload;
}) {
  const t = useT();
  return (
    <>
      {declaration.sections.map((section) => {
        const fields = fieldsForSection(declaration, section, payload).filter((field) =>
          isFilled(getPath(payload, field.name)),
        );
        if (fields.length === 0) return null;
        return (
          <section key={section} class="detail-section">
            <h2>{t(`records:${declaration.kind}.sections.${section}`)}</h2>
            <dl class="facts">
              <FieldRows fields={fields} payload={payload} />
            </dl>
          </section>
        );
      })}
    </>
  );
}
