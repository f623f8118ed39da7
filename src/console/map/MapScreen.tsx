// The vulnerability map (#/map): breadcrumb kabupaten → kecamatan → desa, the period, the
// indicator group, then the table (MapTable) with a 12-month sparkline per area. The view lives in
// the hash (area codes, months, sort: never personal data), so back/forward and links work.
import { useEffect, useState } from 'preact/hooks';
import {
  INDICATOR_GROUPS,
  type MapIndicatorsResponse,
  type MapTableResponse,
  type MapTrendResponse,
} from '../../domain/mapping';
import { errorKey } from '../api';
import { useT } from '../i18n';
import { navigate, type ScreenProps } from '../router';
import {
  areaName,
  indicators,
  isMonthText,
  levelUnder,
  loadNames,
  mapGet,
  pathOf,
  periodOf,
  periodStart,
  PERIODS,
  thisMonth,
  TREND_MONTHS,
} from './mapData';
import { ensureMapWords, monthLabel } from './i18n';
import { MapTable, ShadeLegend } from './MapTable';
import { TrendTable } from './Trend';
import './map.css';

ensureMapWords();

interface View {
  area: string;
  period: number;
  to: string;
  sort: string;
  descending: boolean;
  group: string;
  trend: string;
}

function viewOf(query: URLSearchParams): View {
  const to = query.get('to');
  return {
    area: query.get('area') ?? '',
    period: periodOf(query.get('period')),
    to: isMonthText(to) ? to : thisMonth(),
    sort: query.get('sort') ?? 'area',
    descending: query.get('dir') === 'desc',
    group: query.get('group') ?? '',
    trend: query.get('trend') ?? '',
  };
}

/** The hash path of a view. Without an area the screen starts at the only province, if one. */
export function hrefOf(view: View, patch: Partial<View> = {}, root = false): string {
  const next = { ...view, ...patch };
  const params = new URLSearchParams();
  if (next.area !== '' || root) params.set('area', next.area);
  params.set('period', String(next.period));
  params.set('to', next.to);
  if (next.sort !== 'area') params.set('sort', next.sort);
  if (next.descending) params.set('dir', 'desc');
  if (next.group) params.set('group', next.group);
  if (next.trend) params.set('trend', next.trend);
  return `/map?${params.toString()}`;
}

