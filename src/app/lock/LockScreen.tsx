// The lock screen: PIN (or passphrase) entry with the growing delay after wrong tries, the
// emergency numbers, a new profile for another volunteer, and "Lupa PIN", which says how many
// records a wipe would lose before it wipes. It shows nothing of any profile: not how many
// there are, not whose; the PIN finds its own.
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  countHeldDrafts,
  countUnsyncedOnPhone,
  getPinDelay,
  passkeyMaybeAvailable,
  unlockVault,
  wipeAllLocalData,
} from '../../data';
import { ConfirmWipe } from '../components/ConfirmWipe';
import { PinInput } from '../components/PinInput';
import { MIN_PIN_LENGTH } from '../config';
import { errorCode, errorMessageKey, retryAfterMs } from '../errors';
import { formatNumber, useT } from '../i18n';
import { EmergencyCalls } from './EmergencyCalls';
import { PassphraseInput } from './PassphraseInput';

interface Props {
  onNewProfile?: () => void;
}

export function LockScreen({ onNewProfile }: Props) {
  const t = useT();
  const [forgot, setForgot] = useState(false);
  return (
    <main class="page" id="main">
      {forgot ? <ForgotPin onBack={() => setForgot(false)} /> : <Unlock />}
      {!forgot && (
        <>
          <EmergencyCalls />
          <p>
            <button type="button" class="button-link" onClick={() => setForgot(true)}>
              {t('app:lock.forgot')}
            </button>
          </p>
          {onNewProfile && (
            <p>
              <button type="button" class="button-link" onClick={onNewProfile}>
                {t('app:lock.newProfile')}
              </button>
            </p>
          )}
        </>
      )}
    </main>
  );
}

/** Milliseconds left until `until` (performance.now() time), ticking every second. */
function useMonotonicCountdown(until: number): number {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    setNow(performance.now());
    if (until <= performance.now()) return;
    const timer = setInterval(() => {
      const current = performance.now();
      setNow(current);
      if (current >= until) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [until]);
  return Math.max(0, until - now);
}

const LOCK_MESSAGES = new Set([
  'wrong_pin',
  'pin_delay',
  'passkey_cancelled',
  'passkey_unsupported',
  'passkey_failed',
]);

function Unlock() {
  const t = useT();
  const [mode, setMode] = useState<'pin' | 'passphrase'>('pin');
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [blockedUntil, setBlockedUntil] = useState(0);
  const [passkeyOffered, setPasskeyOffered] = useState(false);
  const remaining = useMonotonicCountdown(blockedUntil);
  const input = useRef<HTMLInputElement>(null);
  const held = countHeldDrafts();

  useEffect(() => {
    input.current?.focus();
    // A delay from wrong tries before a reload still applies (counted, not dated).
    getPinDelay().then(
      ({ retryAfterMs: ms }) => ms > 0 && setBlockedUntil(performance.now() + ms),
      () => undefined,
    );
    passkeyMaybeAvailable().then(setPasskeyOffered, () => undefined);
    // Load the key derivation while the PIN is typed, so the first try does not wait for it.
    import('hash-wasm').catch(() => undefined);
  }, []);

  useEffect(() => input.current?.focus(), [mode]);

  const attempt = async (passkeyFirst: boolean) => {
    if (busy || remaining > 0) return;
    if (mode === 'pin' && secret.length < MIN_PIN_LENGTH) {
      setError(t('app:pin.tooShort', { count: MIN_PIN_LENGTH }));
      input.current?.focus();
      return;
    }
    if (secret.length < MIN_PIN_LENGTH) {
      setError(t('app:lock.passphraseEmpty'));
      input.current?.focus();
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await unlockVault(secret, { passkeyFirst });
      // The app switches to the unlocked shell through onVaultChange.
    } catch (e) {
      const wait = retryAfterMs(e);
      if (wait > 0) setBlockedUntil(performance.now() + wait);
      const code = errorCode(e) ?? '';
      const message = LOCK_MESSAGES.has(code)
        ? t(`app:lock.${code === 'wrong_pin' && mode === 'passphrase' ? 'wrong_passphrase' : code}`)
        : t(errorMessageKey(e));
      // The wait is announced once, with the error; the countdown below is for the eyes.
      setError(
        wait > 0
          ? `${message} ${t('app:lock.waitSeconds', { count: Math.ceil(wait / 1000) })}`
          : message,
      );
      setSecret('');
      setBusy(false);
      input.current?.focus();
    }
  };

  const submit = (event: Event) => {
    event.preventDefault();
    void attempt(false);
  };

  const seconds = Math.ceil(remaining / 1000);
  return (
    <form onSubmit={submit} noValidate>
      <h1>{t('app:lock.title')}</h1>
      <p>{mode === 'pin' ? t('app:lock.intro') : t('app:lock.introPassphrase')}</p>
      {held > 0 && (
        <p class="notice notice-warning" role="status">
          {t('app:lock.heldDrafts', { count: held, n: formatNumber(held) })}
        </p>
      )}
      {mode === 'pin' ? (
        <PinInput
          id="unlock-pin"
          label={t('app:lock.pinLabel')}
          value={secret}
          onInput={setSecret}
          error={error}
          inputRef={input}
          autoComplete="current-password"
        />
      ) : (
        <PassphraseInput
          id="unlock-passphrase"
          label={t('app:lock.passphraseLabel')}
          value={secret}
          onInput={setSecret}
          error={error}
          inputRef={input}
          autoComplete="current-password"
        />
      )}
      {/* Not live: the alert above already says to wait; a per-second announcement is noise. */}
      {remaining > 0 && (
        <p class="notice notice-warning">{t('app:lock.waitSeconds', { count: seconds })}</p>
      )}
      <p role="status" aria-live="polite" class={busy ? 'notice' : 'visually-hidden'}>
        {busy ? t('app:lock.checking') : ''}
      </p>
      <button
        type="submit"
        class="button button-primary button-block button-large"
        disabled={busy || remaining > 0}
      >
        {busy ? t('app:lock.unlocking') : t('app:lock.unlock')}
      </button>
      {passkeyOffered && (
        <p>
          <button
            type="button"
            class="button button-block"
            disabled={busy || remaining > 0}
            onClick={() => void attempt(true)}
          >
            {t('app:lock.unlockWithPasskey')}
          </button>
        </p>
      )}
      <p>
        <button
          type="button"
          class="button-link"
          onClick={() => {
            setSecret('');
            setError(undefined);
            setMode(mode === 'pin' ? 'passphrase' : 'pin');
          }}
        >
          {mode === 'pin' ? t('app:lock.usePassphrase') : t('app:lock.usePin')}
        </button>
      </p>
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
    // Every profile on the phone: the lock screen cannot know whose PIN was forgotten.
    countUnsyncedOnPhone().then(setUnsynced, () => setCountFailed(true));
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
