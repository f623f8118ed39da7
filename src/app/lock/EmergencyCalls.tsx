// Emergency numbers on every locked screen: anyone holding the phone can call the police (110) and
// SAPA 129 (Kementerian PPPA) without a PIN. Nothing else of the app shows there.
import { useT } from '../i18n';

export function EmergencyCalls() {
  const t = useT();
  return (
    <section class="emergency" aria-labelledby="emergency-title">
      <h2 id="emergency-title">{t('app:emergency.title')}</h2>
      <div class="row">
        <a class="button button-block" href="tel:110">
          {t('app:emergency.police')}
        </a>
        <a class="button button-block" href="tel:129">
          {t('app:emergency.sapa')}
        </a>
      </div>
    </section>
  );
}
