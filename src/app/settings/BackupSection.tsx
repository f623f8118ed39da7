// Backup file: every local record encrypted with a passphrase, for weeks without a network or
// before a reset; import on this or another phone keeps ids and revs, so later syncs never
// duplicate. The passphrase's strength is estimated as it is typed and a weak one is refused (a
// file can be attacked offline); an import lists the records of the file it refused.
import { useEffect, useState } from 'preact/hooks';
import { checkPassphrase, exportBackup, importBackup, type ImportResult } from '../../data';
import { downloadBlob, fileStamp } from '../download';
import { errorCode, errorMessageKey, reportError } from '../errors';
import { formatNumber, useT } from '../i18n';
import { secretErrorMessage } from '../lock/secretMessages';

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

  const strength = usePassphraseStrength(passphrase);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setDone(false);
    const verdict = await checkPassphrase(passphrase);
    if (!verdict.ok) {
      setErrors({ passphrase: t(`app:passphraseRules.${verdict.problem}`) });
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
      if (errorCode(e) === 'passphrase_weak') setErrors({ passphrase: secretErrorMessage(t, e) });
      else setErrors({ form: t(errorMessageKey(e)) });
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
          help={t('app:backup.passphraseHelp')}
          value={passphrase}
          onInput={setPassphrase}
          error={errors.passphrase}
          status={strength === undefined ? undefined : t(`app:backup.strength.${strength}`)}
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
  const [result, setResult] = useState<ImportResult>();

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
        {result && result.refusedCount > 0 && <RefusedList result={result} />}
      </form>
    </section>
  );
}

/** The records of an imported file that were refused: position, kind, why, which fields. */
function RefusedList({ result }: { result: ImportResult }) {
  const t = useT();
  const more = result.refusedCount - result.refused.length;
  return (
    <div class="notice notice-warning" role="alert">
      <p>{t('app:backup.refusedTitle', { count: result.refusedCount })}</p>
      <ul>
        {result.refused.map((item) => (
          <li key={item.index}>
            {t('app:backup.refusedItem', {
              position: formatNumber(item.index + 1),
              what: item.kind ? ` (${t(`forms:kinds.${item.kind}`)})` : '',
              reason:
                t(`app:backup.reason.${item.reason}`) +
                (item.fields.length > 0
                  ? t('app:backup.fields', { fields: item.fields.join(', ') })
                  : ''),
            })}
          </li>
        ))}
      </ul>
      {more > 0 && <p>{t('app:backup.refusedMore', { count: more })}</p>}
      <p>{t('app:backup.refusedHelp')}</p>
    </div>
  );
}

/** The typed passphrase's strength, estimated as it is typed (undefined while empty). */
function usePassphraseStrength(passphrase: string): 'checking' | 'weak' | 'strong' | undefined {
  const [state, setState] = useState<'checking' | 'weak' | 'strong' | undefined>();
  useEffect(() => {
    if (passphrase === '') {
      setState(undefined);
      return;
    }
    let current = true;
    setState('checking');
    const timer = setTimeout(() => {
      void checkPassphrase(passphrase).then(
        (verdict) => current && setState(verdict.ok ? 'strong' : 'weak'),
        () => current && setState(undefined),
      );
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [passphrase]);
  return state;
}

function PassphraseField(props: {
  id: string;
  label: string;
  help?: string;
  value: string;
  onInput: (value: string) => void;
  error?: string;
  /** A live estimate (strength), announced politely. */
  status?: string;
}) {
  const { id, label, help, value, onInput, error, status } = props;
  const describedBy = [help && `${id}-help`, status && `${id}-status`, error && `${id}-error`]
    .filter(Boolean)
    .join(' ');
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
      {status !== undefined && (
        <span id={`${id}-status`} class="field-help" aria-live="polite">
          {status}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} class="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
