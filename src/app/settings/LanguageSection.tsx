// Language switch: changes the UI at once and remembers the choice on the phone.
import { useState } from 'preact/hooks';
import { setLanguage } from '../../data';
import { reportError } from '../errors';
import { changeLanguage, currentLanguage, LANGUAGES, useT, type Language } from '../i18n';

export function LanguageSection() {
  const t = useT();
  const [saved, setSaved] = useState(false);
  const choose = async (lng: Language) => {
    setSaved(false);
    await changeLanguage(lng);
    try {
      await setLanguage(lng);
      setSaved(true);
    } catch (e) {
      reportError(e);
    }
  };
  return (
    <fieldset class="field">
      <legend>{t('app:settings.languageLegend')}</legend>
      {LANGUAGES.map((lng) => (
        <label class="choice" key={lng} lang={lng}>
          <input
            type="radio"
            name="language"
            value={lng}
            checked={currentLanguage() === lng}
            onChange={() => void choose(lng)}
          />
          {t(`app:language.${lng}`)}
        </label>
      ))}
      <p aria-live="polite" class="muted">
        {saved ? t('app:settings.languageSaved') : ''}
      </p>
    </fieldset>
  );
}
