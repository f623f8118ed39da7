// The console's first screen for a coordinator: what needs action, most urgent first, with the
// 12-hour mark of the UPTD PPA outreach SOP. Built from clear meta only, so it paints as soon as
// the sealed rows arrive; opening a record asks for the district key.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { errorKey } from '../api';
import { formatDate, useT } from '../i18n';
import { useStore } from '../store';
import { kindLabel, reasonLabel, reviewLabel } from './labels';
import { fetchRows, rows } from './memory';
import { buildQueue, hoursMinutes, OUTREACH_HOURS } from './queue';
import { useLiveRows } from './useLiveRows';

export function QueueScreen() {
  const t = useT();
  const current = useStore(rows);
  const [error, setError] = useState<string | undefined>();
  const [now, setNow] = useState(() => Date.now());
  useLiveRows();

  useEffect(() => {
    if (!current) fetchRows().catch((caught) => setError(errorKey(caught)));
  }, [current]);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);

  const queue = useMemo(() => (current ? buildQueue(current.list, now) : []), [current, now]);
  // The most urgent first: a few hundred rows are drawn at once, more on request.
  const [shown, setShown] = useState(200);

  return (
    <section>
      <h1>{t('console:queue.title')}</h1>
      <p>{t('console:queue.intro', { hours: OUTREACH_HOURS })}</p>
      {error && (
        <p role="alert" class="error">
          {t(error)}
        </p>
      )}
      {!current && !error && <p aria-busy="true">{t('console:common.loading')}</p>}
      {current && !current.complete && (
        <p role="status" aria-busy="true">
          {t('console:queue.more', { count: current.list.length })}
        </p>
      )}
      {current?.complete && queue.length === 0 && <p class="ok">{t('console:queue.empty')}</p>}
      {queue.length > 0 && (
        <div class="table-wrap">
          <table class="data" data-testid="queue">
            <caption class="visually-hidden">{t('console:queue.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('console:queue.why')}</th>
                <th scope="col">{t('console:records.kind')}</th>
                <th scope="col">{t('console:queue.saved')}</th>
                <th scope="col">{t('console:queue.mark', { hours: OUTREACH_HOURS })}</th>
                <th scope="col">{t('console:records.device')}</th>
                <th scope="col">{t('console:records.review')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('console:records.open')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {queue.slice(0, shown).map((entry) => {
                const { hours, minutes } = hoursMinutes(entry.leftMs);
                const overdue = entry.leftMs < 0;
                return (
                  <tr key={entry.row.id} class={overdue ? 'overdue' : undefined}>
                    <td>
                      {entry.reasons.map((reason) => (
                        <span
                          key={reason}
                          class={
                            reason === 'immediate_danger' || reason === 'high_risk'
                              ? 'badge high'
                              : 'badge'
                          }
                        >
                          {reasonLabel(reason)}
                        </span>
                      ))}
                    </td>
                    <td>{kindLabel(entry.row.kind)}</td>
                    <td>{formatDate(entry.row.createdAt, true)}</td>
                    <td class={overdue ? 'error nowrap' : 'nowrap'}>
                      {t(overdue ? 'console:queue.overdue' : 'console:queue.left', {
                        hours,
                        minutes,
                      })}
                    </td>
                    <td>{entry.row.deviceLabel}</td>
                    <td>{reviewLabel(entry.row.reviewState)}</td>
                    <td>
                      <a href={`#/record/${encodeURIComponent(entry.row.id)}`}>
                        {t('console:records.open')}
                        <span class="visually-hidden">
                          {' '}
                          {kindLabel(entry.row.kind)} {formatDate(entry.row.createdAt, true)}
                        </span>
                      </a>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {queue.length > shown && (
        <button type="button" class="secondary" onClick={() => setShown(shown + 500)}>
          {t('console:queue.showMore', { count: queue.length - shown })}
        </button>
      )}
    </section>
  );
}
