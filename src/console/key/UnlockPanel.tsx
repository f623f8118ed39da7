// Asked before any screen that shows record content: the holder's passphrase opens the district
// key in this tab. A wrong passphrase or a damaged wrapped key says so and changes nothing.
import { useState } from 'preact/hooks';
import { CorruptWrappedKeyError, WrongPassphraseError } from '../../crypto/keyWrap';
import { errorKey } from '../api';
import { useT } from '../i18n';
import { NoKeyHeldError, unlockKeys } from './keyring';

export function UnlockPanel() {
  const t = useT();
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await unlockKeys(passphrase);
      setPassphrase('');
    } catch (caught) {
      if (caught instanceof WrongPassphraseError) setError('console:unlock.wrong');
      else if (caught instanceof CorruptWrappedKeyError) setError('console:unlock.corrupt');
      else if (caught instanceof NoKeyHeldError) setError('console:unlock.noKey');
      else setError(errorKey(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="panel narrow">
      <h1>{t('console:unlock.title')}</h1>
      <p>{t('console:unlock.why')}</p>
      <form onSubmit={submit}>
        <label for="unlock-passphrase">{t('console:unlock.passphrase')}</label>
        <input
          id="unlock-passphrase"
          type="password"
          autocomplete="current-password"
          value={passphrase}
          onInput={(e) => setPassphrase((e.target as HTMLInputElement).value)}
          required
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? 'unlock-error' : undefined}
        />
        {error && (
          <p id="unlock-error" role="alert" class="error">
            {t(error)}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? t('console:unlock.opening') : t('console:unlock.submit')}
        </button>
      </form>
      {error === 'console:unlock.noKey' && (
        <p>
          <a href="#/key">{t('console:unlock.goToKey')}</a>
        </p>
      )}
    </section>
  );
}
