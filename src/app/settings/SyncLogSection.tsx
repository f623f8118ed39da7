// The sync log for a coordinator: times, counts, statuses and error codes only (no personal
// data), to copy into a message or save as a file.
import { useEffect, useState } from 'preact/hooks';
import { syncLogText } from '../../sync';
import { downloadBlob, fileStamp } from '../download';
import { useT } from '../i18n';

export function SyncLogSection() {
  const t = useT();
  const [text, setText] = useState<string>();
  const [failed, setFailed] = useState(false);
  const [copied, setCopied] = useState<'yes' | 'no'>();

  useEffect(() => {
    syncLogText().then(setText, () => setFailed(true));
  }, []);

  const copy = async () => {
    if (text === undefined) return;
    try {
      await navigator.clipboard.writeText(text);
      setCopied('yes');
    } catch {
      setCopied('no');
    }
  };

  if (failed) return <p class="notice notice-error">{t('app:syncLog.failed')}</p>;
  if (text === undefined) return <p class="muted">{t('app:loading')}</p>;
  return (
    <>
      <p>{t('app:syncLog.intro')}</p>
      <div class="row">
        <button type="button" class="button" onClick={() => void copy()}>
          {t('app:syncLog.copy')}
        </button>
        <button
          type="button"
          class="button"
          onClick={() =>
            downloadBlob(
              new Blob([text], { type: 'text/plain;charset=utf-8' }),
              `jejaring-sync-log-${fileStamp()}.txt`,
            )
          }
        >
          {t('app:syncLog.download')}
        </button>
      </div>
      <p aria-live="polite">
        {copied === 'yes' && t('app:syncLog.copied')}
        {copied === 'no' && t('app:syncLog.copyFailed')}
      </p>
      <pre class="log" tabIndex={0} aria-label={t('app:syncLog.label')}>
        {text}
      </pre>
    </>
  );
}
