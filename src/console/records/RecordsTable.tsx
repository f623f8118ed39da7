// The table of opened records the records screen and the map's records screen both show, and a
// record's one-line summary (the same words as on the phone).
import { summaryText } from '../../ui/summary';
import { formatDate, useT } from '../i18n';
import { kindLabel, reviewLabel } from './labels';
import type { OpenedRecord } from './memory';

/** The record's one-line summary in the chosen language (the same words as on the phone). */
export function summaryOf(item: OpenedRecord): string {
  if (item.row.deleted || !item.payload) return '';
  return summaryText(item.row.kind, item.payload);
}

/** Opened records as a table: kind (linking to the detail), summary, saved, device, review, problems. */
export function RecordsTable({
  items,
  testId,
  caption,
}: {
  items: readonly OpenedRecord[];
  testId: string;
  caption: string;
}) {
  const t = useT();
  return (
    <div class="table-wrap">
      <table class="data" data-testid={testId}>
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('console:records.kind')}</th>
            <th scope="col">{t('console:records.summary')}</th>
            <th scope="col">{t('console:queue.saved')}</th>
            <th scope="col">{t('console:records.device')}</th>
            <th scope="col">{t('console:records.review')}</th>
            <th scope="col">{t('console:records.problems')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.row.id}>
              <td>
                <a href={`#/record/${encodeURIComponent(item.row.id)}`}>
                  {kindLabel(item.row.kind)}
                </a>
              </td>
              <td>{summaryOf(item)}</td>
              <td>{formatDate(item.row.createdAt, true)}</td>
              <td>{item.row.deviceLabel}</td>
              <td>{reviewLabel(item.row.reviewState)}</td>
              <td>
                {item.problems.map((p) => (
                  <span key={p} class="badge warn">
                    {t(`console:problems.${p}`)}
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
