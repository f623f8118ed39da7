// Read-only view of a record's payload, driven by the same declaration as the form: every filled
// field with its label, option labels instead of stored values, in section order. Shared by the
// phone's detail screen and the coordinator console; neither storage nor routing is known here,
// so linked records are rendered by the caller (`renderLinks`).
import { Fragment, type ComponentChildren } from 'preact';
import type { FieldMeta, RecordKindDeclaration } from '../domain/recordKind';
import { filledFieldsOf, getPath, applies, isFilled, regionText, type Payload } from './fields';
import { formatDate, formatNumber, useT, type t as translate } from './i18n';
import './ui.css';

type T = typeof translate;

/** How a caller renders the record UUIDs of a `recordLinks` field (titles, links…). */
export type RenderLinks = (ids: string[], field: FieldMeta) => ComponentChildren;

function optionLabel(field: FieldMeta, value: string, t: T): string {
  return field.optionsKey ? t(`records:${field.optionsKey}.${value}`) : value;
}

function FieldValue({
  field,
  value,
  renderLinks,
}: {
  field: FieldMeta;
  value: unknown;
  renderLinks?: RenderLinks;
}) {
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
      return <>{t(value === true ? 'ui:yes' : 'ui:no')}</>;
    case 'region':
      return <>{regionText(value)}</>;
    case 'recordLinks': {
      const ids = (value as unknown[]).map(String);
      return renderLinks ? (
        <>{renderLinks(ids, field)}</>
      ) : (
        <>{t('ui:linkedCount', { count: ids.length })}</>
      );
    }
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
                  fields={(field.fields ?? []).filter(
                    (sub) => applies(sub, item) && isFilled(getPath(item, sub.name)),
                  )}
                  payload={item}
                  renderLinks={renderLinks}
                />
              </dl>
            </li>
          ))}
        </ol>
      );
  }
}

function FieldRows({
  fields,
  payload,
  renderLinks,
}: {
  fields: readonly FieldMeta[];
  payload: Payload;
  renderLinks?: RenderLinks;
}) {
  const t = useT();
  return (
    <>
      {fields.map((field) => (
        <Fragment key={field.name}>
          <dt>{t(`records:${field.labelKey}`)}</dt>
          <dd>
            <FieldValue
              field={field}
              value={getPath(payload, field.name)}
              renderLinks={renderLinks}
            />
          </dd>
        </Fragment>
      ))}
    </>
  );
}

/** Every filled field of the payload, one block (h2 + label/value list) per section. */
export function FieldValues({
  declaration,
  payload,
  renderLinks,
}: {
  declaration: RecordKindDeclaration;
  payload: Payload;
  renderLinks?: RenderLinks;
}) {
  const t = useT();
  return (
    <>
      {declaration.sections.map((section) => {
        const fields = filledFieldsOf(declaration, section, payload);
        if (fields.length === 0) return null;
        return (
          <section key={section} class="detail-section">
            <h2>{t(`records:${declaration.kind}.sections.${section}`)}</h2>
            <dl class="facts">
              <FieldRows fields={fields} payload={payload} renderLinks={renderLinks} />
            </dl>
          </section>
        );
      })}
    </>
  );
}
