// What the form adds below a particular question: the sum of the participant groups next to the
// headcount of an awareness session (issue 8 item 4: totals are summed for the user), with one
// tap to use it.
import type { FieldMeta } from '../../../domain/recordKind';
import { draftParticipantSum } from '../../../domain/kinds/awareness_session';
import { useT } from '../../i18n';
import type { Payload } from './model';

export function FieldExtras({
  kind,
  field,
  payload,
  onChange,
}: {
  kind: string;
  field: FieldMeta;
  payload: Payload;
  onChange: (path: string, value: unknown) => void;
}) {
  const t = useT();
  if (kind !== 'awareness_session' || field.name !== 'totalParticipants') return null;
  const sum = draftParticipantSum(payload);
  if (sum === undefined) return null;
  const matches = payload.totalParticipants === sum;
  return (
    <div class="notice participant-sum" role="status">
      <p>{t('forms:participants.sum', { sum })}</p>
      {matches ? null : (
        <button type="button" class="button" onClick={() => onChange('totalParticipants', sum)}>
          {t('forms:participants.useSum', { sum })}
        </button>
      )}
    </div>
  );
}
