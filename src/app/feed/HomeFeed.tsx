// Home's part of the feed: notices from the coordinator, and answers not opened yet (each links
// to its record, where the state and the note are shown).
import { markNoticeRead } from '../../data';
import { formatDate, useT } from '../i18n';
import { useNotices, useUnreadReviews } from './hooks';
import { ReviewBadge } from './ReviewBadge';

/** Notices shown on home (the newest few). */
const NOTICES_SHOWN = 3;

export function HomeFeed() {
  const t = useT();
  const notices = useNotices().slice(0, NOTICES_SHOWN);
  const unread = useUnreadReviews();
  return (
    <>
      {unread.length > 0 ? (
        <section class="card" aria-labelledby="home-answers">
          <h2 id="home-answers">{t('app:review.homeTitle', { count: unread.length })}</h2>
          <ul class="list">
            {unread.map((review) => (
              <li key={review.recordId}>
                <a href={`#/record/${encodeURIComponent(review.recordId)}`}>
                  <ReviewBadge review={review} />
                  <span class="muted">{formatDate(review.at, true)}</span>
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {notices.length > 0 ? (
        <section class="card" aria-labelledby="home-notices">
          <h2 id="home-notices">{t('app:notice.title')}</h2>
          <ul class="list notices">
            {notices.map((notice) => (
              <li key={notice.id} class={notice.unread ? 'notice-unread' : undefined}>
                <p class="pre-line">{notice.text}</p>
                <p class="muted">
                  {formatDate(notice.at, true)}
                  {notice.unread ? ` · ${t('app:review.new')}` : ''}
                </p>
                {notice.unread ? (
                  <button
                    type="button"
                    class="button"
                    onClick={() => void markNoticeRead(notice.id).catch(() => undefined)}
                  >
                    {t('app:notice.markRead')}
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
