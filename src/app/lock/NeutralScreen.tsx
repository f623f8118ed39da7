// Quick exit lands here: a plain screen with nothing of the app's content (no name, no counts,
// no route), the emergency numbers, and one way on: the lock screen.
import { useEffect, useRef } from 'preact/hooks';
import { useT } from '../i18n';
import { EmergencyCalls } from './EmergencyCalls';
import { leaveNeutralScreen } from './lockApp';

export function NeutralScreen() {
  const t = useT();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <main class="page neutral" id="main">
      <h1 tabIndex={-1} ref={heading}>
        {t('app:neutral.title')}
      </h1>
      <p>{t('app:neutral.body')}</p>
      <EmergencyCalls />
      <p>
        <button type="button" class="button button-block" onClick={leaveNeutralScreen}>
          {t('app:neutral.continue')}
        </button>
      </p>
    </main>
  );
}
