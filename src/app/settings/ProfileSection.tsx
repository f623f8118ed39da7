// Editing the volunteer's profile, including whether and when they were trained in victim
// handling (Pasal 5 ayat 3), and caching their province's villages for offline pickers.
import { useEffect, useState } from 'preact/hooks';
import { getProfile, isProvinceRegionsCached, loadProvinceRegions, saveProfile } from '../../data';
import type { VolunteerProfile } from '../../domain/profile';
import { errorMessageKey, reportError } from '../errors';
import { useT } from '../i18n';
import { ProfileForm } from '../profile/ProfileForm';

export function ProfileSection() {
  const t = useT();
  const [profile, setProfile] = useState<Partial<VolunteerProfile>>();
  const [loaded, setLoaded] = useState(false);
  const [saved, setSaved] = useState(false);
  // Bumped after each save so the form starts again from what was stored.
  const [revision, setRevision] = useState(0);

  useEffect(() => {
    getProfile<VolunteerProfile>().then(
      (p) => {
        setProfile(p);
        setLoaded(true);
      },
      (e: unknown) => {
        reportError(e);
        setLoaded(true);
      },
    );
  }, []);

  if (!loaded) return <p class="muted">{t('app:loading')}</p>;
  return (
    <>
      {!profile && <p class="notice notice-warning">{t('app:settings.profileMissing')}</p>}
      <ProfileForm
        key={revision}
        initial={profile}
        submitLabel={t('app:actions.save')}
        errorKey={errorMessageKey}
        onSubmit={async (next) => {
          setSaved(false);
          try {
            await saveProfile(next);
          } catch (e) {
            reportError(e);
            throw e;
          }
          setProfile(next);
          setRevision((r) => r + 1);
          setSaved(true);
        }}
      />
      <p aria-live="polite" class={saved ? 'notice notice-ok' : 'visually-hidden'}>
        {saved ? t('app:settings.profileSaved') : ''}
      </p>
      {profile?.provinceCode && <RegionCache provinceCode={profile.provinceCode} />}
    </>
  );
}

function RegionCache({ provinceCode }: { provinceCode: string }) {
  const t = useT();
  const [state, setState] = useState<'checking' | 'cached' | 'missing' | 'loading' | 'failed'>(
    'checking',
  );
  useEffect(() => {
    setState('checking');
    isProvinceRegionsCached(provinceCode).then(
      (cached) => setState(cached ? 'cached' : 'missing'),
      () => setState('missing'),
    );
  }, [provinceCode]);

  const download = async () => {
    setState('loading');
    try {
      await loadProvinceRegions(provinceCode);
      setState('cached');
    } catch {
      setState('failed');
    }
  };

  return (
    <section aria-labelledby="region-cache-title">
      <h2 id="region-cache-title">{t('app:settings.regionsTitle')}</h2>
      <p aria-live="polite">
        {state === 'checking' && t('app:loading')}
        {state === 'cached' && t('app:settings.regionsCached')}
        {state === 'missing' && t('app:settings.regionsMissing')}
        {state === 'loading' && t('app:settings.regionsLoading')}
        {state === 'failed' && t('app:settings.regionsFailed')}
      </p>
      {(state === 'missing' || state === 'failed') && (
        <button type="button" class="button button-block" onClick={() => void download()}>
          {t('app:settings.regionsDownload')}
        </button>
      )}
    </section>
  );
}
