// The records behind one cell of the map (#/map-records?code=&indicator=&from=&to=), for
// coordinators: the server names the ids (GET /map/records, clear meta only), the records come
// from the console's records memory, opened in this browser with the district key as on the
// records screen, and each links to its detail screen.
import { useEffect, useState } from 'preact/hooks';
import type { MapRecordsResponse } from '../../domain/mapping';
import { errorKey } from '../api';
import { formatNumber, useT } from '../i18n';
import type { ScreenProps } from '../router';
import { RecordsTable } from '../records/RecordsTable';
import { useLiveRows } from '../records/useLiveRows';
import { useOpenedRecords } from '../records/useRecords';
import { areaName, isMonthText, loadNames, mapGet } from './mapData';
import { ensureMapWords, monthLabel } from './i18n';

ensureMapWords();

export function MapRecordsScreen({ route }: ScreenProps) {
  const t = useT();
  const code = route.query.get('code') ?? '';
  const indicator = route.query.get('indicator') ?? '';
  const from = route.query.get('from');
  const to = route.query.get('to');
  const [answer, setAnswer] = useState<MapRecordsResponse>();
  const [error, setError] = useState<string>();
  const [, setNamesReady] = useState(0);
  const { set, progress, error: openError } = useOpenedRecords();
  // A link may name records that arrived after this tab fetched them: fetch what is new.
  useLiveRows();

  useEffect(() => {
    if (!isMonthText(from) || !isMonthText(to)) return;
    let live = true;
    mapGet<MapRecordsResponse>('records', { code, indicator, from, to }).then(
      (body) => live && setAnswer(body),
      (caught: unknown) => live && setError(errorKey(caught)),
    );
    void loadNames([code]).then(() => live && setNamesReady((n) => n + 1));
    return () => {
      live = false;
    };
  }, [code, indicator, from, to]);

  const items = answer && set ? answer.ids.flatMap((id) => set.byId.get(id) ?? []) : [];
  const missing = answer && set ? answer.ids.length - items.length : 0;
  const indicatorLabel = t(`map:indicator.${indicator.split('/')[0] ?? ''}`);

  return (
    <section>
      <h1>{t('map:records.title')}</h1>
      <p>
        <a href="#/map">{t('map:records.back')}</a>
      </p>
      {isMonthText(from) && isMonthText(to) && (
        <p data-testid="map-records-what">
          {t('map:records.what', {
            indicator: indicatorLabel,
            area: areaName(code),
            from: monthLabel(from),
            to: monthLabel(to),
          })}
        </p>
      )}
      {(error ?? openError) && (
        <p role="alert" class="error">
          {t((error ?? openError)!)}
        </p>
      )}
      {(!answer || !set) && !error && !openError && (
        <p aria-busy="true" role="status">
          {progress?.total
            ? t('console:records.opening', {
                done: formatNumber(progress.done),
                total: formatNumber(progress.total),
              })
            : t('console:common.loading')}
        </p>
      )}
      {answer && set && (
        <>
          <p role="status">{t('map:records.count', { count: items.length })}</p>
          {answer.more && (
            <p class="warning">{t('map:records.more', { count: answer.ids.length })}</p>
          )}
          {missing > 0 && <p class="warning">{t('map:records.missing', { count: missing })}</p>}
          <RecordsTable items={items} testId="map-records" caption={t('map:records.title')} />
        </>
      )}
    </section>
  );
}
