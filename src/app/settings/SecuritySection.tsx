// Settings → Security: what protects this profile, changing the PIN or passphrase, the passkey
// (bind, remove), and the optional wipe after wrong tries. Every change keeps the data key, so
// nothing is re-encrypted and nothing is lost; every change asks for the current secret.
import { useEffect, useState } from 'preact/hooks';
import {
  changeSecret,
  countUnsyncedRecords,
  enrollPasskey,
  getSecuritySettings,
  passkeyMaybeAvailable,
  removePasskey,
  setWipeAfter,
  WIPE_AFTER_CHOICES,
  type SecretKind,
  type SecuritySettings,
} from '../../data';
import { checkPinStrength } from '../../domain/pin';
import { PinInput } from '../components/PinInput';
import { MIN_PIN_LENGTH } from '../config';
import { reportError } from '../errors';
import { formatNumber, useT } from '../i18n';
import { PassphraseInput } from '../lock/PassphraseInput';
import { secretErrorMessage } from '../lock/secretMessages';

export function SecuritySection() {
  const t = useT();
  const [settings, setSettings] = useState<SecuritySettings>();
  const [passkeyAvailable, setPasskeyAvailable] = useState(false);
  const reload = () => getSecuritySettings().then(setSettings, reportError);
  useEffect(() => {
    void reload();
    passkeyMaybeAvailable().then(setPasskeyAvailable, () => undefined);
  }, []);
  if (!settings) return <p class="muted">{t('app:loading')}</p>;
  const seconds = settings.kdf.measuredMs
    ? formatNumber(Math.round(settings.kdf.measuredMs / 100) / 10)
    : undefined;
  return (
    <>
      <section aria-labelledby="security-now">
        <h2 id="security-now">{t('app:security.nowTitle')}</h2>
        <ul>
          <li>
            {t(
              settings.secret === 'pin'
                ? 'app:security.lockedByPin'
                : 'app:security.lockedByPassphrase',
            )}
          </li>
          <li>{t(settings.passkey ? 'app:security.passkeyOn' : 'app:security.passkeyOff')}</li>
          <li>
            {t('app:security.kdf', {
              mib: formatNumber(Math.round(settings.kdf.memoryKiB / 1024)),
              passes: settings.kdf.iterations,
            })}
            {seconds && ` ${t('app:security.kdfTime', { seconds })}`}
          </li>
        </ul>
        <div class="notice notice-info">
          <p>{t(settings.passkey ? 'app:security.withPasskey' : 'app:security.pinAloneLimits')}</p>
        </div>
      </section>
      <ChangeSecret settings={settings} onChanged={reload} />
      <Passkey settings={settings} available={passkeyAvailable} onChanged={reload} />
      <WipeAfter settings={settings} onChanged={reload} />
    </>
  );
}

function SecretField(props: {
  kind: SecretKind;
  id: string;
  label: string;
  value: string;
  onInput: (v: string) => void;
  error?: string | undefined;
  help?: string;
  disabled: boolean;
}) {
  const { kind, ...rest } = props;
  const common = { ...rest, error: rest.error };
  return kind === 'pin' ? (
    <PinInput {...common} autoComplete="off" />
  ) : (
    <PassphraseInput {...common} autoComplete="off" />
  );
}

