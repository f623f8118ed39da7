// One input of the generic form, chosen by FieldMeta.input. Every control has a visible label
// tied to it (`<label for>` or `<fieldset><legend>`), help via aria-describedby, and its errors
// right below it (aria-invalid + text in the user's language).
import { useEffect, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import type { FieldMeta } from '../../../domain/recordKind';
import type { ValidationIssue } from '../../../domain/validation';
import { localToday, MAX_LONG_TEXT } from '../../../domain/common';
import { glossaryFor } from '../../../domain/glossary';
import { askedOptions } from '../../../domain/sameFacts';
import { useT } from '../../i18n';
import { GlossaryToggle, SpeakButton, TextCounter } from './FormAids';
import {
  answersWithButtons,
  applies,
  dateBounds,
  errorDomId,
  fieldDomId,
  getPath,
  helpDomId,
  isWithin,
  parseNumberInput,
  toggleOption,
  type Payload,
} from './model';
import { RegionField } from './RegionField';
import { RecordLinksField } from './RecordLinksField';

export interface FieldContext {
  /** The kind of the record (glossary entries are per kind and field). */
  kind?: string;
  /** Today (YYYY-MM-DD, the phone's calendar): the end of past dates, the start of follow-ups. */
  today?: string;
  /** The record being edited (never offered as a link to itself). */
  recordId: string;
  /** The volunteer's province: the region picker searches its cached chunk. */
  provinceCode?: string;
}

export interface FieldProps {
  field: FieldMeta;
  /** Full payload path of this field (group items: `group.0.name`). */
  path: string;
  value: unknown;
  issues: readonly ValidationIssue[];
  onChange: (path: string, value: unknown) => void;
  context: FieldContext;
}

/** Translated messages of the given issues. */
function useMessages(issues: readonly ValidationIssue[]): string[] {
  const t = useT();
  return issues.map((issue) => t(`records:${issue.key}`, issue.params));
}

export function FieldErrors({ id, issues }: { id: string; issues: readonly ValidationIssue[] }) {
  const messages = useMessages(issues);
  if (messages.length === 0) return null;
  return (
    <p id={id} class="field-error">
      {[...new Set(messages)].join(' ')}
    </p>
  );
}

/** DOM id of a long text's character counter. */
const counterDomId = (path: string) => `${fieldDomId(path)}-counter`;

/** Describe-by ids: help (when the field has one), the counter and the error text. */
function describedBy(field: FieldMeta, path: string, hasError: boolean): string | undefined {
  const ids = [
    field.helpKey ? helpDomId(path) : '',
    field.input === 'textarea' ? counterDomId(path) : '',
    hasError ? errorDomId(path) : '',
  ];
  const joined = ids.filter(Boolean).join(' ');
  return joined || undefined;
}

function HelpText({ field, path }: { field: FieldMeta; path: string }) {
  const t = useT();
  if (!field.helpKey) return null;
  return (
    <p id={helpDomId(path)} class="field-help">
      {t(`records:${field.helpKey}`)}
    </p>
  );
}

function RequiredMark({ field }: { field: FieldMeta }) {
  const t = useT();
  if (!field.required) return null;
  return (
    <span class="required-mark">
      {' '}
      <span aria-hidden="true">*</span>
      <span class="visually-hidden">{t('forms:form.required')}</span>
    </span>
  );
}

function optionLabel(field: FieldMeta, value: string, t: ReturnType<typeof useT>): string {
  return field.optionsKey ? t(`records:${field.optionsKey}.${value}`) : value;
}

/** The values a one-tap choice offers, as strings (booleans: "true" / "false"). */
function choiceValues(field: FieldMeta): string[] {
  return field.input === 'boolean' ? ['true', 'false'] : [...askedOptions(field)];
}

function choiceLabel(field: FieldMeta, value: string, t: ReturnType<typeof useT>): string {
  if (field.input === 'boolean')
    return t(value === 'true' ? 'forms:common.yes' : 'forms:common.no');
  return optionLabel(field, value, t);
}

/** What "Bacakan" says for a question: its label, its help and its options. */
function spokenText(field: FieldMeta, t: ReturnType<typeof useT>): string {
  const parts = [t(`records:${field.labelKey}`)];
  if (field.helpKey) parts.push(t(`records:${field.helpKey}`));
  const options =
    field.input === 'boolean' || field.input === 'select' || field.input === 'multiselect'
      ? choiceValues(field)
      : field.input === 'checklist'
        ? [...(field.options ?? [])]
        : [];
  if (options.length > 0)
    parts.push(options.map((value) => choiceLabel(field, value, t)).join('. '));
  return parts.join('. ');
}

/** Read-aloud and "Apa artinya?" beside a question's label. */
function QuestionAids({
  field,
  path,
  context,
}: {
  field: FieldMeta;
  path: string;
  context: FieldContext;
}) {
  const t = useT();
  return (
    <div class="question-aids">
      <SpeakButton text={() => spokenText(field, t)} label={t(`records:${field.labelKey}`)} />
      <GlossaryToggle id={fieldDomId(path)} terms={glossaryFor(context.kind ?? '', path)} />
    </div>
  );
}

function Fieldset({
  field,
  path,
  issues,
  context,
  children,
}: {
  field: FieldMeta;
  path: string;
  issues: readonly ValidationIssue[];
  context: FieldContext;
  children: ComponentChildren;
}) {
  const t = useT();
  return (
    <fieldset
      class="field"
      id={fieldDomId(path)}
      tabIndex={-1}
      aria-describedby={describedBy(field, path, issues.length > 0)}
    >
      <legend>
        {t(`records:${field.labelKey}`)}
        <RequiredMark field={field} />
      </legend>
      <QuestionAids field={field} path={path} context={context} />
      <HelpText field={field} path={path} />
      {children}
      <FieldErrors id={errorDomId(path)} issues={issues} />
    </fieldset>
  );
}

/** Renders the control for one field; fields that do not apply are not rendered at all. */
export function FieldControl(props: FieldProps) {
  const { field, path, value, issues, onChange, context } = props;
  const t = useT();
  const own = issues.filter((issue) => isWithin(issue.path, path));
  const invalid = own.length > 0;
  const id = fieldDomId(path);
  const common = {
    id,
    name: path,
    'aria-invalid': invalid ? ('true' as const) : undefined,
    'aria-describedby': describedBy(field, path, invalid),
    required: field.required,
  };
  const label = (
    <>
      <label for={id}>
        {t(`records:${field.labelKey}`)}
        <RequiredMark field={field} />
      </label>
      <QuestionAids field={field} path={path} context={context} />
    </>
  );
  const tail = (
    <>
      <HelpText field={field} path={path} />
      <FieldErrors id={errorDomId(path)} issues={own} />
    </>
  );

  switch (field.input) {
    case 'text':
      return (
        <div class="field">
          {label}
          <input
            {...common}
            type="text"
            inputMode={field.inputMode}
            autoComplete="off"
            value={typeof value === 'string' ? value : ''}
            onInput={(e) => onChange(path, e.currentTarget.value)}
          />
          {tail}
        </div>
      );
    case 'textarea':
      return (
        <div class="field">
          {label}
          <textarea
            {...common}
            rows={4}
            value={typeof value === 'string' ? value : ''}
            onInput={(e) => onChange(path, e.currentTarget.value)}
          />
          <TextCounter
            id={counterDomId(path)}
            length={typeof value === 'string' ? value.length : 0}
            max={MAX_LONG_TEXT}
          />
          {tail}
        </div>
      );
    case 'number':
      return (
        <div class="field">
          {label}
          <NumberInput common={common} value={value} onValue={(v) => onChange(path, v)} />
          {tail}
        </div>
      );
    case 'date':
      return (
        <div class="field">
          {label}
          <input
            {...common}
            type="date"
            {...dateBounds(field, context.today ?? localToday())}
            value={typeof value === 'string' ? value : ''}
            onInput={(e) => onChange(path, e.currentTarget.value || undefined)}
          />
          {tail}
        </div>
      );
    case 'select':
      if (answersWithButtons(field)) return <ChoiceButtons {...props} />;
      return (
        <div class="field">
          {label}
          <select
            {...common}
            value={typeof value === 'string' ? value : ''}
            onChange={(e) => onChange(path, e.currentTarget.value || undefined)}
          >
            <option value="">{t('forms:form.choose')}</option>
            {(field.options ?? []).map((option) => (
              <option key={option} value={option}>
                {optionLabel(field, option, t)}
              </option>
            ))}
          </select>
          {tail}
        </div>
      );
    case 'multiselect': {
      const selected = Array.isArray(value) ? (value as string[]) : [];
      return (
        <Fieldset field={field} path={path} issues={own} context={context}>
          {askedOptions(field).map((option) => (
            <label class="choice" key={option}>
              <input
                type="checkbox"
                name={path}
                value={option}
                checked={selected.includes(option)}
                aria-invalid={invalid ? 'true' : undefined}
                onChange={(e) =>
                  onChange(
                    path,
                    toggleOption(field.options ?? [], selected, option, e.currentTarget.checked),
                  )
                }
              />
              <span>{optionLabel(field, option, t)}</span>
            </label>
          ))}
        </Fieldset>
      );
    }
    case 'boolean':
      return <ChoiceButtons {...props} />;
    case 'checklist':
      return (
        <Fieldset
          field={field}
          path={path}
          issues={issues.filter((i) => i.path === path)}
          context={context}
        >
          <ChecklistItems {...props} />
        </Fieldset>
      );
    case 'region':
      return (
        <Fieldset field={field} path={path} issues={own} context={context}>
          <RegionField
            path={path}
            value={value}
            invalid={invalid}
            provinceCode={context.provinceCode}
            onChange={(v) => onChange(path, v)}
          />
        </Fieldset>
      );
    case 'recordLinks':
      return (
        <Fieldset field={field} path={path} issues={own} context={context}>
          <RecordLinksField
            path={path}
            value={value}
            kinds={field.linkKinds ?? []}
            excludeId={context.recordId}
            onChange={(v) => onChange(path, v)}
          />
        </Fieldset>
      );
    case 'group':
      return (
        <Fieldset
          field={field}
          path={path}
          issues={issues.filter((i) => i.path === path)}
          context={context}
        >
          <GroupItems {...props} />
        </Fieldset>
      );
  }
}

function NumberInput({
  common,
  value,
  onValue,
}: {
  common: Record<string, unknown>;
  value: unknown;
  onValue: (value: number | undefined) => void;
}) {
  const external = typeof value === 'number' ? String(value) : '';
  // Keep what the person typed (e.g. "1," on the way to "1,5") while the payload holds a number.
  const [raw, setRaw] = useState(external);
  useEffect(() => {
    if (parseNumberInput(raw) !== (typeof value === 'number' ? value : undefined)) setRaw(external);
    // Only an outside change of the value (a restored draft) resets the text.
  }, [external]);
  return (
    <input
      {...common}
      type="number"
      inputMode="numeric"
      min={0}
      step={1}
      value={raw}
      onInput={(e) => {
        setRaw(e.currentTarget.value);
        onValue(parseNumberInput(e.currentTarget.value));
      }}
    />
  );
}

function ChecklistItems({ field, path, value, issues, onChange }: FieldProps) {
  const t = useT();
  const states = field.itemStates ?? [];
  const answers = (value !== null && typeof value === 'object' ? value : {}) as Record<
    string,
    { state?: string; note?: string } | undefined
  >;
  return (
    <div class="checklist">
      {(field.options ?? []).map((item) => {
        const itemPath = `${path}.${item}`;
        const itemIssues = issues.filter((issue) => isWithin(issue.path, itemPath));
        const answer = answers[item] ?? {};
        const itemLabel = optionLabel(field, item, t);
        const update = (next: { state?: string; note?: string }) => {
          const merged = { ...answer, ...next };
          if (!merged.note) delete merged.note;
          onChange(path, { ...answers, [item]: merged });
        };
        return (
          <fieldset
            class="checklist-item"
            key={item}
            aria-describedby={itemIssues.length ? errorDomId(itemPath) : undefined}
          >
            <legend>{itemLabel}</legend>
            <div class="checklist-states">
              {states.map((state, index) => (
                <label class="choice" key={state}>
                  <input
                    type="radio"
                    id={index === 0 ? fieldDomId(itemPath) : undefined}
                    name={itemPath}
                    value={state}
                    checked={answer.state === state}
                    aria-invalid={itemIssues.length ? 'true' : undefined}
                    onChange={() => update({ state })}
                  />
                  <span>
                    {field.itemStatesKey ? t(`records:${field.itemStatesKey}.${state}`) : state}
                  </span>
                </label>
              ))}
            </div>
            <div class="field checklist-note">
              <label for={fieldDomId(`${itemPath}.note`)}>
                {t('forms:form.note')}
                <span class="visually-hidden">: {itemLabel}</span>
              </label>
              <input
                type="text"
                id={fieldDomId(`${itemPath}.note`)}
                autoComplete="off"
                value={answer.note ?? ''}
                onInput={(e) => update({ note: e.currentTarget.value })}
              />
            </div>
            <FieldErrors id={errorDomId(itemPath)} issues={itemIssues} />
          </fieldset>
        );
      })}
    </div>
  );
}

function GroupItems({ field, path, value, issues, onChange, context }: FieldProps) {
  const t = useT();
  const items = Array.isArray(value) ? (value as Payload[]) : [];
  const label = t(`records:${field.labelKey}`);
  return (
    <div class="group">
      {items.map((item, index) => {
        const itemPath = `${path}.${index}`;
        return (
          <section class="group-item card" key={index} aria-label={`${label} ${index + 1}`}>
            <h3 class="group-item-title">
              {t('forms:form.groupItem', { label, number: index + 1 })}
            </h3>
            <FieldErrors
              id={errorDomId(itemPath)}
              issues={issues.filter((issue) => issue.path === itemPath)}
            />
            {(field.fields ?? [])
              .filter((sub) => applies(sub, item))
              .map((sub) => (
                <FieldControl
                  key={sub.name}
                  field={sub}
                  path={`${itemPath}.${sub.name}`}
                  value={getPath(item, sub.name)}
                  issues={issues}
                  onChange={onChange}
                  context={context}
                />
              ))}
            <button
              type="button"
              class="button button-danger"
              onClick={() =>
                onChange(
                  path,
                  items.filter((_, i) => i !== index),
                )
              }
            >
              {t('forms:form.removeItem', { label, number: index + 1 })}
            </button>
          </section>
        );
      })}
      <button type="button" class="button" onClick={() => onChange(path, [...items, {}])}>
        {t('forms:form.addItem', { label })}
      </button>
    </div>
  );
}

/**
 * A yes/no question or a short list as one-tap buttons: native radios in a fieldset (a radio
 * group to assistive technology, arrow keys move between them), each a 48 px target.
 */
function ChoiceButtons({ field, path, value, issues, onChange, context }: FieldProps) {
  const t = useT();
  const own = issues.filter((issue) => isWithin(issue.path, path));
  const current = value === undefined || value === null ? undefined : String(value);
  const options = choiceValues(field).map((option) => ({
    option,
    label: choiceLabel(field, option, t),
  }));
  // Two short answers share a row; anything longer gets a full-width button each, so no label is
  // squeezed into a column a few letters wide at 360 px.
  const stacked = options.length > 2 || options.some(({ label }) => label.length > 6);
  return (
    <Fieldset field={field} path={path} issues={own} context={context}>
      <div class={stacked ? 'choice-buttons choice-buttons-stacked' : 'choice-buttons'}>
        {options.map(({ option, label }) => (
          <label class="choice choice-button" key={option}>
            <input
              type="radio"
              name={path}
              value={option}
              checked={current === option}
              aria-invalid={own.length > 0 ? 'true' : undefined}
              onChange={() =>
                onChange(path, field.input === 'boolean' ? option === 'true' : option)
              }
            />
            <span>{label}</span>
          </label>
        ))}
      </div>
    </Fieldset>
  );
}
