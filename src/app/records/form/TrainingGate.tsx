// Pasal 5 ayat (3): victim handling (screening, psychosocial support) is only for community
// members who have had training. An untrained volunteer is told why, and offered the referral /
// report path that Pasal 7 opens to everyone, and where to record their training.
import type { RecordKind } from '../../../domain/envelope';
import { useT } from '../../i18n';

export function TrainingGate({ kind }: { kind: RecordKind }) {
  const t = useT();
  return (
    <section class="page training-gate stack" aria-labelledby="training-gate-title">
      <h1 id="training-gate-title">{t('forms:gate.title', { kind: t(`forms:kinds.${kind}`) })}</h1>
      <div class="notice notice-warning" role="note">
        <p>{t('forms:gate.why')}</p>
        <p>{t('forms:gate.reportOpen')}</p>
      </div>
      <a class="button button-primary button-block" href="#/records/referral/new">
        {t('forms:gate.startReferral')}
      </a>
      <a class="button button-block" href="#/contacts">
        {t('forms:gate.contacts')}
      </a>
      <p>
        <a href="#/settings">{t('forms:gate.updateTraining')}</a>
      </p>
    </section>
  );
}
