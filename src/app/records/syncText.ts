// Words for a record's sync state and for the server's reason when it needs attention. The sync
// namespace owns these texts (`sync:recordState.*`, `sync:rejection.*`); this module falls back to
// the forms namespace when a key is absent.
import type { StoredRecord, SyncState } from '../../data/index';
import { t } from '../i18n';

export const SYNC_STATES: readonly SyncState[] = ['pending', 'sending', 'synced', 'rejected'];

/** Localised name of a sync state ("Tersimpan di HP", "Terkirim"…). */
export function syncStateLabel(state: SyncState): string {
  return t(`sync:recordState.${state}`, { defaultValue: t(`forms:syncState.${state}`) });
}

/** Why the server rejected a record, in words: what the code means and what to do. */
export function rejectionReason(record: Pick<StoredRecord, 'syncError'>): string | undefined {
  const error = record.syncError;
  if (!error) return undefined;
  const fallback = t('sync:rejection.other', {
    defaultValue: error.message || t('forms:syncState.rejectedUnknown'),
  });
  return t(`sync:rejection.${error.code}`, { defaultValue: fallback });
}

/** The server's own message for a rejection (shown as detail under the explanation). */
export function rejectionMessage(record: Pick<StoredRecord, 'syncError'>): string | undefined {
  const message = record.syncError?.message;
  if (!message) return undefined;
  return t('sync:rejectionReason', {
    message,
    defaultValue: t('forms:syncState.serverMessage', { message }),
  });
}
