// Enrollment (#/enroll): connects this phone to the coordinator's server with the address and
// the one-time code the coordinator gives — typed, or filled by the QR code's link
// (`#/enroll?server=…&code=…`). Every failure says what happened and what to do; the queued
// records are never touched. Once enrolled it shows the district's key fingerprints, to compare
// with the coordinator's by phone.
import { useEffect, useState } from 'preact/hooks';
import { getDistrict, getEnrollment, onOutboxChange, type District } from '../../data';
import { enrollDevice } from '../../sync';
import { clearEnrollLink, pendingEnrollLink } from '../enrollLink';
import { errorCode, errorMessageKey } from '../errors';
import { useT } from '../i18n';
import { navigate, useRoute } from '../router';
import { useSync } from '../syncContext';

/** This page's own origin when it is served over http(s): usually the coordinator's server. */
function ownOrigin(): string {
  return typeof location !== 'undefined' && /^https?:$/.test(location.protocol)
    ? location.origin
    : '';
}

type FieldName = 'serverUrl' | 'code' | 'label';

/** Which field a SyncError code belongs to; others are shown under the form. */
const FIELD_OF_ERROR: Record<string, FieldName> = {
  invalid_url: 'serverUrl',
  insecure_url: 'serverUrl',
  enrollment_code_invalid: 'code',
};

export function EnrollScreen() {
  const t = useT();
  const { status, requestSync } = useSync();
  const route = useRoute();
  const link = {
    server: route.query.get('server') ?? pendingEnrollLink()?.server,
    code: route.query.get('code') ?? pendingEnrollLink()?.code,
  };
  const [current, setCurrent] = useState<{ serverUrl: string; deviceId: string }>();
  const [district, setDistrict] = useState<District>();
  const [values, setValues] = useState<Record<FieldName, string>>(() => ({
    serverUrl: link.server ?? '',
    code: link.code ?? '',
    label: '',
  }));
  const fromLink = Boolean(link.code);
  const [errors, setErrors] = useState<Partial<Record<FieldName | 'form', string>>>({});
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  useEffect(() => {
    getEnrollment().then(
      (e) => {
        // Not enrolled: the address this app was loaded from is the likely server.
        const serverUrl = e?.serverUrl ?? ownOrigin();
        if (e) setCurrent({ serverUrl: e.serverUrl, deviceId: e.deviceId });
        setValues((v) => ({ ...v, serverUrl: v.serverUrl || serverUrl }));
      },
      () => undefined,
    );
    const loadDistrict = () => getDistrict().then(setDistrict, () => undefined);
    void loadDistrict();
    // The feed may bring new keys while this screen is open.
    return onOutboxChange(() => void loadDistrict());
  }, []);

  const set = (name: FieldName, value: string) => setValues((v) => ({ ...v, [name]: value }));

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setDone(false);
    const missing: Partial<Record<FieldName, string>> = {};
    if (!values.serverUrl.trim()) missing.serverUrl = t('app:enroll.required');
    if (!values.code.trim()) missing.code = t('app:enroll.required');
    if (!values.label.trim()) missing.label = t('app:enroll.required');
    const firstMissing = (['serverUrl', 'code', 'label'] as const).find((name) => missing[name]);
    if (firstMissing) {
      setErrors(missing);
      document.getElementById(`enroll-${firstMissing}`)?.focus();
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const enrolled = await enrollDevice({
        serverUrl: values.serverUrl.trim(),
        code: values.code.trim(),
        label: values.label.trim(),
      });
      setCurrent({ serverUrl: enrolled.serverUrl, deviceId: enrolled.deviceId });
      void getDistrict().then(setDistrict, () => undefined);
      setValues((v) => ({ ...v, code: '' }));
      setDone(true);
      // The code is spent: take it out of memory and of the address bar (and its history entry).
      clearEnrollLink();
      if (route.query.has('code')) navigate('/enroll', { replace: true });
      requestSync('enrolled');
    } catch (e) {
      const field = FIELD_OF_ERROR[errorCode(e) ?? ''];
      const message = t(errorMessageKey(e));
      setErrors(field ? { [field]: message } : { form: message });
      if (field) document.getElementById(`enroll-${field}`)?.focus();
    } finally {
      setBusy(false);
    }
  };

  const needsEnrollment = status?.phase === 'needs_enrollment';
  const field = (name: FieldName, type: string, extra: Record<string, string> = {}) => (
    <div class="field">
      <label for={`enroll-${name}`}>{t(`app:enroll.${name}`)}</label>
      <span id={`enroll-${name}-help`} class="field-help">
        {t(`app:enroll.${name}Help`)}
      </span>
      <input
        id={`enroll-${name}`}
        type={type}
        value={values[name]}
        autoComplete="off"
        spellcheck={false}
        aria-invalid={errors[name] ? 'true' : undefined}
        aria-describedby={`enroll-${name}-help${errors[name] ? ` enroll-${name}-error` : ''}`}
        onInput={(e) => set(name, e.currentTarget.value)}
        {...extra}
      />
      {errors[name] && (
        <span id={`enroll-${name}-error`} class="field-error" role="alert">
          {errors[name]}
        </span>
      )}
    </div>
  );

  return (
    <div class="page">
      <h1 tabIndex={-1}>{t('app:enroll.title')}</h1>
      {needsEnrollment && (
        <div class="notice notice-error" role="alert">
          <p>{t('app:enroll.needsEnrollment')}</p>
        </div>
      )}
      {current ? (
        <section aria-labelledby="enroll-current">
          <h2 id="enroll-current">{t('app:enroll.currentTitle')}</h2>
          <dl class="facts">
            <dt>{t('app:enroll.server')}</dt>
            <dd>{current.serverUrl}</dd>
            {district?.name && (
              <>
                <dt>{t('app:enroll.district')}</dt>
                <dd>{district.name}</dd>
              </>
            )}
            <dt>{t('app:enroll.deviceId')}</dt>
            <dd>{current.deviceId}</dd>
          </dl>
          <h3>{t('app:enroll.keysTitle')}</h3>
          {district && district.keys.length > 0 ? (
            <>
              <p class="field-help">{t('app:enroll.keysHelp')}</p>
              <ul class="key-fingerprints">
                {district.keys.map((key) => (
                  <li key={key.kid}>
                    <code>{key.fingerprint}</code>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p class="notice">{t('app:enroll.noKeys')}</p>
          )}
        </section>
      ) : (
        <p>{fromLink ? t('app:enroll.introLink') : t('app:enroll.intro')}</p>
      )}
      <h2>{current ? t('app:enroll.again') : t('app:enroll.formTitle')}</h2>
      <form onSubmit={submit} noValidate>
        {field('serverUrl', 'url', { inputMode: 'url', placeholder: 'https://' })}
        {field('code', 'text', { autoCapitalize: 'characters' })}
        {field('label', 'text')}
        {errors.form && (
          <p class="notice notice-error" role="alert">
            {errors.form}
          </p>
        )}
        <button type="submit" class="button button-primary button-block" disabled={busy}>
          {busy ? t('app:enroll.busy') : t('app:enroll.submit')}
        </button>
        <p aria-live="polite" class={done ? 'notice notice-ok' : 'visually-hidden'}>
          {done ? t('app:enroll.done') : ''}
        </p>
      </form>
      <p class="muted">{t('app:enroll.queueSafe')}</p>
    </div>
  );
}
