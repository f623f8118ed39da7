// The contract every record-kind declaration fulfils (see src/domain/README.md). The app's
// generic form, list and detail views and the server's validation all work from these.
import type { z } from 'zod';
import type { RecordKind } from './envelope';

export type FieldInput =
  | 'text'
  | 'textarea'
  | 'number'
  | 'date'
  | 'select'
  | 'multiselect'
  | 'checklist'
  | 'boolean'
  | 'region'
  | 'recordLinks'
  | 'group';

/** How one payload field is shown and edited. Labels are i18n keys, never text. */
export interface FieldMeta {
  /** Path of the field inside the payload, e.g. `destination.country`. */
  name: string;
  input: FieldInput;
  /** i18n key of the label, in the `records` namespace. */
  labelKey: string;
  /** i18n key of a help text. */
  helpKey?: string;
  /** For select / multiselect / checklist: option values; their labels are `${optionsKey}.${value}`. */
  options?: readonly string[];
  optionsKey?: string;
  /** For checklist items: the states each item can take (e.g. ok / not_yet / not_applicable). */
  itemStates?: readonly string[];
  itemStatesKey?: string;
  /** For `group`: the repeatable group's own fields (names relative to one group item). */
  fields?: readonly FieldMeta[];
  /** For `recordLinks`: which kinds may be linked. */
  linkKinds?: readonly RecordKind[];
  /** Section (one screen in the form) this field belongs to. */
  section: string;
  required?: boolean;
  /** The field applies only when this holds for the current (draft) payload. */
  appliesWhen?: (payload: Record<string, unknown>) => boolean;
  /** Hint for the on-screen keyboard. */
  inputMode?: 'numeric' | 'tel' | 'text' | 'email';
  /**
   * For dates: which dates make sense, so the picker offers only those (`max` / `min`):
   * `past` (the event has happened), `birth`, `upcoming` (a planned follow-up).
   */
  dateRange?: 'past' | 'birth' | 'upcoming';
  /** Marks identifying data (names, NIK, phone): never in logs, summaries for lists only on device. */
  identifying?: boolean;
  /**
   * For multiselect: options that state a fact an earlier question already asked (issue 8 item 5:
   * ask each fact once). The form does not show them; they follow that answer (src/domain
   * sameFacts.ts), so what is stored still says it in both lists.
   */
  repeats?: Readonly<Record<string, FactRef>>;
}

/** One option of a multiselect field: `option` in the array at `field`. */
export interface FactRef {
  field: string;
  option: string;
}

export interface ExportColumn<Payload = Record<string, unknown>> {
  /** Column header (stable, snake_case, used in CSV exports). */
  key: string;
  value: (payload: Payload) => string | number | boolean | null;
  /**
   * The value is an option code (or codes joined by `;`) whose labels are `${optionsKey}.${code}`
   * in the records namespace: a labelled export (src/ui `exportRow`) shows words, not codes.
   */
  optionsKey?: string;
}

/**
 * One piece of a record's one-line summary, kept structured so every host can put it in words in
 * the chosen language (src/ui `summaryText`): option codes become labels (country names, statuses,
 * risk levels), dates are formatted, counts get their unit. `identifying` pieces (names, initials)
 * are left out where the summary may be seen by others (home screen).
 */
export type SummaryPart =
  | { text: string | number | undefined; identifying?: boolean }
  | { optionsKey: string; value: string | readonly string[] | undefined }
  | { date: string | undefined }
  | { countKey: string; count: number | undefined };

export interface RecordKindDeclaration<Schema extends z.ZodType = z.ZodType> {
  kind: RecordKind;
  schemaVersion: number;
  /** The finished record: what the server accepts and what "finish" requires. */
  schema: Schema;
  /** Sections in order; labels are `records:${kind}.sections.${section}`. */
  sections: readonly string[];
  fields: readonly FieldMeta[];
  /** At least one valid payload; carried into JSON Schema `examples`. */
  examples: readonly z.infer<Schema>[];
  /** The pieces of the one line that summarises a record in a list and titles its page. */
  summaryParts: (payload: z.infer<Schema>) => readonly SummaryPart[];
  /** The same line with codes as they are (for logs-free tooling and tests); derived from the parts. */
  summary: (payload: z.infer<Schema>) => string;
  /** Text searched by the list's search box (name, village…). */
  searchText: (payload: z.infer<Schema>) => string;
  /** Date (YYYY-MM-DD) of the next follow-up action, if any. */
  nextActionDate?: (payload: z.infer<Schema>) => string | undefined;
  exportColumns: readonly ExportColumn<z.infer<Schema>>[];
  /** Pasal 5 ayat (3): only users trained in victim handling may use this workflow. */
  requiresTraining: boolean;
}
