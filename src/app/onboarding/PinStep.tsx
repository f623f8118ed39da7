// The last onboarding step: the secret that locks this profile — a PIN that passes the rules
// (src/domain/pin.ts) or a passphrase of words — and, where the phone offers it, a passkey
// (fingerprint or screen lock) bound to the data key. Then the vault is created, the profile
// saved (encrypted) and the volunteer's own province's villages cached for offline use.
import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  createVault,
  loadProvinceRegions,
  passkeyMaybeAvailable,
  saveProfile,
  type SecretKind,
} from '../../data';
import { checkPinStrength } from '../../domain/pin';
import type { VolunteerProfile } from '../../domain/profile';
import { PinInput } from '../components/PinInput';
import { MIN_PIN_LENGTH } from '../config';
import { errorCode, errorMessageKey, reportError } from '../errors';
import { useT } from '../i18n';
import { PassphraseInput } from '../lock/PassphraseInput';
import { secretErrorMessage } from '../lock/secretMessages';

interface Props {
  headingRef: RefObject<HTMLHeadingElement>;
  profile: VolunteerProfile;
  additional: boolean;
  onBack: () => void;
  onCreated: (regionsCached: boolean) => void;
}

export function PinStep({ headingRef, profile, additional, onBack, onCreated }: Props) {
  const t = useT();
  const [kind, setKind] = useState<SecretKind>('pin');
  const [secret, setSecret] = useState('');
  const [repeat, setRepeat] = useState('');
  const [secretError, setSecretError] = useState<string>();
  const [repeatError, setRepeatError] = useState<string>();
  const [saveError, setSaveError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [passkeyAvailable, setPasskeyAvailable] = useState(false);
  const [usePasskey, setUsePasskey] = useState(true);
  const secretInput = useRef<HTMLInputElement>(null);
  const repeatInput = useRef<HTMLInputElement>(null);
  // If saving the profile fails after the vault exists, a retry must not create it again.
  const vaultCreated = useRef(false);

  useEffect(() => {
    passkeyMaybeAvailable().then(setPasskeyAvailable, () => undefined);
  }, []);

  const switchKind = (next: SecretKind) => {
    setKind(next);
    setSecret('');
    setRepeat('');
    setSecretError(undefined);
    setRepeatError(undefined);
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setSecretError(undefined);
    setRepeatError(undefined);
    setSaveError(undefined);
    if (kind === 'pin') {
      const verdict = checkPinStrength(secret);
      if (!verdict.ok) {
        setSecretError(t(`app:pinRules.${verdict.problem}`, { count: MIN_PIN_LENGTH }));
        secretInput.current?.focus();
        return;
      }
    }
    if (repeat !== secret) {
      setRepeatError(t(kind === 'pin' ? 'app:pin.mismatch' : 'app:security.passphraseMismatch'));
      setRepeat('');
      repeatInput.current?.focus();
      return;
    }
    setBusy(true);
    try {
      if (!vaultCreated.current) {
        await createVault(secret, {
          secret: kind,
          passkey: passkeyAvailable && usePasskey,
          additional,
        });
        vaultCreated.current = true;
      }
      await saveProfile(profile);
    } catch (e) {
      reportError(e);
      const code = errorCode(e);
      if (code === 'pin_weak' || code === 'passphrase_weak' || code === 'pin_unavailable') {
        setSecretError(secretErrorMessage(t, e));
        secretInput.current?.focus();
      } else {
        setSaveError(
          code?.startsWith('passkey_') ? secretErrorMessage(t, e) : t(errorMessageKey(e)),
        );
      }
      setBusy(false);
      return;
    }
    // The volunteer's own villages, for offline pickers. Without signal this fails: reported on
    // the next screen, not fatal.
    const cached = await loadProvinceRegions(profile.provinceCode).then(
      () => true,
      () => false,
    );
    onCreated(cached);
  };

  return (
    <form onSubmit={submit} noValidate>
      <h1 tabIndex={-1} ref={headingRef}>
        {kind === 'pin' ? t('app:onboarding.pinTitle') : t('app:security.passphraseTitle')}
      </h1>
      <p>{t('app:onboarding.pinIntro', { count: MIN_PIN_LENGTH })}</p>
      <p class="notice notice-warning">{t('app:onboarding.pinWarning')}</p>
      {kind === 'pin' ? (
        <>
          <PinInput
            id="new-pin"
            label={t('app:onboarding.pinLabel')}
            help={t('app:pin.help', { count: MIN_PIN_LENGTH })}
            value={secret}
            onInput={setSecret}
            error={secretError}
            inputRef={secretInput}
            autoComplete="new-password"
            disabled={busy}
          />
          <PinInput
            id="new-pin-repeat"
            label={t('app:onboarding.pinRepeatLabel')}
            value={repeat}
            onInput={setRepeat}
            error={repeatError}
            inputRef={repeatInput}
            autoComplete="new-password"
            disabled={busy}
          />
        </>
      ) : (
        <>
          <PassphraseInput
            id="new-passphrase"
            label={t('app:security.passphraseLabel')}
            help={t('app:security.passphraseHelp')}
            value={secret}
            onInput={setSecret}
            error={secretError}
            inputRef={secretInput}
            autoComplete="new-password"
            disabled={busy}
          />
          <PassphraseInput
            id="new-passphrase-repeat"
            label={t('app:security.passphraseRepeatLabel')}
            value={repeat}
            onInput={setRepeat}
            error={repeatError}
            inputRef={repeatInput}
            autoComplete="new-password"
            disabled={busy}
          />
        </>
      )}
      <p>
        <button
          type="button"
          class="button-link"
          disabled={busy}
          onClick={() => switchKind(kind === 'pin' ? 'passphrase' : 'pin')}
        >
          {kind === 'pin' ? t('app:security.choosePassphrase') : t('app:security.choosePin')}
        </button>
      </p>
      {passkeyAvailable ? (
        <div class="field">
          <label class="check">
            <input
              type="checkbox"
              checked={usePasskey}
              disabled={busy}
              onChange={(e) => setUsePasskey(e.currentTarget.checked)}
            />{' '}
            {t('app:security.bindPasskey')}
          </label>
          <span class="field-help">{t('app:security.bindPasskeyHelp')}</span>
        </div>
      ) : (
        <div class="notice notice-info">
          <p>{t('app:security.noPasskey')}</p>
          <p>
            {t(kind === 'pin' ? 'app:security.pinAloneLimits' : 'app:security.passphraseLimits')}
          </p>
        </div>
      )}
      {saveError && (
        <p class="notice notice-error" role="alert">
          {saveError}
        </p>
      )}
      <p role="status" aria-live="polite" class={busy ? 'notice' : 'visually-hidden'}>
        {busy ? t('app:onboarding.creating') : ''}
      </p>
      <button type="submit" class="button button-primary button-block button-large" disabled={busy}>
        {t('app:onboarding.finish')}
      </button>
      <p>
        <button type="button" class="button button-block" onClick={onBack} disabled={busy}>
          {t('app:actions.back')}
        </button>
      </p>
    </form>
  );
}
