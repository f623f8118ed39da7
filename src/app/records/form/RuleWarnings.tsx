// Contradictions the domain rules find (src/domain/rules, issue 8 item 6): the warnings of the
// current step at its end (below the questions, so nothing moves under a finger), and before
// "Selesai dan simpan" a panel listing every warning with "save anyway" or "check the answers".
import type { RuleWarning } from '../../../domain/rules/index';
import { useT } from '../../i18n';
import { fieldDomId } from './model';

export function StepWarnings({ warnings }: { warnings: readonly RuleWarning[] }) {
  const t = useT();
  if (warnings.length === 0) return null;
  return (
    <div class="notice notice-warning rule-warnings" role="status" data-testid="step-warnings">
      <p>
        <strong>{t('records:rules.title')}</strong>
      </p>
      <ul>
        {warnings.map((warning) => (
          <li key={warning.id}>{t(`records:${warning.key}`, warning.params)}</li>
        ))}
      </ul>
    </div>
  );
}

export function FinishWarnings({
  warnings,
  busy,
  onSaveAnyway,
  onReview,
}: {
  warnings: readonly RuleWarning[];
  busy: boolean;
  onSaveAnyway: () => void;
  onReview: () => void;
}) {
  const t = useT();
  return (
    <section
      id={fieldDomId('rules')}
      class="notice notice-warning rule-warnings stack"
      role="alert"
      aria-labelledby="rule-warnings-title"
      tabIndex={-1}
    >
      <h2 id="rule-warnings-title">{t('records:rules.finishTitle', { count: warnings.length })}</h2>
      <ul>
        {warnings.map((warning) => (
          <li key={warning.id}>{t(`records:${warning.key}`, warning.params)}</li>
        ))}
      </ul>
      <div class="form-actions">
        <button type="button" class="button button-primary" onClick={onReview}>
          {t('records:rules.review')}
        </button>
        <button type="button" class="button" disabled={busy} onClick={onSaveAnyway}>
          {t('records:rules.saveAnyway')}
        </button>
      </div>
    </section>
  );
}
