// A quick "Tambah perkembangan" on a referral (issue 8, beyond the fixes): news about a referral
// comes by phone, often weeks later, and going through the whole six-step form for one line was
// too much. One tap on the news, an optional note, save: a dated status update is appended in a
// new revision. Not offered while an unfinished edit of the record waits as a draft (it would be
// overwritten by, or overwrite, that edit).
import { useState } from 'preact/hooks';
import { getDeclaration, nextActionDateOf } from '../../../domain/index';
import { REFERRAL_STATUSES } from '../../../domain/kinds/referral';
import { saveRecord, type StoredRecord } from '../../../data/index';
import { useT } from '../../i18n';
import { todayLocal } from '../../today';

type State = 'idle' | 'busy' | 'saved' | 'failed' | 'choose';

export function QuickStatusUpdate({
  record,
  hasDraft,
}: {
  record: StoredRecord;
  hasDraft: boolean;
}) {
  const t = useT();
  const [status, setStatus] = useState<string>();
  const [note, setNote] = useState('');
  const [state, setState] = useState<State>('idle');
  if (record.kind !== 'referral' || hasDraft) return null;

  const save = async () => {
    if (!status) {
      setState('choose');
      return;
    }
    const declaration = getDeclaration('referral')!;
    const updates = Array.isArray(record.payload.statusUpdates) ? record.payload.statusUpdates : [];
    const entry = { date: todayLocal(), status, ...(note.trim() ? { note: note.trim() } : {}) };
    const payload = { ...record.payload, statusUpdates: [...updates, entry] };
    if (!declaration.schema.safeParse(payload).success) {
      setState('failed');
      return;
    }
    setState('busy');
    try {
      await saveRecord({
        kind: 'referral',
        id: record.id,
        payload,
        schemaVersion: declaration.schemaVersion,
        nextActionDate: nextActionDateOf('referral', payload),
      });
      setStatus(undefined);
      setNote('');
      setState('saved');
    } catch {
      setState('failed');
    }
  };

  return (
    <section class="card stack" aria-labelledby="quick-status-title">
      <h2 id="quick-status-title">{t('forms:statusUpdate.title')}</h2>
      <fieldset class="field">
        <legend>{t('forms:statusUpdate.status')}</legend>
        <div class="choice-buttons choice-buttons-stacked">
          {REFERRAL_STATUSES.map((option) => (
            <label class="choice choice-button" key={option}>
              <input
                type="radio"
                name="quick-status"
                value={option}
                checked={status === option}
                onChange={() => {
                  setStatus(option);
                  setState('idle');
                }}
              />
              <span>{t(`records:referral.options.status.${option}`)}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <div class="field">
        <label for="quick-status-note">{t('forms:statusUpdate.note')}</label>
        <textarea
          id="quick-status-note"
          rows={2}
          value={note}
          onInput={(e) => setNote(e.currentTarget.value)}
        />
      </div>
      <p class="field-help">{t('forms:statusUpdate.today')}</p>
      <button
        type="button"
        class="button button-primary button-block"
        disabled={state === 'busy'}
        onClick={() => void save()}
      >
        {t('forms:statusUpdate.save')}
      </button>
      <div aria-live="polite">
        {state === 'saved' ? <p class="notice notice-ok">{t('forms:statusUpdate.saved')}</p> : null}
        {state === 'choose' ? <p class="field-error">{t('forms:statusUpdate.choose')}</p> : null}
        {state === 'failed' ? <p class="field-error">{t('forms:statusUpdate.failed')}</p> : null}
      </div>
    </section>
  );
}
