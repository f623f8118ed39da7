// One record, opened: every field in the user's language (the shared src/ui rendering), the
// problems found (does not open, fails validation, meta disagrees), its case (linked records),
// its revision history with what changed, the answers given so far, and the answer form.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { getDeclaration } from '../../domain';
import { FieldValues, type RenderLinks } from '../../ui';
import { api, errorKey } from '../api';
import { keyring } from '../key/keyring';
import { formatDate, useT } from '../i18n';
import type { ScreenProps } from '../router';
import { useStore } from '../store';
import { caseOf, linkGraph } from './caseLinks';
import { kindLabel, reviewLabel } from './labels';
import { queueReasons } from './queue';
import { reasonLabel } from './labels';
import { fetchReviews, type OpenedReview } from './review';
import { ReviewForm } from './ReviewForm';
import { Revisions } from './Revisions';
import { summaryOf } from './RecordsTable';
import { useLiveRows } from './useLiveRows';
import { useOpenedRecords } from './useRecords';
import { checkRecord } from './memory';

export function RecordScreen({ params }: ScreenProps) {
  const t = useT();
  const id = params.id ?? '';
  const { set, error } = useOpenedRecords();
  // A link may name records that arrived after this tab fetched them: fetch what is new.
  useLiveRows();
  const keys = useStore(keyring);
  const item = set?.byId.get(id);
  const [reviews, setReviews] = useState<OpenedReview[] | undefined>();
  const [reviewsError, setReviewsError] = useState<string | undefined>();
  const graph = useMemo(() => (set ? linkGraph(set.list) : undefined), [set]);

  const rev = item?.row.rev;
  // The audit log hears that this record was opened for display (never its content).
  useEffect(() => {
    if (item?.payload && rev !== undefined)
      void api('POST', `/records/${encodeURIComponent(id)}/open-audit`, { rev }).catch(() => {});
  }, [id, rev, item?.payload !== undefined]);

  const loadReviews = () => {
    if (!keys) return;
    fetchReviews(id, keys.keys).then(setReviews, (caught) => setReviewsError(errorKey(caught)));
  };
  useEffect(loadReviews, [id, keys]);

  if (error)
    return (
      <p role="alert" class="error">
        {t(error)}
      </p>
    );
  if (!set) return <p aria-busy="true">{t('console:common.loading')}</p>;
  if (!item)
    return (
      <section>
        <h1>{t('console:detail.title')}</h1>
        <p role="alert">{t('console:detail.notFound')}</p>
      </section>
    );

  const { row } = item;
  // The same checks as the table's, right away for the record on screen.
  const problems = checkRecord(item).problems;
  const declaration = getDeclaration(row.kind);
  const members = graph ? caseOf(id, graph, set.byId) : [item];
  const renderLinks: RenderLinks = (ids) => (
    <ul class="plain-list">
      {ids.map((linked) => {
        const other = set.byId.get(linked);
        return (
          <li key={linked}>
            {other ? (
              <a href={`#/record/${encodeURIComponent(linked)}`}>
                {kindLabel(other.row.kind)} — {formatDate(other.row.createdAt)}
              </a>
            ) : (
              t('console:detail.linkUnknown')
            )}
          </li>
        );
      })}
    </ul>
  );

  return (
    <section>
      <p>
        <a href="#/records">{t('console:detail.back')}</a>
      </p>
      <h1>
        {kindLabel(row.kind)}
        {summaryOf(item) ? ` — ${summaryOf(item)}` : ''}
      </h1>
      <div>
        {queueReasons(row).map((reason) => (
          <span key={reason} class="badge high">
            {reasonLabel(reason)}
          </span>
        ))}
      </div>
      <dl class="facts">
        <dt>{t('console:records.device')}</dt>
        <dd>{row.deviceLabel}</dd>
        <dt>{t('console:queue.saved')}</dt>
        <dd>{formatDate(row.createdAt, true)}</dd>
        <dt>{t('console:detail.received')}</dt>
        <dd>{formatDate(row.receivedAt, true)}</dd>
        <dt>{t('console:detail.revision')}</dt>
        <dd>{row.rev}</dd>
        <dt>{t('console:records.review')}</dt>
        <dd data-testid="review-state">{reviewLabel(row.reviewState)}</dd>
        {row.decision && (
          <>
            <dt>{t('console:decision.title')}</dt>
            <dd>
              {t(`console:decision.statuses.${row.decision.status}`)} —{' '}
              {t(`records:options.referral_targets.${row.decision.decidedBy}`)}
            </dd>
          </>
        )}
      </dl>
      {problems.length > 0 && (
        <div class="warning" role="status">
          <p>
            <strong>{t('console:detail.problemsTitle')}</strong>
          </p>
          <ul>
            {problems.map((p) => (
              <li key={p}>{t(`console:problems.${p}Long`)}</li>
            ))}
          </ul>
          <p>{t('console:detail.suggestCorrection')}</p>
        </div>
      )}
      <div class="columns detail">
        <div>
          {row.deleted ? (
            <p>{t('console:detail.deleted')}</p>
          ) : declaration && item.payload ? (
            <div class="panel">
              <FieldValues
                declaration={declaration}
                payload={item.payload}
                renderLinks={renderLinks}
              />
            </div>
          ) : null}
          <Revisions id={id} current={item} />
        </div>
        <div>
          {members.length > 1 && (
            <div class="panel">
              <h2>{t('console:detail.case')}</h2>
              <ol class="plain-list">
                {members.map((member) => (
                  <li key={member.row.id}>
                    {member.row.id === id ? (
                      <strong aria-current="true">
                        {kindLabel(member.row.kind)} — {formatDate(member.row.createdAt)}
                      </strong>
                    ) : (
                      <a href={`#/record/${encodeURIComponent(member.row.id)}`}>
                        {kindLabel(member.row.kind)} — {formatDate(member.row.createdAt)}
                      </a>
                    )}{' '}
                    <span class="muted">({reviewLabel(member.row.reviewState)})</span>
                  </li>
                ))}
              </ol>
            </div>
          )}
          <ReviewForm item={item} suggestCorrection={problems.length > 0} onSent={loadReviews} />
          <div class="panel">
            <h2>{t('console:detail.answers')}</h2>
            {reviewsError && (
              <p role="alert" class="error">
                {t(reviewsError)}
              </p>
            )}
            {reviews && reviews.length === 0 && <p>{t('console:detail.noAnswers')}</p>}
            {reviews && reviews.length > 0 && (
              <ol class="plain-list" data-testid="answers">
                {reviews.map((review) => (
                  <li key={review.seq}>
                    <strong>{reviewLabel(review.state)}</strong> — {formatDate(review.at, true)},{' '}
                    {review.accountName}
                    {review.noteText && <p class="pre-line">{review.noteText}</p>}
                    {review.noteUnreadable && (
                      <p class="muted">{t('console:detail.noteUnreadable')}</p>
                    )}
                    {review.decision && (
                      <p>
                        {t(`console:decision.statuses.${review.decision.status}`)} —{' '}
                        {t(`records:options.referral_targets.${review.decision.decidedBy}`)}
                      </p>
                    )}
                  </li>
                ))}
              </ol>
            )}
          </div>
        </div>
      </div>
    </section>
  );
}
