// Safe access to a record's summary and search text: a record saved by an older version of the
// app (or a tombstone) must not break a list, so a throwing summary falls back to nothing. The
// words come from the shared helper of src/ui (labels, not codes, in the chosen language).
import { getDeclaration } from '../../domain/index';
import type { StoredRecord } from '../../data/index';
import { summaryText } from '../../ui/index';

/** One line that summarises a record in a list or titles it ('' when it cannot be summarised). */
export function summaryOf(record: Pick<StoredRecord, 'kind' | 'payload' | 'deleted'>): string {
  if (record.deleted) return '';
  return summaryText(record.kind, record.payload);
}

/** Text the list's search box matches (name, village…). */
export function searchTextOf(record: Pick<StoredRecord, 'kind' | 'payload' | 'deleted'>): string {
  if (record.deleted) return '';
  try {
    return getDeclaration(record.kind)?.searchText(record.payload) ?? '';
  } catch {
    return '';
  }
}
