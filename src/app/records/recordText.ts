// Safe access to a declaration's summary and search text: a record saved by an older version of
// the app (or a tombstone) must not break a list, so a throwing summary falls back to nothing.
import { getDeclaration } from '../../domain/index';
import type { StoredRecord } from '../../data/index';

/** One line that summarises a record in a list ('' when the declaration cannot summarise it). */
export function summaryOf(record: Pick<StoredRecord, 'kind' | 'payload' | 'deleted'>): string {
  if (record.deleted) return '';
  try {
    return getDeclaration(record.kind)?.summary(record.payload) ?? '';
  } catch {
    return '';
  }
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