function ChangeSecret({
  settings,
  onChanged,
}: {
  settings: SecuritySettings;
  onChanged: () => void;
}) {
  const t = useT();
  const [current, setCurrent] = useState('');
  const [kind, setKind] = useState<SecretKind>(settings.secret);
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<{ current?: string; next?: string; repeat?: string }>({});
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setDone(false);
    if (kind === 'pin') {
      const verdict = checkPinStrength(next);
      if (!verdict.ok) {
        setErrors({ next: t(`app:pinRules.${verdict.problem}`, { count: MIN_PIN_LENGTH }) });
        return;
      }
    }
    if (repeat !== next) {
      setErrors({
        repeat: t(kind === 'pin' ? 'app:pin.mismatch' : 'app:security.passphraseMismatch'),
      });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await changeSecret(current, next, kind);
      setDone(true);
      setCurrent('');
      setNext('');
      setRepeat('');
      onChanged();
    } catch (e) {
      const message = secretErrorMessage(t, e);
      const code = (e as { code?: string }).code;
      if (code === 'wrong_pin' || code === 'pin_delay' || code?.startsWith('passkey_')) {
        setErrors({ current: message });
      } else setErrors({ next: message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="security-change">
      <h2 id="security-change">{t('app:security.changeTitle')}</h2>
      <form onSubmit={submit} noValidate>
        <SecretField
          kind={settings.secret}
          id="security-current"
          label={t('app:security.currentLabel')}
          value={current}
          onInput={setCurrent}
          error={errors.current}
          disabled={busy}
        />
        <div class="field">
          <label for="security-kind">{t('app:security.newKind')}</label>
          <select
            id="security-kind"
            value={kind}
            disabled={busy}
            onChange={(e) => {
              setKind(e.currentTarget.value as SecretKind);
              setNext('');
              setRepeat('');
            }}
          >
            <option value="pin">{t('app:security.kindPin')}</option>
            <option value="passphrase">{t('app:security.kindPassphrase')}</option>
          </select>
        </div>
        <SecretField
          kind={kind}
          id="security-next"
          label={t('app:security.newLabel')}
          help={
            kind === 'pin'
              ? t('app:pin.help', { count: MIN_PIN_LENGTH })
              : t('app:security.passphraseHelp')
          }
          value={next}
          onInput={setNext}
          error={errors.next}
          disabled={busy}
        />
        <SecretField
          kind={kind}
          id="security-repeat"
          label={t('app:security.repeatLabel')}
          value={repeat}
          onInput={setRepeat}
          error={errors.repeat}
          disabled={busy}
        />
        <button type="submit" class="button button-primary button-block" disabled={busy}>
          {busy ? t('app:security.working') : t('app:security.change')}
        </button>
        <p aria-live="polite" class={done ? 'notice notice-ok' : 'visually-hidden'}>
          {done ? t('app:security.changed') : ''}
        </p>
      </form>
    </section>
  );
}

function Passkey(props: { settings: SecuritySettings; available: boolean; onChanged: () => void }) {
  const { settings, available, onChanged } = props;
  const t = useT();
  const [current, setCurrent] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string>();

  if (!settings.passkey && !available) {
    return (
      <section aria-labelledby="security-passkey">
        <h2 id="security-passkey">{t('app:security.passkeyTitle')}</h2>
        <p class="notice notice-info">{t('app:security.noPasskey')}</p>
      </section>
    );
  }

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      if (settings.passkey) await removePasskey(current);
      else await enrollPasskey(current);
      setDone(settings.passkey ? t('app:security.passkeyRemoved') : t('app:security.passkeyAdded'));
      setCurrent('');
      onChanged();
    } catch (e) {
      setError(secretErrorMessage(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="security-passkey">
      <h2 id="security-passkey">{t('app:security.passkeyTitle')}</h2>
      <p>{t('app:security.bindPasskeyHelp')}</p>
      <form onSubmit={submit} noValidate>
        <SecretField
          kind={settings.secret}
          id="security-passkey-current"
          label={t('app:security.currentLabel')}
          value={current}
          onInput={setCurrent}
          error={error}
          disabled={busy}
        />
        <button type="submit" class="button button-block" disabled={busy}>
          {busy
            ? t('app:security.working')
            : settings.passkey
              ? t('app:security.removePasskey')
              : t('app:security.addPasskey')}
        </button>
        <p aria-live="polite" class={done ? 'notice notice-ok' : 'visually-hidden'}>
          {done ?? ''}
        </p>
      </form>
    </section>
  );
}

function WipeAfter({ settings, onChanged }: { settings: SecuritySettings; onChanged: () => void }) {
  const t = useT();
  const [unsynced, setUnsynced] = useState<number>();
  const [choice, setChoice] = useState(String(settings.wipeAfter ?? ''));
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    countUnsyncedRecords().then(setUnsynced, () => undefined);
  }, []);
  const n = choice ? Number(choice) : undefined;
  return (
    <section aria-labelledby="security-wipe">
      <h2 id="security-wipe">{t('app:security.wipeTitle')}</h2>
      <p>{t('app:security.wipeIntro')}</p>
      <div class="field">
        <label for="security-wipe-after">{t('app:security.wipeLabel')}</label>
        <select
          id="security-wipe-after"
          value={choice}
          onChange={(e) => {
            setChoice(e.currentTarget.value);
            setSaved(false);
          }}
        >
          <option value="">{t('app:security.wipeOff')}</option>
          {WIPE_AFTER_CHOICES.map((c) => (
            <option key={c} value={String(c)}>
              {t('app:security.wipeAfterN', { count: c })}
            </option>
          ))}
        </select>
      </div>
      {n !== undefined && unsynced !== undefined && (
        <p class="notice notice-warning">
          {t('app:security.wipeWould', { count: unsynced, n: formatNumber(unsynced), tries: n })}
        </p>
      )}
      <button
        type="button"
        class="button button-block"
        onClick={() =>
          setWipeAfter(n).then(() => {
            setSaved(true);
            onChanged();
          }, reportError)
        }
      >
        {t('app:security.wipeSave')}
      </button>
      <p aria-live="polite" class={saved ? 'notice notice-ok' : 'visually-hidden'}>
        {saved ? t('app:security.wipeSaved') : ''}
      </p>
    </section>
  );
}
