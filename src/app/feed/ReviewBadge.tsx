// The coordinator's review state of a record, in words (never colour alone): Diterima,
// Ditindaklanjuti, Dirujuk, Selesai, Perlu diperbaiki. "Baru" marks an answer not opened yet.
import type { RecordReview } from '../../data';
import { useT } from '../i18n';

export function ReviewBadge({ review }: { review: RecordReview | undefined }) {
  const t = useT();
  if (!review) return null;
  return (
    <span class={`badge badge-review badge-review-${review.state}`}>
      {t(`app:review.state.${review.state}`)}
      {review.unread ? <span class="review-new"> · {t('app:review.new')}</span> : null}
    </span>
  );
}
