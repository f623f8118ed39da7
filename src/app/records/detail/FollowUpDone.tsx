// "Selesai" on a follow-up (issue 8, beyond the fixes): the kader who did the visit or the call
// marks it done from the record, without going through the whole form. It saves a new revision
// without the next-action date, so the record leaves "Tindak lanjut hari ini" on Beranda and the
// change syncs like any edit. Offered only when the record without the date is still valid (a
// rule may ask for a date) and no unfinished edit of the record is waiting as a draft.
import { useState } from 'preact/hooks';
import { getDeclaration, nextActionDateOf } from '../../../domain/index';
import { saveRecord, type StoredRecord } from '../../../data/index';
import { useT } from '../../i18n';

/** The payload with its follow-up cleared, or undefined when that would not be a valid record. */
export function withoutFollowUp(record: StoredRecord): Record<string, unknown> | undefined {
  const declaration = getDeclaration(record.kind);
  if (!declaration || !('nextActionDate' in record.payload)) return undefined;
  const { nextActionDate: _done, ...rest } = record.payload;
  return declaration.schema.safeParse(rest).success ? rest : undefined;
}

export function FollowUpDone({ record, hasDraft }: { record: StoredRecord; hasDraft: boolean }) {
  const t = useT();
  const [state, setState] = useState<'idle' | 'busy' | 'failed'>('idle');
  const next = record.nextActionDate && !hasDraft ? withoutFollowUp(record) : undefined;
  if (!next) return null;
  const markDone = async () => {
    setState('busy');
    try {
      const declaration = getDeclaration(record.kind)!;
      await saveRecord({
        kind: record.kind,
        id: record.id,
        payload: next,
        schemaVersion: declaration.schemaVersion,
        nextActionDate: nextActionDateOf(record.kind, next),
      });
      // The detail reloads on the change and this action disappears with the date.
      setState('idle');
    } catch {
      setState('failed');
    }
  };
  return (
    <div class="follow-up-done">
      <button
        type="button"
        class="button button-block"
        disabled={state === 'busy'}
        onClick={() => void markDone()}
      >
        {t('forms:detail.followUpDone')}
      </button>
      {state === 'failed' ? (
        <p class="field-error" role="alert">
          {t('forms:detail.followUpDoneFailed')}
        </p>
      ) : null}
    </div>
  );
}
