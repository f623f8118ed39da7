// The answer to the volunteer: a review state, an optional note (sealed here, readable only by the
// phone and the district's key holders), and for a screening the trafficking-status decision.
import { useState } from 'preact/hooks';
import { REFERRAL_TARGETS } from '../../domain/reference';
import { errorKey } from '../api';
import { keyring } from '../key/keyring';
import { useT } from '../i18n';
import { useStore } from '../store';
import { REVIEW_STATE_ORDER, reviewLabel, targetLabel } from './labels';
import { updateRowReview, type OpenedRecord } from './memory';
import { NoteNotDeliverableError, sendReview } from './review';
import type { Decision, ReviewState } from './types';

const STATUSES = ['possible', 'actual', 'not_victim'] as const;

export function ReviewForm({
  item,
  suggestCorrection,
  onSent,
}: {
  item: OpenedRecord;
  suggestCorrection: boolean;
  onSent: () => void;
}) {
  const t = useT();
  const keys = useStore(keyring);
  const [state, setState] = useState<ReviewState>(
    suggestCorrection ? 'needs_correction' : (item.row.reviewState ?? 'received'),
  );
  const [note, setNote] = useState('');
  const [status, setStatus] = useState<Decision['status'] | ''>('');
  const [decidedBy, setDecidedBy] = useState<Decision['decidedBy'] | ''>('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ key: string; error?: boolean } | undefined>();
  const isScreening = item.row.kind === 'screening';

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!keys) return;
    setMessage(undefined);
    if (isScreening && (status === '') !== (decidedBy === ''))
      return setMessage({ key: 'console:decision.both', error: true });
    setBusy(true);
    try {
      const decision =
        isScreening && status !== '' && decidedBy !== '' ? { status, decidedBy } : undefined;
      const answer = await sendReview(
        {
          recordId: item.row.id,
          rev: item.row.rev,
          state,
          ...(note.trim() ? { note } : {}),
          ...(decision ? { decision } : {}),
        },
        item.row.devicePublicKey,
        keys.state,
      );
      updateRowReview(item.row.id, {
        reviewState: answer.state,
        reviewedAt: answer.at,
        ...(decision ? { decision } : {}),
      });
      setNote('');
      setMessage({ key: 'console:review.sent' });
      onSent();
    } catch (caught) {
      setMessage({
        key:
          caught instanceof NoteNotDeliverableError
            ? 'console:review.noDeviceKey'
            : errorKey(caught),
        error: true,
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="panel" onSubmit={submit}>
      <h2>{t('console:review.title')}</h2>
      <fieldset>
        <legend>{t('console:review.state')}</legend>
        {REVIEW_STATE_ORDER.map((value) => (
          <label key={value} class="inline radio">
            <input
              type="radio"
              name="review-state"
              value={value}
              checked={state === value}
              onChange={() => setState(value)}
            />{' '}
            {reviewLabel(value)}
          </label>
        ))}
      </fieldset>
      <label for="review-note">{t('console:review.note')}</label>
      <textarea
        id="review-note"
        value={note}
        maxLength={2000}
        onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)}
        aria-describedby="review-note-help"
      />
      <p id="review-note-help" class="muted">
        {t('console:review.noteHelp')}
      </p>
      {isScreening && (
        <fieldset>
          <legend>{t('console:decision.title')}</legend>
          <label for="decision-status">{t('console:decision.status')}</label>
          <select
            id="decision-status"
            value={status}
            onChange={(e) => setStatus((e.target as HTMLSelectElement).value as Decision['status'])}
          >
            <option value="">{t('console:decision.none')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`console:decision.statuses.${s}`)}
              </option>
            ))}
          </select>
          <label for="decision-body">{t('console:decision.body')}</label>
          <select
            id="decision-body"
            value={decidedBy}
            onChange={(e) =>
              // The options are REFERRAL_TARGETS (or empty): the value is one of them.
              setDecidedBy((e.target as HTMLSelectElement).value as Decision['decidedBy'] | '')
            }
          >
            <option value="">{t('console:decision.none')}</option>
            {REFERRAL_TARGETS.map((code) => (
              <option key={code} value={code}>
                {targetLabel(code)}
              </option>
            ))}
          </select>
        </fieldset>
      )}
      {message && (
        <p role={message.error ? 'alert' : 'status'} class={message.error ? 'error' : 'ok'}>
          {t(message.key)}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {t('console:review.send')}
      </button>
    </form>
  );
}
