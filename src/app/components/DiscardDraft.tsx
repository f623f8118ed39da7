// "Buang draf" (issue 8 item 8): an unfinished draft — possibly a victim's name typed in a hurry —
// can be thrown away, after one confirmation so a stray tap never loses work. Only the draft goes:
// a saved record the draft was editing stays as it was saved.
import { useEffect, useRef, useState } from 'preact/hooks';
import { deleteDraft } from '../../data';
import { useT } from '../i18n';

export function DiscardDraft({
  draftId,
  what,
  onDiscarded,
}: {
  draftId: string;
  /** What the draft is, for the question ("Identifikasi awal, 2 Des"). */
  what: string;
  onDiscarded: () => void;
}) {
  const t = useT();
  const [confirming, setConfirming] = useState(false);
  const [failed, setFailed] = useState(false);
  const dialog = useRef<HTMLDivElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) dialog.current?.focus();
  }, [confirming]);

  const discard = async () => {
    try {
      await deleteDraft(draftId);
      setConfirming(false);
      onDiscarded();
    } catch {
      setFailed(true);
    }
  };
  const cancel = () => {
    setConfirming(false);
    opener.current?.focus();
  };

  if (!confirming)
    return (
      <button
        ref={opener}
        type="button"
        class="button draft-discard"
        aria-label={t('app:drafts.discardLabel', { what })}
        onClick={() => setConfirming(true)}
      >
        {t('app:drafts.discard')}
      </button>
    );
  return (
    <div
      ref={dialog}
      class="card confirm-dialog"
      role="alertdialog"
      aria-labelledby={`discard-${draftId}-title`}
      tabIndex={-1}
      onKeyDown={(e) => {
        if (e.key === 'Escape') cancel();
      }}
    >
      <p id={`discard-${draftId}-title`}>
        <strong>{t('app:drafts.confirmTitle', { what })}</strong>
      </p>
      <p>{t('app:drafts.confirmText')}</p>
      {failed ? (
        <p class="field-error" role="alert">
          {t('app:drafts.failed')}
        </p>
      ) : null}
      <div class="form-actions">
        <button type="button" class="button" onClick={cancel}>
          {t('app:drafts.keep')}
        </button>
        <button type="button" class="button button-danger" onClick={() => void discard()}>
          {t('app:drafts.confirm')}
        </button>
      </div>
    </div>
  );
}
