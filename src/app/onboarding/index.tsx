// First run: language → volunteer profile → PIN, then the vault is created, the profile saved
// (encrypted) and the volunteer's own province's villages cached for offline use.
import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { createVault, loadProvinceRegions, saveProfile, setLanguage } from '../../data';
import type { VolunteerProfile } from '../../domain/profile';
import { PinInput } from '../components/PinInput';
import { MIN_PIN_LENGTH } from '../config';
import { errorMessageKey, reportError } from '../errors';
import {
  changeLanguage,
  currentLanguage,
  ensureNamespaces,
  LANGUAGES,
  useT,
  type Language,
} from '../i18n';
import { lazy } from '../lazy';

// The profile step (its form, zod and the `records` labels) loads after the language step, so a
// new phone's first screen stays small.
const ProfileForm = lazy(() =>
  Promise.all([import('../profile/ProfileForm'), ensureNamespaces(['records'])]).then(
    ([m]) => m.ProfileForm,
  ),
);

type Step = 'language' | 'profile' | 'pin' | 'regions_offline';
const NUMBERED_STEPS: readonly Step[] = ['language', 'profile', 'pin'];

interface Props {
  onDone: () => void;
}

export function Onboarding({ onDone }: Props) {
  const t = useT();
  const [step, setStep] = useState<Step>('language');
  const [profile, setProfile] = useState<VolunteerProfile>();
  const heading = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);

  useEffect(() => {
    // Each step is a new screen for a screen reader: announce it by focusing its heading.
    if (firstRender.current) firstRender.current = false;
    else heading.current?.focus();
  }, [step]);

  const stepNumber = NUMBERED_STEPS.indexOf(step) + 1;
  return (
    <main class="page" id="main">
      {stepNumber > 0 && (
        <p class="muted">
          {t('app:onboarding.stepOf', { step: stepNumber, total: NUMBERED_STEPS.length })}
        </p>
      )}
      {step === 'language' && (
        <LanguageStep headingRef={heading} onChosen={() => setStep('profile')} />
      )}
      {step === 'profile' && (
        <>
          <h1 tabIndex={-1} ref={heading}>
            {t('app:onboarding.profileTitle')}
          </h1>
          <p>{t('app:onboarding.profileIntro')}</p>
          <ProfileForm
            initial={profile}
            submitLabel={t('app:actions.next')}
            onSubmit={async (p) => {
              setProfile(p);
              setStep('pin');
            }}
          />
          <p>
            <button type="button" class="button button-block" onClick={() => setStep('language')}>
              {t('app:actions.back')}
            </button>
          </p>
        </>
      )}
      {step === 'pin' && profile && (
        <PinStep
          headingRef={heading}
          profile={profile}
          onBack={() => setStep('profile')}
          onCreated={(regionsCached) => (regionsCached ? onDone() : setStep('regions_offline'))}
        />
      )}
      {step === 'regions_offline' && (
        <>
          <h1 tabIndex={-1} ref={heading}>
            {t('app:onboarding.readyTitle')}
          </h1>
          <div class="notice notice-warning" role="status">
            <p>{t('app:onboarding.regionsOffline')}</p>
          </div>
          <p>
            <button type="button" class="button button-primary button-block" onClick={onDone}>
              {t('app:onboarding.toHome')}
            </button>
          </p>
        </>
      )}
    </main>
  );
}

function LanguageStep({
  headingRef,
  onChosen,
}: {
  headingRef: RefObject<HTMLHeadingElement>;
  onChosen: () => void;
}) {
  const t = useT();
  const choose = async (lng: Language) => {
    await changeLanguage(lng);
    // Remembering the choice is a convenience: a failure here must not block the first run.
    await setLanguage(lng).catch(reportError);
    onChosen();
  };
  return (
    <>
      <h1 tabIndex={-1} ref={headingRef}>
        {t('app:onboarding.welcome')}
      </h1>
      <p>{t('app:onboarding.intro')}</p>
      <h2>{t('app:onboarding.languageTitle')}</h2>
      <div class="stack">
        {LANGUAGES.map((lng) => (
          <button
            key={lng}
            type="button"
            lang={lng}
            class={`button button-block button-large ${lng === currentLanguage() ? 'button-primary' : ''}`}
            onClick={() => void choose(lng)}
          >
            {t(`app:language.${lng}`)}
          </button>
        ))}
      </div>
    </>
  );
}

function PinStep({
  headingRef,
  profile,
  onBack,
  onCreated,
}: {
  headingRef: RefObject<HTMLHeadingElement>;
  profile: VolunteerProfile;
  onBack: () => void;
  onCreated: (regionsCached: boolean) => void;
}) {
  const t = useT();
  const [pin, setPin] = useState('');
  const [repeat, setRepeat] = useState('');
  const [pinError, setPinError] = useState<string>();
  const [repeatError, setRepeatError] = useState<string>();
  const [saveError, setSaveError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const pinInput = useRef<HTMLInputElement>(null);
  const repeatInput = useRef<HTMLInputElement>(null);
  // If saving the profile fails after the vault exists, a retry must not create it again.
  const vaultCreated = useRef(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setPinError(undefined);
    setRepeatError(undefined);
    setSaveError(undefined);
    if (pin.length < MIN_PIN_LENGTH) {
      setPinError(t('app:pin.tooShort', { count: MIN_PIN_LENGTH }));
      pinInput.current?.focus();
      return;
    }
    if (repeat !== pin) {
      setRepeatError(t('app:pin.mismatch'));
      setRepeat('');
      repeatInput.current?.focus();
      return;
    }
    setBusy(true);
    try {
      if (!vaultCreated.current) {
        await createVault(pin);
        vaultCreated.current = true;
      }
      await saveProfile(profile);
    } catch (e) {
      reportError(e);
      setSaveError(t(errorMessageKey(e)));
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
        {t('app:onboarding.pinTitle')}
      </h1>
      <p>{t('app:onboarding.pinIntro', { count: MIN_PIN_LENGTH })}</p>
      <p class="notice notice-warning">{t('app:onboarding.pinWarning')}</p>
      <PinInput
        id="new-pin"
        label={t('app:onboarding.pinLabel')}
        help={t('app:pin.help', { count: MIN_PIN_LENGTH })}
        value={pin}
        onInput={setPin}
        error={pinError}
        inputRef={pinInput}
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
