// While a screening is being filled, its risk level so far: with immediate danger or a medium/high
// level the volunteer must not wait for the form to be finished before reporting (Lampiran BAB II
// C mechanism 1), so the way to call is one tap away. The full triage is on the detail screen.
import { telLink } from '../../../domain/contacts';
import { assessRisk, type TriageInput } from '../../../domain/triage';
import { useT } from '../../i18n';
import type { Payload } from './model';

export function TriageHint({ payload }: { payload: Payload }) {
  const t = useT();
  const assessment = assessRisk(payload as TriageInput);
  if (!assessment.mustReport) return null;
  const danger = payload.immediateDanger === true;
  return (
    <div class="notice notice-error triage-hint" role="status">
      <p>
        <strong>{t(`forms:triage.level.${assessment.level}`)}</strong>{' '}
        {t(`forms:triage.todo.${assessment.level}`)}
      </p>
      <div class="contact-actions">
        {danger ? (
          <a class="button button-danger" href={telLink(assessment.isChild ? '129' : '110')}>
            {t('forms:contacts.call', { number: assessment.isChild ? '129' : '110' })}
          </a>
        ) : null}
        <a class="button" href="#/contacts">
          {t('forms:gate.contacts')}
        </a>
      </div>
    </div>
  );
}
