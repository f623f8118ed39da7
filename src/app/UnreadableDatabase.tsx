// Shown instead of every other screen when the phone's database cannot be read (an incompatible
// older version, a failed decryption). It says what happened and offers the raw export first;
// deleting is the last step and needs the typed confirmation. The raw export writes nothing until
// the volunteer has read what the file gives away (with the PIN, everything) and confirmed.
import { useEffect, useRef, useState } from 'preact/hooks';
import { exportRawDatabase, wipeAllLocalData } from '../data';
import { ConfirmWipe } from './components/ConfirmWipe';
import { downloadBlob, fileStamp } from './download';
import { useT } from './i18n';

interface Props {
  code: string;
  onReset: () => void;
}

export function UnreadableDatabase({ code, onReset }: Props) {
  const t = useT();
  const [exportState, setExportState] = useState<'idle' | 'warning' | 'busy' | 'done' | 'failed'>(
    'idle',
  );
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => heading.current?.focus(), []);

  const exportRaw = async () => {
    setExportState('busy');
    try {
      const blob = await exportRawDatabase();
      downloadBlob(blob, `jejaring-raw-${fileStamp()}.json`);
      setExportState('done');
    } catch {
      setExportState('failed');
    }
  };

  const reason = code === 'decryption_failed' ? 'decryption_failed' : 'database_unreadable';
  return (
    <main class="page" id="main">
      <h1 tabIndex={-1} ref={heading}>
        {t('app:unreadable.title')}
      </h1>
      <div class="notice notice-error" role="alert">
        <p>{t(`app:unreadable.${reason}`)}</p>
      </div>
      <p>{t('app:unreadable.nothingDeleted')}</p>

      <h2>{t('app:unreadable.step1')}</h2>
      <p>{t('app:unreadable.exportHelp')}</p>
      {exportState === 'warning' ? (
        <div class="notice notice-warning" role="alert" aria-labelledby="raw-export-warning">
          <p id="raw-export-warning">
            <strong>{t('app:unreadable.warningTitle')}</strong>
          </p>
          <p>{t('app:unreadable.warningPin')}</p>
          <p>{t('app:unreadable.warningClear')}</p>
          <p>{t('app:unreadable.warningKeep')}</p>
          <button type="button" class="button button-primary button-block" onClick={exportRaw}>
            {t('app:unreadable.confirmExport')}
          </button>
          <button type="button" class="button button-block" onClick={() => setExportState('idle')}>
            {t('app:unreadable.cancelExport')}
          </button>
        </div>
      ) : (
        <button
          type="button"
          class="button button-primary button-block"
          onClick={() => setExportState('warning')}
          disabled={exportState === 'busy'}
        >
          {exportState === 'busy' ? t('app:unreadable.exporting') : t('app:unreadable.export')}
        </button>
      )}
      <p aria-live="polite">
        {exportState === 'done' && t('app:unreadable.exported')}
        {exportState === 'failed' && t('app:unreadable.exportFailed')}
      </p>

      <h2>{t('app:unreadable.step2')}</h2>
      <p>{t('app:unreadable.reloadHelp')}</p>
      <button type="button" class="button button-block" onClick={() => location.reload()}>
        {t('app:actions.reload')}
      </button>

      <h2>{t('app:unreadable.step3')}</h2>
      <p>{t('app:unreadable.resetHelp')}</p>
      <ConfirmWipe
        onConfirm={async () => {
          await wipeAllLocalData();
          onReset();
        }}
        buttonKey="app:unreadable.reset"
      />
    </main>
  );
}
