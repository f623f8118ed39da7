// First run: language → volunteer profile → PIN (PinStep.tsx), then the vault is created, the
// profile saved (encrypted) and the volunteer's own province's villages cached for offline use.
// A further volunteer on the same phone starts at the profile step (from the lock screen).
import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { setLanguage } from '../../data';
import type { VolunteerProfile } from '../../domain/profile';
import { reportError } from '../errors';
import {
  changeLanguage,
  currentLanguage,
  ensureNamespaces,
  LANGUAGES,
  useT,
  type Language,
} from '../i18n';
import { lazy } from '../lazy';
import { PinStep } from './PinStep';

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
  /** A further profile on a phone that has one: no language step, and a way back. */
  additional?: boolean;
  onCancel?: (() => void) | undefined;
}

export function Onboarding({ onDone, additional = false, onCancel }: Props) {
  const t = useT();
  const [step, setStep] = useState<Step>(additional ? 'profile' : 'language');
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
            <button
              type="button"
              class="button button-block"
              onClick={() => (additional && onCancel ? onCancel() : setStep('language'))}
            >
              {t('app:actions.back')}
            </button>
          </p>
        </>
      )}
      {step === 'pin' && profile && (
        <PinStep
          headingRef={heading}
          profile={profile}
          additional={additional}
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
