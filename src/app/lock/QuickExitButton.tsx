// Quick exit: always on screen while the app is open (fixed to the bottom edge); one tap hides
// everything at once and locks.
import { useT } from '../i18n';
import { quickExit } from './lockApp';

export function QuickExitButton() {
  const t = useT();
  return (
    <button
      type="button"
      class="button quick-exit"
      aria-label={t('app:quickExit.label')}
      onClick={() => void quickExit()}
    >
      {t('app:quickExit.button')}
    </button>
  );
}