export function MapScreen({ route }: ScreenProps) {
  const t = useT();
  const view = viewOf(route.query);
  const level = levelUnder(view.area) ?? 'village';
  const from = periodStart(view.to, view.period);
  const [catalogue, setCatalogue] = useState<MapIndicatorsResponse>();
  const [table, setTable] = useState<MapTableResponse>();
  const [trend, setTrend] = useState<MapTrendResponse>();
  const [error, setError] = useState<string>();
  const [, setNamesReady] = useState(0);

  const columns = (catalogue?.indicators ?? []).filter(
    (i) => i.column && (view.group === '' || i.group === view.group),
  );
  const trendIndicator =
    columns.find((c) => c.id === view.trend)?.id ??
    columns.find((c) => c.id === view.sort)?.id ??
    columns[0]?.id;

  useEffect(() => {
    indicators().then(setCatalogue, (caught: unknown) => setError(errorKey(caught)));
  }, []);

  useEffect(() => {
    let live = true;
    setError(undefined);
    mapGet<MapTableResponse>('table', { level, parent: view.area, from, to: view.to }).then(
      async (answer) => {
        if (!live) return;
        // No area asked for and a single province: start at its kabupaten.
        if (!route.query.has('area') && answer.rows.length === 1) {
          navigate(hrefOf(view, { area: answer.rows[0]!.code }), { replace: true });
          return;
        }
        setTable(answer);
        await loadNames([view.area, ...answer.rows.map((row) => row.code)]);
        if (live) setNamesReady((n) => n + 1);
      },
      (caught: unknown) => live && setError(errorKey(caught)),
    );
    return () => {
      live = false;
    };
  }, [view.area, from, view.to, level]);

  useEffect(() => {
    if (!trendIndicator) return undefined;
    let live = true;
    setTrend(undefined);
    mapGet<MapTrendResponse>('trend', {
      level,
      parent: view.area,
      indicator: trendIndicator,
      to: view.to,
      months: TREND_MONTHS,
    }).then(
      (answer) => live && setTrend(answer),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [view.area, view.to, level, trendIndicator]);

  const go = (patch: Partial<View>, replace = true) => navigate(hrefOf(view, patch), { replace });
  const levelLabel = t(`map:screen.level.${level}`);
  const placeLabel = view.area === '' ? t('map:screen.root') : areaName(view.area);
  const current = table && table.parent === view.area && table.from === from ? table : undefined;
  const coordinator = catalogue?.audience === 'coordinator';
  const trendColumn = columns.find((c) => c.id === trendIndicator);

  return (
    <section class="map-screen">
      <h1>{t('map:screen.title')}</h1>
      <p class="muted">{t('map:screen.intro')}</p>
      <nav aria-label={t('map:screen.breadcrumb')} class="breadcrumb">
        <ol>
          <li>
            {view.area === '' ? (
              <span aria-current="page">{t('map:screen.root')}</span>
            ) : (
              <a href={`#${hrefOf(view, { area: '' }, true)}`}>{t('map:screen.root')}</a>
            )}
          </li>
          {pathOf(view.area).map((code) => (
            <li key={code}>
              {code === view.area ? (
                <span aria-current="page">{areaName(code)}</span>
              ) : (
                <a href={`#${hrefOf(view, { area: code })}`}>{areaName(code)}</a>
              )}
            </li>
          ))}
        </ol>
      </nav>

      <div class="filters" role="group" aria-label={t('map:screen.controls')}>
        <fieldset class="period">
          <legend>{t('map:screen.period')}</legend>
          {PERIODS.map((months) => (
            <label class="inline" key={months}>
              <input
                type="radio"
                name="map-period"
                value={months}
                checked={view.period === months}
                onChange={() => go({ period: months })}
              />
              {t(`map:screen.periods.${months}`)}
            </label>
          ))}
        </fieldset>
        <div>
          <label for="map-to">{t('map:screen.to')}</label>
          <input
            id="map-to"
            type="month"
            value={view.to}
            onChange={(e) => {
              const value = (e.target as HTMLInputElement).value;
              if (isMonthText(value)) go({ to: value });
            }}
          />
        </div>
        <div>
          <label for="map-group">{t('map:screen.group')}</label>
          <select
            id="map-group"
            value={view.group}
            onChange={(e) => go({ group: (e.target as HTMLSelectElement).value })}
          >
            <option value="">{t('map:screen.allGroups')}</option>
            {INDICATOR_GROUPS.map((group) => (
              <option key={group} value={group}>
                {t(`map:group.${group}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="map-trend">{t('map:screen.trendFor')}</label>
          <select
            id="map-trend"
            value={trendIndicator ?? ''}
            onChange={(e) => go({ trend: (e.target as HTMLSelectElement).value })}
          >
            {columns.map((column) => (
              <option key={column.id} value={column.id}>
                {t(column.labelKey)}
              </option>
            ))}
          </select>
        </div>
        <a class="button-link" href={`#/map-report?month=${view.to}`}>
          {t('map:screen.report', { month: monthLabel(view.to) })}
        </a>
      </div>

      <h2 data-testid="map-heading">
        {view.period === 1
          ? t('map:screen.showingOne', {
              level: levelLabel,
              area: placeLabel,
              month: monthLabel(view.to),
            })
          : t('map:screen.showing', {
              level: levelLabel,
              area: placeLabel,
              from: monthLabel(from),
              to: monthLabel(view.to),
            })}
      </h2>
      {error && (
        <p role="alert" class="error">
          {t(error)}
        </p>
      )}
      {!current && !error && <p aria-busy="true">{t('console:common.loading')}</p>}
      {current && catalogue && (
        <>
          <p id="map-small-note" class="note">
            {coordinator ? t('map:screen.exactNote') : t('map:screen.smallNote')}
          </p>
          <ShadeLegend />
          {current.rows.length === 0 ? (
            <p role="status">{t('map:screen.noRows')}</p>
          ) : (
            <MapTable
              rows={current.rows}
              total={current.total}
              columns={columns}
              coordinator={coordinator}
              levelLabel={levelLabel}
              totalLabel={t('map:screen.total', { area: placeLabel })}
              sort={{ key: view.sort, descending: view.descending }}
              onSort={(key) =>
                go({
                  sort: key,
                  descending: view.sort === key ? !view.descending : key !== 'area',
                })
              }
              drillHref={
                level === 'village' ? undefined : (code) => `#${hrefOf(view, { area: code })}`
              }
              recordsHref={(code, indicator) =>
                `#/map-records?${new URLSearchParams({ code, indicator, from, to: view.to }).toString()}`
              }
              trendLabel={t('map:screen.trend')}
              {...(trend ? { trend } : {})}
            />
          )}
          <p class="muted">
            {t('map:screen.zeroHidden')} {t('map:screen.totalNote')}
          </p>
          {trend && trendColumn && current.rows.length > 0 && (
            <TrendTable
              trend={trend}
              indicatorLabel={t(trendColumn.labelKey)}
              codes={current.rows.map((row) => row.code)}
            />
          )}
        </>
      )}
      <aside class="boundary-layer" aria-labelledby="map-no-tiles" data-boundary-layer="">
        <h2 id="map-no-tiles">{t('map:screen.noTilesTitle')}</h2>
        <p>{t('map:screen.noTiles')}</p>
      </aside>
    </section>
  );
}
