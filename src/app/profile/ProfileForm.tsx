// The volunteer's profile form, used by onboarding and Settings. Validated with the domain's
// volunteerProfileSchema; each error sits next to its field and the first invalid field gets focus.
// Whether the volunteer is trained in victim handling matters (Pasal 5 ayat 3): it opens or
// closes the screening and psychosocial-support workflows, so it is asked explicitly.
import { useEffect, useState } from 'preact/hooks';
import {
  VOLUNTEER_ROLES,
  volunteerProfileSchema,
  type VolunteerProfile,
} from '../../domain/profile';
import { toValidationIssues } from '../../domain/validation';
import { useT } from '../i18n';
import { todayLocal } from '../today';
import { loadProvinces, type Province } from './provinces';

interface Props {
  initial?: Partial<VolunteerProfile>;
  submitLabel: string;
  /** Receives a valid profile. A thrown error is shown under the form. */
  onSubmit: (profile: VolunteerProfile) => Promise<void>;
  /** i18n key of a message shown when onSubmit throws (defaults to a generic one). */
  errorKey?: (e: unknown) => string;
}

interface Values {
  name: string;
  role: string;
  organisation: string;
  provinceCode: string;
  villageName: string;
  trained: '' | 'yes' | 'no';
  trainedOn: string;
}

type FieldName =
  | 'name'
  | 'role'
  | 'organisation'
  | 'provinceCode'
  | 'villageName'
  | 'trainedInVictimHandling'
  | 'trainedOn';
const FIELD_ORDER: readonly FieldName[] = [
  'name',
  'role',
  'organisation',
  'provinceCode',
  'villageName',
  'trainedInVictimHandling',
  'trainedOn',
];

function fromProfile(p: Partial<VolunteerProfile> | undefined): Values {
  return {
    name: p?.name ?? '',
    role: p?.role ?? '',
    organisation: p?.organisation ?? '',
    provinceCode: p?.provinceCode ?? '',
    villageName: p?.villageName ?? '',
    trained:
      p?.trainedInVictimHandling === undefined ? '' : p.trainedInVictimHandling ? 'yes' : 'no',
    trainedOn: p?.trainedOn ?? '',
  };
}

/** What the form holds as a profile candidate: empty optional fields are left out. */
function toCandidate(v: Values, villageCode: string | undefined): Record<string, unknown> {
  const candidate: Record<string, unknown> = {
    name: v.name,
    role: v.role || undefined,
    provinceCode: v.provinceCode || undefined,
    villageName: v.villageName,
    trainedInVictimHandling: v.trained === '' ? undefined : v.trained === 'yes',
  };
  if (v.organisation.trim()) candidate.organisation = v.organisation.trim();
  // A village code only stays while the province it belongs to is unchanged.
  if (villageCode && villageCode.startsWith(`${v.provinceCode}.`))
    candidate.villageCode = villageCode;
  if (v.trained === 'yes' && v.trainedOn) candidate.trainedOn = v.trainedOn;
  return candidate;
}

type Errors = Partial<Record<FieldName, string>>;

function fieldId(name: FieldName): string {
  return `profile-${name}`;
}

