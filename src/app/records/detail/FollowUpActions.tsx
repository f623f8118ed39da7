// What can follow a record: a new record of every kind whose form links to this one, prefilled
// from it (#/records/<kind>/new?from=<id>). A household visit with warning signs puts screening
// and referral first with a prompt (domain.md §2); an awareness session's households needing a
// visit each become a household_visit draft in one tap.
import type { RecordKind } from '../../../domain/envelope';
import { getDeclaration, RECORD_KIND_DECLARATIONS } from '../../../domain/index';
import type { StoredRecord } from '../../../data/index';
import { useT } from '../../i18n';
import { hasWarningSigns, HouseholdsToVisit } from './householdLinks';

/** Kinds whose form can link to a record of `kind` (what may follow it). */
export function kindsLinkingTo(kind: RecordKind): RecordKind[] {
  const out: RecordKind[] = [];
  for (const declaration of Object.values(RECORD_KIND_DECLARATIONS)) {
    const links = declaration.fields.some(
      (field) => field.input === 'recordLinks' && (field.linkKinds ?? []).includes(kind),
    );
    if (links && !out.includes(declaration.kind)) out.push(declaration.kind);
  }
  return out;
}

export function FollowUpActions({ record }: { record: StoredRecord }) {
  const t = useT();
  const declaration = getDeclaration(record.kind);
  const kinds = kindsLinkingTo(record.kind);
  const warning = declaration ? hasWarningSigns(declaration, record.payload) : false;
  const urgent: RecordKind[] = warning ? ['screening', 'referral'] : [];
  // A screening does not link to a visit, but still starts from it (the visit's migrant links
  // carry over), so the urgent kinds are offered whether or not they link back.
  const ordered = [...urgent, ...kinds.filter((kind) => !urgent.includes(kind))];
  const href = (kind: RecordKind) => `#/records/${kind}/new?from=${encodeURIComponent(record.id)}`;
  return (
    <section class="follow-up stack" aria-labelledby="follow-up-title">
      <h2 id="follow-up-title">{t('forms:followUp.title')}</h2>
      {warning ? (
        <div class="notice notice-warning" role="note">
          <p>{t('forms:followUp.warningSigns')}</p>
        </div>
      ) : null}
      {declaration ? <HouseholdsToVisit declaration={declaration} record={record} /> : null}
      {ordered.length > 0 ? (
        <ul class="list">
          {ordered.map((kind) => (
            <li key={kind}>
              <a
                class={`button button-block${urgent.includes(kind) ? ' button-primary' : ''}`}
                href={href(kind)}
              >
                {t('forms:followUp.start', { kind: t(`forms:kinds.${kind}`) })}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
