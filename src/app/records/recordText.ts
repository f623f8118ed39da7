// Safe access to a record's summary and search text: a record saved by an older version of the
// app (or a tombstone) must not break a list, so a throwing summary falls back to nothing. The
// words come from the shared helper of src/ui (labels, not codes, in the chosen language).
import { getDeclaration } from '../../domain/index';
import type { StoredRecord } from '../../data/index';
import { retainedSummaryParts } from '../../domain/retention';
import { renderSummary, summaryText } from '../../ui/index';

/** One line that summarises a record in a list or titles it ('' when it cannot be summarised). */
type Summarised = Pick<StoredRecord, 'kind' | 'payload' | 'deleted'> &
  Partial<Pick<StoredRecord, 'retained'>>;

export function summaryOf(record: Summarised): string {
  if (record.deleted) return '';
  // A retained record kept only a few fields (src/domain/retention): its own summary line.
  if (record.retained) return renderSummary(retainedSummaryParts(record.kind, record.payload));
  return summaryText(record.kind, record.payload);
}

/** Text the list's search box matches (name, village…). */
export function searchTextOf(record: Summarised): string {
  if (record.deleted) return '';
  if (record.retained) return Object.values(record.payload).flat().join(' ');
  try {
    return getDeclaration(record.kind)?.searchText(record.payload) ?? '';
  } catch {
    return '';
  }
}

/**
 * Kinds about a possible victim. Screens that show records of many kinds together (a household,
 * a search across kinds) may be seen by the family or a neighbour: for these kinds they show the
 * summary without names, as home does; the record's own page shows the rest.
 */
export const PRIVATE_KINDS: readonly string[] = ['screening', 'psychosocial_support', 'referral'];

/** The line of a record among records of other kinds: no names for the private kinds. */
export function crossKindSummaryOf(
  record: Pick<StoredRecord, 'kind' | 'payload' | 'deleted'>,
): string {
  if (record.deleted) return '';
  return summaryText(record.kind, record.payload, { names: !PRIVATE_KINDS.includes(record.kind) });
}

/** Records grouped by kind in the order home lists the kinds, each group in the order given. */
export function groupByKind<T extends { kind: string }>(
  records: readonly T[],
  kinds: readonly string[],
): { kind: string; records: T[] }[] {
  return kinds
    .map((kind) => ({ kind, records: records.filter((r) => r.kind === kind) }))
    .filter((group) => group.records.length > 0);
}
