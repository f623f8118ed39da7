// A record's sync state in words. A saved record that cannot be sealed yet (the phone has no
// coordinator key) says "Menunggu kunci koordinator" instead of "Tersimpan di HP".
import type { StoredRecord } from '../../data';
import { syncStateLabel } from '../records/syncText';
import { useT } from '../i18n';

export function SyncBadge({
  record,
  waitingKey,
}: {
  record: Pick<StoredRecord, 'syncState' | 'deleted'>;
  /** The sync engine reports records waiting for a district key. */
  waitingKey: boolean;
}) {
  const t = useT();
  if (record.syncState === 'pending' && !record.deleted && waitingKey) {
    return <span class="badge badge-pending">{t('sync:recordState.waiting_key')}</span>;
  }
  return <span class={`badge badge-${record.syncState}`}>{syncStateLabel(record.syncState)}</span>;
}
