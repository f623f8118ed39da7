// Backup file: every local record encrypted with a passphrase, for weeks without a network or
// before a reset; import on this or another phone keeps ids and revs, so later syncs never
// duplicate.
import { useState } from 'preact/hooks';
import { exportBackup, importBackup } from '../../data';
import { MIN_PASSPHRASE_LENGTH } from '../config';
import { downloadBlob, fileStamp } from '../download';
import { errorCode, errorMessageKey, reportError } from '../errors';
import { formatNumber, useT } from '../i18n';

export function BackupSection() {
  return (
    <>
      <ExportBackup />
      <ImportBackup />
    </>
  );
}

function ExportBackup() {
  const t = useT();
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<{ passphrase?: string; repeat?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setDone(false);
    if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
      setErrors({ passphrase: t('app:backup.tooShort', { count: MIN_PASSPHRASE_LENGTH }) });
      document.getElementById('backup-passphrase')?.focus();
      return;
    }
    if (repeat !== passphrase) {
      setErrors({ repeat: t('app:backup.mismatch') });
      document.getElementById('backup-repeat')?.focus();
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const blob = await exportBackup(passphrase);
      downloadBlob(blob, `jejaring-backup-${fileStamp()}.jejaring`);
      setDone(true);
      setPassphrase('');
      setRepeat('');
    } catch (e) {
      reportError(e);
      setErrors({ form: t(errorMessageKey(e)) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="backup-export-title">
      <h2 id="backup-export-title">{t('app:backup.exportTitle')}</h2>
      <p>{t('app:backup.exportIntro')}</p>
      <form onSubmit={submit} noValidate>
        <PassphraseField
          id="backup-passphrase"
          label={t('app:backup.passphrase')}
          help={t('app:backup.passphraseHelp', { count: MIN_PASSPHRASE_LENGTH })}
          value={passphrase}
          onInput={setPassphrase}
          error={errors.passphrase}
        />
        <PassphraseField
          id="backup-repeat"
          label={t('app:backup.repeat')}
          value={repeat}
          onInput={setRepeat}
          error={errors.repeat}
        />
        {errors.form && (
          <p class="notice notice-error" role="alert">
            {errors.form}
          </p>
        )}
        <button type="submit" class="button button-primary button-block" disabled={busy}>
          {busy ? t('app:backup.exporting') : t('app:backup.export')}
        </button>
        <p aria-live="polite" class={done ? 'notice notice-ok' : 'visually-hidden'}>
          {done ? t('app:backup.exported') : ''}
        </p>
      </form>
    </section>
  );
}

function ImportBackup() {
  const t = useT();
  const [file, setFile] = useState<File>();
  const [passphrase, setPassphrase] = useState('');
  const [errors, setErrors] = useState<{ file?: string; passphrase?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ imported: number; skipped: number }>();

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setResult(undefined);
    if (!file) {
      setErrors({ file: t('app:backup.chooseFile') });
      document.getElementById('backup-file')?.focus();
      return;
    }
    if (!passphrase) {
      setErrors({ passphrase: t('app:backup.passphraseRequired') });
      document.getElementById('backup-import-passphrase')?.focus();
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      setResult(await importBackup(file, passphrase));
      setPassphrase('');
    } catch (e) {
      reportError(e);
      const message = t(errorMessageKey(e));
      if (errorCode(e) === 'backup_wrong_passphrase') setErrors({ passphrase: message });
      else if (errorCode(e) === 'backup_invalid') setErrors({ file: message });
      else setErrors({ form: message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="backup-import-title">
      <h2 id="backup-import-title">{t('app:backup.importTitle')}</h2>
      <p>{t('app:backup.importIntro')}</p>
      <form onSubmit={submit} noValidate>
        <div class="field">
          <label for="backup-file">{t('app:backup.file')}</label>
          <input
            id="backup-file"
            type="file"
            accept=".jejaring,application/octet-stream,application/json"
            aria-invalid={errors.file ? 'true' : undefined}
            aria-describedby={errors.file ? 'backup-file-error' : undefined}
            onChange={(e) => setFile(e.currentTarget.files?.[0])}
          />
          {errors.file && (
            <span id="backup-file-error" class="field-error" role="alert">
              {errors.file}
            </span>
          )}
        </div>
        <PassphraseField
          id="backup-import-passphrase"
          label={t('app:backup.passphrase')}
          value={passphrase}
          onInput={setPassphrase}
          error={errors.passphrase}
        />
        {errors.form && (
          <p class="notice notice-error" role="alert">
            {errors.form}
          </p>
        )}
        <button type="submit" class="button button-primary button-block" disabled={busy}>
          {busy ? t('app:backup.importing') : t('app:backup.import')}
        </button>
        <p aria-live="polite" class={result ? 'notice notice-ok' : 'visually-hidden'}>
          {result
            ? t('app:backup.imported', {
                count: result.imported,
                imported: formatNumber(result.imported),
                skipped: formatNumber(result.skipped),
              })
            : ''}
        </p>
      </form>
    </section>
  );
}

function PassphraseField(props: {
  id: string;
  label: string;
  help?: string;
  value: string;
  onInput: (value: string) => void;
  error?: string;
}) {
  const { id, label, help, value, onInput, error } = props;
  const describedBy = [help && `${id}-help`, error && `${id}-error`].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {help && (
        <span id={`${id}-help`} class="field-help">
          {help}
        </span>
      )}
      <input
        id={id}
        type="password"
        autoComplete="off"
        value={value}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy || undefined}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
      {error && (
        <span id={`${id}-error`} class="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
