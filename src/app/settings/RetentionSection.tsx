// Retention (issue 11 §6): how long the full content of a screening, psychosocial-support or
// referral record stays on this phone after the coordinator confirmed receipt. Changing it
// sweeps at once with the new period.
import { useEffect, useState } from 'preact/hooks';
import { getRetentionDays, setRetentionDays } from '../../data';
import { RETENTION_CHOICES } from '../../domain/retention';
import { reportError } from '../errors';
import { useT } from '../i18n';

export function RetentionSection() {
  const t = useT();
  const [days, setDays] = useState<number | undefined>(undefined);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    let live = true;
    void getRetentionDays().then((d) => live && setDays(d));
    return () => {
      live = false;
    };
  }, []);
  const choose = async (d: number) => {
    setSaved(false);
    setDays(d);
    try {
      await setRetentionDays(d);
      setSaved(true);
    } catch (e) {
      reportError(e);
    }
  };
  return (
    <div class="stack">
      <p>{t('app:retention.intro')}</p>
      <fieldset class="field">
        <legend>{t('app:retention.legend')}</legend>
        {RETENTION_CHOICES.map((d) => (
          <label class="choice" key={d}>
            <input
              type="radio"
              name="retention"
              value={d}
              checked={days === d}
              disabled={days === undefined}
              onChange={() => void choose(d)}
            />
            {t('app:retention.days', { count: d })}
          </label>
        ))}
        <p aria-live="polite" class="muted">
          {saved ? t('app:retention.saved', { count: days ?? 0 }) : ''}
        </p>
      </fieldset>
      <p class="muted">{t('app:retention.drafts')}</p>
    </div>
  );
}
