// Creating the district key (first time or rotation), in three steps the holder cannot skip:
// choose a strong passphrase → download the recovery file → compare the fingerprint in the file
// with the one the server now holds. Only the wrapped private key and the public key leave the
// browser; the key is then unlocked in this tab (non-extractable).
import { useState } from 'preact/hooks';
import { errorKey } from '../api';
import { downloadBlob } from '../download';
import { useT } from '../i18n';
import {
  createDistrictKey,
  recoveryFileName,
  registerDistrictKey,
  type NewDistrictKey,
} from './districtKey';
import { unlockKeys } from './keyring';
import { StrengthMeter } from './StrengthMeter';

export function NewKeyWizard({ rotate, onDone }: { rotate: boolean; onDone: () => void }) {
  const t = useT();
  const [passphrase, setPassphrase] = useState('');
  const [again, setAgain] = useState('');
  const [strong, setStrong] = useState(false);
  const [key, setKey] = useState<NewDistrictKey | undefined>();
  const [downloaded, setDownloaded] = useState(false);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const create = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    if (passphrase !== again) return setError('console:key.mismatch');
    if (!strong) return setError('console:strength.refusedPassphrase');
    setBusy(true);
    try {
      setKey(await createDistrictKey(passphrase));
    } catch (caught) {
      setError(errorKey(caught));
    } finally {
      setBusy(false);
    }
  };

  const download = () => {
    if (!key) return;
    downloadBlob(
      recoveryFileName({ kid: key.kid, createdAt: key.recovery.createdAt }),
      new Blob([JSON.stringify(key.recovery, null, 2)], { type: 'application/json' }),
    );
    setDownloaded(true);
  };

  const lastGroup = key?.fingerprint.split(' ').at(-1) ?? '';
  const register = async (event: Event) => {
    event.preventDefault();
    if (!key) return;
    setError(undefined);
    if (typed.replace(/\s/g, '') !== lastGroup) return setError('console:key.fingerprintMismatch');
    setBusy(true);
    try {
      const state = await registerDistrictKey(key);
      const stored = state.keys.find((k) => k.kid === key.kid);
      // The server must now hold exactly the key whose fingerprint the holder compared.
      if (stored?.fingerprint !== key.fingerprint) throw new Error('fingerprint differs');
      await unlockKeys(passphrase);
      setPassphrase('');
      setAgain('');
      onDone();
    } catch (caught) {
      setError(
        caught instanceof Error && caught.message === 'fingerprint differs'
          ? 'console:key.serverFingerprint'
          : errorKey(caught),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="panel">
      <h2>{t(rotate ? 'console:key.rotateTitle' : 'console:key.setupTitle')}</h2>
      <p>{t(rotate ? 'console:key.rotateIntro' : 'console:key.setupIntro')}</p>
      <p class="warning">{t('console:key.lossWarning')}</p>
      {!key ? (
        <form onSubmit={create}>
          <label for="new-passphrase">{t('console:key.passphrase')}</label>
          <input
            id="new-passphrase"
            type="password"
            autocomplete="new-password"
            value={passphrase}
            onInput={(e) => setPassphrase((e.target as HTMLInputElement).value)}
            required
            aria-describedby="new-passphrase-strength"
          />
          <StrengthMeter id="new-passphrase-strength" value={passphrase} onVerdict={setStrong} />
          <label for="new-passphrase-again">{t('console:key.passphraseAgain')}</label>
          <input
            id="new-passphrase-again"
            type="password"
            autocomplete="new-password"
            value={again}
            onInput={(e) => setAgain((e.target as HTMLInputElement).value)}
            required
          />
          {error && (
            <p role="alert" class="error">
              {t(error)}
            </p>
          )}
          <button type="submit" disabled={busy}>
            {busy ? t('console:key.creating') : t('console:key.create')}
          </button>
        </form>
      ) : (
        <form onSubmit={register}>
          <h3>{t('console:key.step2')}</h3>
          <p>{t('console:key.recoveryWhy')}</p>
          <button type="button" onClick={download}>
            {t('console:key.downloadRecovery')}
          </button>
          {downloaded && (
            <>
              <h3>{t('console:key.step3')}</h3>
              <p>{t('console:key.fingerprintIntro')}</p>
              <p class="fingerprint" aria-label={t('console:key.fingerprint')}>
                {key.fingerprint}
              </p>
              <label for="fingerprint-check">{t('console:key.fingerprintType')}</label>
              <input
                id="fingerprint-check"
                inputMode="numeric"
                autocomplete="off"
                value={typed}
                onInput={(e) => setTyped((e.target as HTMLInputElement).value)}
                required
              />
              {error && (
                <p role="alert" class="error">
                  {t(error)}
                </p>
              )}
              <button type="submit" disabled={busy}>
                {t('console:key.register')}
              </button>
            </>
          )}
        </form>
      )}
    </section>
  );
}
