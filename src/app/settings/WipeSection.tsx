// "Hapus semua data": says how many records have not reached the server before deleting them.
import { useEffect, useState } from 'preact/hooks';
import { countUnsyncedRecords, wipeAllLocalData } from '../../data';
import { ConfirmWipe } from '../components/ConfirmWipe';
import { formatNumber, useT } from '../i18n';

export function WipeSection() {
  const t = useT();
  const [unsynced, setUnsynced] = useState<number>();
  useEffect(() => {
    countUnsyncedRecords().then(setUnsynced, () => undefined);
  }, []);
  return (
    <>
      <div class="notice notice-warning" aria-live="polite">
        {unsynced !== undefined && (
          <p>
            <strong>
              {unsynced === 0
                ? t('app:wipe.noneUnsynced')
                : t('app:wipe.unsynced', { count: unsynced, n: formatNumber(unsynced) })}
            </strong>
          </p>
        )}
        <p>{t('app:wipe.what')}</p>
        <p>
          <a href="#/settings/backup">{t('app:wipe.backupFirst')}</a>
        </p>
      </div>
      <ConfirmWipe onConfirm={wipeAllLocalData} />
    </>
  );
}
