// Storage: whether the browser keeps the data under pressure (persistent), space used and
// available, and what to do when it is not persistent. The data layer asks for persistence
// after the first saved record; this only shows the result.
import { useEffect, useState } from 'preact/hooks';
import { getStorageInfo, type StorageInfo } from '../../data';
import { formatNumber, useT } from '../i18n';

/** Megabytes with one decimal, in the chosen language's number format. */
export function megabytes(bytes: number): string {
  return formatNumber(Math.round(bytes / 100_000) / 10);
}

export function StorageSection() {
  const t = useT();
  const [info, setInfo] = useState<StorageInfo>();
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    getStorageInfo().then(setInfo, () => setFailed(true));
  }, []);

  if (failed) return <p class="notice notice-error">{t('app:storage.failed')}</p>;
  if (!info) return <p class="muted">{t('app:loading')}</p>;
  return (
    <>
      <dl class="facts">
        <dt>{t('app:storage.persistent')}</dt>
        <dd>{info.persisted ? t('app:storage.persistentYes') : t('app:storage.persistentNo')}</dd>
        <dt>{t('app:storage.used')}</dt>
        <dd>
          {info.usage === undefined
            ? t('app:storage.unknown')
            : t('app:storage.megabytes', { n: megabytes(info.usage) })}
        </dd>
        <dt>{t('app:storage.available')}</dt>
        <dd>
          {info.quota === undefined
            ? t('app:storage.unknown')
            : t('app:storage.megabytes', {
                n: megabytes(Math.max(0, info.quota - (info.usage ?? 0))),
              })}
        </dd>
      </dl>
      {info.persisted ? (
        <p class="notice notice-ok">{t('app:storage.persistentHelp')}</p>
      ) : (
        <div class="notice notice-warning">
          <p>{t('app:storage.notPersistentHelp')}</p>
          <p>{t('app:storage.installAdvice')}</p>
        </div>
      )}
    </>
  );
}
