// The lock screen: PIN entry with the growing delay after wrong PINs, and "Lupa PIN", which says
// exactly how many records a wipe would lose before it wipes.
import { useEffect, useRef, useState } from 'preact/hooks';
import { countUnsyncedRecords, getPinDelay, unlockVault, wipeAllLocalData } from '../../data';
import { ConfirmWipe } from '../components/ConfirmWipe';
import { PinInput } from '../components/PinInput';
import { MIN_PIN_LENGTH } from '../config';
import { errorCode, errorMessageKey, retryAfterMs } from '../errors';
import { formatNumber, useT } from '../i18n';
import { useCountdown } from '../hooks';

export function LockScreen() {
  const t = useT();
  const [forgot, setForgot] = useState(false);
  return (
    <main class="page" id="main">
      {forgot ? <ForgotPin onBack={() => setForgot(false)} /> : <Unlock />}
      {!forgot && (
        <p>
          <button type="button" class="button-link" onClick={() => setForgot(true)}>
            {t('app:lock.forgot')}
          </button>
        </p>
      )}
    </main>
  );
}

function Unlock() {
  const t = useT();
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [blockedUntil, setBlockedUntil] = useState(0);
  const remaining = useCountdown(blockedUntil);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    input.current?.focus();
    // A delay from wrong PINs before a reload still applies.
    getPinDelay().then(
      ({ retryAfterMs: ms }) => ms > 0 && setBlockedUntil(Date.now() + ms),
      () => undefined,
    );
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy || remaining > 0) return;
    if (pin.length < MIN_PIN_LENGTH) {
      setError(t('app:pin.tooShort', { count: MIN_PIN_LENGTH }));
      input.current?.focus();
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await unlockVault(pin);
      // The app switches to the unlocked shell through onVaultChange.
    } catch (e) {
      const wait = retryAfterMs(e);
      if (wait > 0) setBlockedUntil(Date.now() + wait);
      const code = errorCode(e);
      const message =
        code === 'wrong_pin' || code === 'pin_delay'
          ? t(`app:lock.${code}`)
          : t(errorMessageKey(e));
      // The wait is announced once, with the error; the countdown below is for the eyes.
      setError(
        wait > 0
          ? `${message} ${t('app:lock.waitSeconds', { count: Math.ceil(wait / 1000) })}`
          : message,
      );
      setPin('');
      setBusy(false);
      input.current?.focus();
    }
  };

  const seconds = Math.ceil(remaining / 1000);
  return (
    <form onSubmit={submit} noValidate>
      <h1>{t('app:lock.title')}</h1>
      <p>{t('app:lock.intro')}</p>
      <PinInput
        id="unlock-pin"
        label={t('app:lock.pinLabel')}
        value={pin}
        onInput={setPin}
        error={error}
        inputRef={input}
        autoComplete="current-password"
      />
      {/* Not live: the alert above already says to wait; a per-second announcement is noise. */}
      {remaining > 0 && (
        <p class="notice notice-warning">{t('app:lock.waitSeconds', { count: seconds })}</p>
      )}
      <button
        type="submit"
        class="button button-primary button-block button-large"
        disabled={busy || remaining > 0}
      >
        {busy ? t('app:lock.unlocking') : t('app:lock.unlock')}
      </button>
    </form>
  );
}

function ForgotPin({ onBack }: { onBack: () => void }) {
  const t = useT();
  const [unsynced, setUnsynced] = useState<number>();
  const [countFailed, setCountFailed] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    heading.current?.focus();
    countUnsyncedRecords().then(setUnsynced, () => setCountFailed(true));
  }, []);

  return (
    <section aria-labelledby="forgot-title">
      <h1 id="forgot-title" tabIndex={-1} ref={heading}>
        {t('app:forgotPin.title')}
      </h1>
      <div class="notice notice-warning" aria-live="polite">
        {unsynced === undefined && !countFailed && <p>{t('app:forgotPin.counting')}</p>}
        {countFailed && <p>{t('app:forgotPin.countFailed')}</p>}
        {unsynced !== undefined && (
          <p>
            <strong>
              {unsynced === 0
                ? t('app:forgotPin.noneUnsynced')
                : t('app:forgotPin.unsynced', { count: unsynced, n: formatNumber(unsynced) })}
            </strong>
          </p>
        )}
        <p>{t('app:forgotPin.alsoLost')}</p>
      </div>
      <p>{t('app:forgotPin.noBackup')}</p>
      <p>{t('app:forgotPin.tryAgain')}</p>
      <ConfirmWipe onConfirm={wipeAllLocalData} buttonKey="app:forgotPin.wipe" />
      <p>
        <button type="button" class="button button-block" onClick={onBack}>
          {t('app:forgotPin.back')}
        </button>
      </p>
    </section>
  );
}
