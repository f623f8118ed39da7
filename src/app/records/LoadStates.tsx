// The screens a record view shows before it has a record: still loading, not on this phone, or
// unreadable (storage closed or failing).
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

/** Reading the phone's storage failed: say so and what to do, never a blank screen. */
export function RecordLoadFailed() {
  const t = useT();
  return (
    <div class="page">
      <div class="notice notice-error" role="alert">
        <p>{t('forms:detail.loadFailed')}</p>
      </div>
    </div>
  );
}
