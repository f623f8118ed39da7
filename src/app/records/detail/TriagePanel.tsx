// The screening's risk triage (src/domain/triage): the level in words, colour and icon (never
// colour alone), what to do, and — before anything else is read — whom to call (issue 8 item 3:
// "Laporkan sekarang" and the call links come before the answers that led to the level). Sedang
// and tinggi must be reported at once (Lampiran BAB II C mechanism 1) through a Pasal 7 channel:
// the panel starts a referral prefilled from this screening.
import { assessRisk, type RiskLevel, type TriageInput } from '../../../domain/triage';
import type { StoredRecord } from '../../../data/index';
import { useT } from '../../i18n';
import { EmergencyCallList } from '../contacts/EmergencyActions';

const ICONS: Record<RiskLevel, string> = { rendah: '✓', sedang: '⚠', tinggi: '⛔' };
const BADGE: Record<RiskLevel, string> = {
  rendah: 'badge-risk-low',
  sedang: 'badge-risk-medium',
  tinggi: 'badge-risk-high',
};

/** Pasal 7 ayat (1): the channels a report may use. */
export const REPORT_CHANNEL_KEYS = ['in_person', 'complaint_service', 'online', 'other_official'];

export function TriagePanel({ record }: { record: Pick<StoredRecord, 'id' | 'payload'> }) {
  const t = useT();
  const assessment = assessRisk(record.payload as TriageInput);
  const { level } = assessment;
  return (
    <section
      class={`triage card triage-${level} stack`}
      aria-labelledby="triage-title"
      data-risk-level={level}
    >
      <h2 id="triage-title">{t('forms:triage.title')}</h2>
      <p class={`triage-level badge ${BADGE[level]}`}>
        <span class="triage-icon" aria-hidden="true">
          {ICONS[level]}
        </span>
        <span>{t(`forms:triage.level.${level}`)}</span>
      </p>
      {assessment.mustReport ? (
        <div class="stack" data-testid="report-now">
          <h3>{t('forms:triage.reportNow')}</h3>
          <p>{t(`forms:triage.todo.${level}`)}</p>
          <EmergencyCallList child={assessment.isChild} />
          <a
            class="button button-block"
            href={`#/records/referral/new?from=${encodeURIComponent(record.id)}`}
          >
            {t('forms:triage.startReferral')}
          </a>
          <p>{t('forms:triage.whom')}</p>
          <h4>{t('forms:triage.channelsTitle')}</h4>
          <ul class="plain-list">
            {REPORT_CHANNEL_KEYS.map((channel) => (
              <li key={channel}>{t(`forms:triage.channels.${channel}`)}</li>
            ))}
          </ul>
          <a class="button button-block" href="#/contacts">
            {t('forms:gate.contacts')}
          </a>
        </div>
      ) : (
        <p>{t('forms:triage.todo.rendah')}</p>
      )}
      {assessment.reasons.length > 0 ? (
        <div data-testid="triage-reasons">
          <h3>{t('forms:triage.reasons')}</h3>
          <ul class="plain-list">
            {assessment.reasons.map((reason) => (
              <li key={reason}>{t(`records:${reason}`)}</li>
            ))}
          </ul>
        </div>
      ) : (
        <p>{t('forms:triage.noIndicators')}</p>
      )}
    </section>
  );
}
