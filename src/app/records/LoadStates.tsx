// The two screens a record view shows before it has a record: still loading, or not on this phone.
import { useT } from '../i18n';

export function RecordLoading() {
  const t = useT();
  return (
    <p class="page muted" role="status">
      {t('forms:common.loading')}
    </p>
  );
}

export function RecordNotFound() {
  const t = useT();
  return (
    <div class="page">
      <div class="notice notice-error" role="alert">
        <p>{t('forms:detail.notFound')}</p>
      </div>
    </div>
  );
}
