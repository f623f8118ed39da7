// Ask each fact once (issue 8 item 5). A screening's ILO list and modus repeat facts that the
// means and purpose questions already asked ("documents withheld", "debt bondage"…). The form
// shows each fact once, where it is first asked; the repeated options (FieldMeta.repeats) follow
// that answer, so the stored record still names the fact in every list the regulation's and
// ILO's readings use (triage, meta, the map).
import type { FactRef, FieldMeta } from './recordKind';

type Payload = Record<string, unknown>;

const selected = (payload: Payload, field: string): string[] => {
  const value = payload[field];
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
};

const has = (payload: Payload, ref: FactRef) => selected(payload, ref.field).includes(ref.option);

/**
 * Before editing a stored record: a fact that only a repeated option states (saved before this
 * rule, or from another tool) is carried to the question that now asks it, so following
 * (below) never drops it.
 */
export function adoptRepeatedFacts(fields: readonly FieldMeta[], payload: Payload): Payload {
  let next = payload;
  for (const field of fields) {
    for (const [option, source] of Object.entries(field.repeats ?? {})) {
      if (!has(next, { field: field.name, option }) || has(next, source)) continue;
      next = { ...next, [source.field]: [...selected(next, source.field), source.option] };
    }
  }
  return followAskedFacts(fields, next);
}

/** Sets every repeated option exactly when the fact it repeats is answered; order as `options`. */
export function followAskedFacts(fields: readonly FieldMeta[], payload: Payload): Payload {
  let next = payload;
  for (const field of fields) {
    const repeats = field.repeats;
    if (!repeats || !field.options) continue;
    const current = selected(next, field.name);
    const wanted = field.options.filter((option) => {
      const source = repeats[option];
      return source ? has(next, source) : current.includes(option);
    });
    const same = wanted.length === current.length && wanted.every((o, i) => o === current[i]);
    if (same) continue;
    next = { ...next };
    if (wanted.length === 0) delete next[field.name];
    else next[field.name] = wanted;
  }
  return next;
}

/** The options of a field the form asks (those that repeat no earlier question). */
export function askedOptions(field: FieldMeta): readonly string[] {
  const options = field.options ?? [];
  return field.repeats ? options.filter((option) => !field.repeats?.[option]) : options;
}