export function ProfileForm({ initial, submitLabel, onSubmit, errorKey }: Props) {
  const t = useT();
  const [values, setValues] = useState<Values>(() => fromProfile(initial));
  const [errors, setErrors] = useState<Errors>({});
  const [provinces, setProvinces] = useState<Province[]>();
  const [busy, setBusy] = useState(false);
  const [submitError, setSubmitError] = useState<string>();

  useEffect(() => {
    let live = true;
    void loadProvinces().then((list) => live && setProvinces(list));
    return () => {
      live = false;
    };
  }, []);

  const set = <K extends keyof Values>(key: K, value: Values[K]) =>
    setValues((current) => ({ ...current, [key]: value }));

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const parsed = volunteerProfileSchema.safeParse(toCandidate(values, initial?.villageCode), {
      reportInput: true,
    });
    if (!parsed.success) {
      const next: Errors = {};
      for (const issue of toValidationIssues(parsed.error)) {
        const field = issue.path.split('.')[0] as FieldName;
        if (FIELD_ORDER.includes(field) && !next[field])
          next[field] = t(`records:${issue.key}`, issue.params);
      }
      setErrors(next);
      const first = FIELD_ORDER.find((name) => next[name]);
      if (first) document.getElementById(fieldId(first))?.focus();
      return;
    }
    setErrors({});
    setSubmitError(undefined);
    setBusy(true);
    try {
      await onSubmit(parsed.data);
    } catch (e) {
      setSubmitError(t(errorKey ? errorKey(e) : 'app:errors.unexpected'));
    } finally {
      setBusy(false);
    }
  };

  const describedBy = (name: FieldName, help?: boolean) =>
    [help && `${fieldId(name)}-help`, errors[name] && `${fieldId(name)}-error`]
      .filter(Boolean)
      .join(' ') || undefined;
  const errorText = (name: FieldName) =>
    errors[name] ? (
      <span id={`${fieldId(name)}-error`} class="field-error">
        {errors[name]}
      </span>
    ) : null;
  const invalid = (name: FieldName) => (errors[name] ? 'true' : undefined);

  return (
    <form onSubmit={submit} noValidate>
      <div class="field">
        <label for={fieldId('name')}>{t('records:profile.fields.name')}</label>
        <input
          id={fieldId('name')}
          type="text"
          autoComplete="name"
          value={values.name}
          aria-invalid={invalid('name')}
          aria-describedby={describedBy('name')}
          onInput={(e) => set('name', e.currentTarget.value)}
        />
        {errorText('name')}
      </div>

      <div class="field">
        <label for={fieldId('role')}>{t('records:profile.fields.role')}</label>
        <select
          id={fieldId('role')}
          value={values.role}
          aria-invalid={invalid('role')}
          aria-describedby={describedBy('role')}
          onChange={(e) => set('role', e.currentTarget.value)}
        >
          <option value="">{t('app:profile.choose')}</option>
          {VOLUNTEER_ROLES.map((role) => (
            <option key={role} value={role}>
              {t(`records:profile.roles.${role}`)}
            </option>
          ))}
        </select>
        {errorText('role')}
      </div>

      <div class="field">
        <label for={fieldId('organisation')}>
          {t('records:profile.fields.organisation')} {t('app:profile.optional')}
        </label>
        <input
          id={fieldId('organisation')}
          type="text"
          autoComplete="organization"
          value={values.organisation}
          aria-invalid={invalid('organisation')}
          aria-describedby={describedBy('organisation')}
          onInput={(e) => set('organisation', e.currentTarget.value)}
        />
        {errorText('organisation')}
      </div>

      <div class="field">
        <label for={fieldId('provinceCode')}>{t('records:profile.fields.provinceCode')}</label>
        <select
          id={fieldId('provinceCode')}
          value={values.provinceCode}
          disabled={!provinces}
          aria-invalid={invalid('provinceCode')}
          aria-describedby={describedBy('provinceCode')}
          onChange={(e) => set('provinceCode', e.currentTarget.value)}
        >
          <option value="">{provinces ? t('app:profile.choose') : t('app:loading')}</option>
          {provinces?.map((province) => (
            <option key={province.code} value={province.code}>
              {province.name}
            </option>
          ))}
        </select>
        {errorText('provinceCode')}
      </div>

      <div class="field">
        <label for={fieldId('villageName')}>{t('records:profile.fields.villageName')}</label>
        <input
          id={fieldId('villageName')}
          type="text"
          value={values.villageName}
          aria-invalid={invalid('villageName')}
          aria-describedby={describedBy('villageName')}
          onInput={(e) => set('villageName', e.currentTarget.value)}
        />
        {errorText('villageName')}
      </div>

      <fieldset class="field" aria-describedby={describedBy('trainedInVictimHandling', true)}>
        <legend>{t('records:profile.fields.trainedInVictimHandling')}</legend>
        <span id={`${fieldId('trainedInVictimHandling')}-help`} class="field-help">
          {t('records:profile.help.trainedInVictimHandling')} {t('app:profile.trainingWhy')}
        </span>
        <label class="choice">
          <input
            id={fieldId('trainedInVictimHandling')}
            type="radio"
            name="trained"
            value="yes"
            checked={values.trained === 'yes'}
            aria-invalid={invalid('trainedInVictimHandling')}
            onChange={() => set('trained', 'yes')}
          />
          {t('app:profile.trainedYes')}
        </label>
        <label class="choice">
          <input
            type="radio"
            name="trained"
            value="no"
            checked={values.trained === 'no'}
            onChange={() => set('trained', 'no')}
          />
          {t('app:profile.trainedNo')}
        </label>
        {errorText('trainedInVictimHandling')}
      </fieldset>

      {values.trained === 'yes' && (
        <div class="field">
          <label for={fieldId('trainedOn')}>{t('records:profile.fields.trainedOn')}</label>
          <span id={`${fieldId('trainedOn')}-help`} class="field-help">
            {t('records:profile.help.trainedOn')}
          </span>
          <input
            id={fieldId('trainedOn')}
            type="date"
            max={todayLocal()}
            value={values.trainedOn}
            aria-invalid={invalid('trainedOn')}
            aria-describedby={describedBy('trainedOn', true)}
            onInput={(e) => set('trainedOn', e.currentTarget.value)}
          />
          {errorText('trainedOn')}
        </div>
      )}

      {Object.keys(errors).length > 0 && (
        <p class="field-error" role="alert">
          {t('app:profile.fixErrors')}
        </p>
      )}
      {submitError && (
        <p class="notice notice-error" role="alert">
          {submitError}
        </p>
      )}
      <button type="submit" class="button button-primary button-block" disabled={busy}>
        {busy ? t('app:actions.saving') : submitLabel}
      </button>
    </form>
  );
}
