// A record's review on its detail screen: the state, when it was given, and the coordinator's
// note opened with this phone's device key. A note that does not open (tampered, moved to another
// record) is reported and never shown. Opening the record marks the answer read; "Perlu
// diperbaiki" offers the edit form with the note beside it.
import { useEffect, useState } from 'preact/hooks';
import { markReviewRead, openReviewNote, type StoredRecord } from '../../data';
import { formatDate, useT } from '../i18n';
import { useReview } from './hooks';
import { ReviewBadge } from './ReviewBadge';

type NoteState = { kind: 'none' } | { kind: 'open'; text: string } | { kind: 'unreadable' };

export function useReviewNote(recordId: string, version: string | undefined): NoteState {
  const [note, setNote] = useState<NoteState>({ kind: 'none' });
  useEffect(() => {
    let live = true;
    if (version === undefined) {
      setNote({ kind: 'none' });
      return;
    }
    openReviewNote(recordId).then(
      (text) => live && setNote(text === undefined ? { kind: 'none' } : { kind: 'open', text }),
      () => live && setNote({ kind: 'unreadable' }),
    );
    return () => {
      live = false;
    };
  }, [recordId, version]);
  return note;
}

export function ReviewPanel({
  record,
  showEditLink = true,
}: {
  record: Pick<StoredRecord, 'id' | 'rev' | 'deleted'>;
  showEditLink?: boolean;
}) {
  const t = useT();
  const review = useReview(record.id);
  const note = useReviewNote(
    record.id,
    review?.hasNote ? `${review.rev}/${review.state}/${review.at}` : undefined,
  );
  useEffect(() => {
    if (review?.unread) void markReviewRead(record.id).catch(() => undefined);
  }, [record.id, review?.unread]);
  if (!review) return null;
  const fix = review.state === 'needs_correction' && !record.deleted;
  return (
    <section
      class={`card review-panel${fix ? ' notice-warning' : ''}`}
      aria-labelledby="review-title"
    >
      <h2 id="review-title">{t('app:review.title')}</h2>
      <p>
        <ReviewBadge review={{ ...review, unread: false }} />{' '}
        <span class="muted">{t('app:review.at', { time: formatDate(review.at, true) })}</span>
      </p>
      <p class="field-help">{t(`app:review.help.${review.state}`)}</p>
      {note.kind === 'open' ? (
        <blockquote class="review-note pre-line" aria-label={t('app:review.note')}>
          {note.text}
        </blockquote>
      ) : null}
      {note.kind === 'unreadable' ? (
        <p class="notice notice-error" role="alert">
          {t('app:review.noteUnreadable')}
        </p>
      ) : null}
      {record.rev > review.rev ? (
        <p class="muted">{t('app:review.olderRev', { rev: review.rev })}</p>
      ) : null}
      {fix && showEditLink ? (
        <a class="button button-primary" href={`#/record/${encodeURIComponent(record.id)}/edit`}>
          {t('app:review.fix')}
        </a>
      ) : null}
    </section>
  );
}

/** Beside the edit form of a record the coordinator asked to correct: the state and the note. */
export function CorrectionNote({
  record,
}: {
  record: Pick<StoredRecord, 'id' | 'rev' | 'deleted'>;
}) {
  const review = useReview(record.id);
  if (review?.state !== 'needs_correction') return null;
  return <ReviewPanel record={record} showEditLink={false} />;
}
