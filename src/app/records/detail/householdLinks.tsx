// Links from one record to the household visits it calls for: a visit with warning signs asks
// for a screening or referral, and an awareness session's households needing a visit each become
// a household_visit draft in one tap (saved first, then opened, so nothing depends on the tap
// being followed by typing).
import { useState } from 'preact/hooks';
import type { RecordKindDeclaration } from '../../../domain/recordKind';
import {
  householdVisitDraftFromSession,
  type AwarenessSessionPayload,
} from '../../../domain/kinds/awareness_session';
import {
  visitHasWarningSigns,
  type HouseholdVisitPayload,
} from '../../../domain/kinds/household_visit';
import { newRecordId, saveDraft, type StoredRecord } from '../../../data/index';
import { useT } from '../../i18n';
import { navigate } from '../../router';
import { draftPath } from '../form/RecordFormScreen';

/** Whether a record is a household visit that saw warning signs. */
export function hasWarningSigns(
  declaration: Pick<RecordKindDeclaration, 'kind'>,
  payload: Record<string, unknown>,
): boolean {
  return (
    declaration.kind === 'household_visit' &&
    visitHasWarningSigns(payload as Pick<HouseholdVisitPayload, 'warningSigns'>)
  );
}

/** Saves a household_visit draft prefilled from the session's household `index`; its id. */
export async function createVisitDraftFromSession(
  session: AwarenessSessionPayload,
  index: number,
): Promise<string | undefined> {
  const prefill = householdVisitDraftFromSession(session, index);
  if (!prefill) return undefined;
  const id = newRecordId();
  await saveDraft({
    id,
    kind: 'household_visit',
    payload: prefill as Record<string, unknown>,
    updatedAt: new Date().toISOString(),
  });
  return id;
}

export function HouseholdsToVisit({
  declaration,
  record,
}: {
  declaration: Pick<RecordKindDeclaration, 'kind'>;
  record: StoredRecord;
}) {
  const t = useT();
  const [failed, setFailed] = useState(false);
  if (declaration.kind !== 'awareness_session') return null;
  const session = record.payload as AwarenessSessionPayload;
  const households = session.householdsToVisit ?? [];
  if (households.length === 0) return null;
  const create = async (index: number) => {
    try {
      const id = await createVisitDraftFromSession(session, index);
      if (id) navigate(draftPath('household_visit', id));
    } catch {
      setFailed(true);
    }
  };
  return (
    <section aria-labelledby="households-to-visit">
      <h3 id="households-to-visit">{t('forms:followUp.households')}</h3>
      {failed ? (
        <p class="field-error" role="alert">
          {t('forms:followUp.createVisitFailed')}
        </p>
      ) : null}
      <ul class="list">
        {households.map((household, index) => (
          <li key={index}>
            <button type="button" class="button button-block" onClick={() => void create(index)}>
              {t('forms:followUp.createVisit', { name: household.householdName })}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
