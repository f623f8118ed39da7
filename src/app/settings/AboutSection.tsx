// About: version, the regulation the app follows, and the credit the region data's licence (ODbL)
// asks for, worded by src/domain/regions in both languages.
import { version } from '../../../package.json';
import { REGION_DATA_ATTRIBUTION } from '../../domain/regions';
import { useT } from '../i18n';

export function AboutSection() {
  const t = useT();
  return (
    <>
      <p>{t('app:about.purpose')}</p>
      <dl class="facts">
        <dt>{t('app:about.version')}</dt>
        <dd>{version}</dd>
        <dt>{t('app:about.regulation')}</dt>
        <dd>{t('app:about.regulationText')}</dd>
        <dt>{t('app:about.regions')}</dt>
        <dd>{REGION_DATA_ATTRIBUTION}</dd>
      </dl>
      <p class="muted">{t('app:about.privacy')}</p>
    </>
  );
}
