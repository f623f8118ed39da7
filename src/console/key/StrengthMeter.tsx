// Shows how guessable a typed passphrase is (zxcvbn-ts, Indonesian dictionary) and reports the
// verdict to the form, which refuses weak ones.
import { useEffect, useState } from 'preact/hooks';
import { useT } from '../i18n';
import { checkStrength, MIN_PASSPHRASE_LENGTH, type StrengthVerdict } from './strength';

export function StrengthMeter({
  id,
  value,
  onVerdict,
}: {
  id: string;
  value: string;
  onVerdict: (ok: boolean) => void;
}) {
  const t = useT();
  const [verdict, setVerdict] = useState<StrengthVerdict | undefined>();
  useEffect(() => {
    let live = true;
    if (value === '') {
      setVerdict(undefined);
      onVerdict(false);
      return;
    }
    void checkStrength(value).then((result) => {
      if (!live) return;
      setVerdict(result);
      onVerdict(result.ok);
    });
    return () => {
      live = false;
    };
  }, [value]);
  const score = verdict?.score ?? 0;
  return (
    <div id={id} class="strength" aria-live="polite">
      <meter min={0} max={4} value={score} aria-label={t('console:strength.label')} />
      <span>
        {verdict === undefined
          ? t('console:strength.hint', { min: MIN_PASSPHRASE_LENGTH })
          : verdict.problem === 'too_short'
            ? t('console:strength.tooShort', { min: MIN_PASSPHRASE_LENGTH })
            : t(`console:strength.score${score}`)}
      </span>
    </div>
  );
}
