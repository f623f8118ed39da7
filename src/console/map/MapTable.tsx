// The table that reads like a map: one row per area, indicators as columns, each cell shaded by
// its level within the column with the number always written ("< 3" where the server withheld a
// small count). Column headers sort; area names drill down; a coordinator's numbers open the
// records behind them.
import type { MapIndicatorJson, MapRowJson, MapTrendResponse } from '../../domain/mapping';
import { useT } from '../i18n';
import { areaName, columnMaxima, shadeOf, sortRows, type Shade, type SortKey } from './mapData';
import { cellText, Sparkline } from './Trend';

export interface MapTableProps {
  rows: readonly MapRowJson[];
  total: MapRowJson;
  columns: readonly MapIndicatorJson[];
  coordinator: boolean;
  levelLabel: string;
  sort: { key: SortKey; descending: boolean };
  onSort: (key: SortKey) => void;
  /** Link of an area's name (drill down), or undefined at the finest level. */
  drillHref?: (code: string) => string;
  /** Link to the records behind a cell (coordinators). */
  recordsHref: (code: string, indicator: string) => string;
  trend?: MapTrendResponse;
  trendLabel: string;
  totalLabel: string;
}

export function MapTable(props: MapTableProps) {
  const t = useT();
  const { columns, coordinator, sort, onSort } = props;
  const ids = columns.map((c) => c.id);
  const maxima = columnMaxima(props.rows, ids);
  const rows = sortRows(props.rows, sort.key, sort.descending);
  const trendOf = new Map(props.trend?.series.map((s) => [s.code, s.cells]) ?? []);
  const zeros = props.trend?.months.map(() => ({ value: 0, suppressed: false })) ?? [];
  const small = t('map:screen.small');

  const header = (key: SortKey, label: string, title?: string) => {
    const active = sort.key === key;
    return (
      <th
        scope="col"
        key={key}
        class={key === 'area' ? 'area' : 'num'}
        aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : undefined}
        title={title}
      >
        <button
          type="button"
          class="sort"
          onClick={() => onSort(key)}
          aria-label={t('map:screen.sort', { column: label })}
        >
          <span>{label}</span>
          <span class="sort-mark" aria-hidden="true">
            {active ? (sort.descending ? '▼' : '▲') : '↕'}
          </span>
        </button>
      </th>
    );
  };

  const cell = (row: MapRowJson, column: MapIndicatorJson, isTotal = false) => {
    const value = row.cells[column.id];
    const shade: Shade = isTotal ? 0 : shadeOf(value, maxima[column.id] ?? 0);
    const text = cellText(value, small);
    const withheld = shade === 'suppressed';
    const label = t(column.labelKey);
    const linked = coordinator && !withheld && (value?.value ?? 0) > 0;
    return (
      <td
        key={column.id}
        class={`num shade-${shade}`}
        data-indicator={column.id}
        data-value={withheld ? 'suppressed' : String(value?.value ?? 0)}
        {...(withheld
          ? { title: t('map:screen.smallTitle'), 'aria-describedby': 'map-small-note' }
          : {})}
      >
        {linked ? (
          <a
            href={props.recordsHref(row.code, column.id)}
            aria-label={t('map:screen.openRecords', {
              value: text,
              indicator: label,
              area: areaName(row.code),
            })}
          >
            {text}
          </a>
        ) : (
          text
        )}
      </td>
    );
  };

  return (
    <div class="table-wrap map-table-wrap">
      <table class="data map-table" data-testid="map-table">
        <caption class="visually-hidden">{props.levelLabel}</caption>
        <thead>
          <tr>
            {header('area', props.levelLabel)}
            <th scope="col" class="trend-col">
              {props.trendLabel}
            </th>
            {columns.map((column) =>
              header(
                column.id,
                t(column.labelKey),
                t('map:screen.lampiran', { items: column.lampiran.join(', ') }),
              ),
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.code} data-area={row.code}>
              <th scope="row" class="area">
                {props.drillHref ? (
                  <a href={props.drillHref(row.code)}>{areaName(row.code)}</a>
                ) : (
                  areaName(row.code)
                )}
              </th>
              <td class="trend-col">
                {props.trend && <Sparkline cells={trendOf.get(row.code) ?? zeros} />}
              </td>
              {columns.map((column) => cell(row, column))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-area={props.total.code} data-total="true">
            <th scope="row" class="area">
              {props.totalLabel}
            </th>
            <td class="trend-col" />
            {columns.map((column) => cell(props.total, column, true))}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** The shading legend: every level with its word, so colour is never the only cue. */
export function ShadeLegend() {
  const t = useT();
  const shades: Shade[] = [0, 1, 2, 3, 4, 'suppressed'];
  return (
    <div class="shade-legend">
      <p>{t('map:screen.legend')}</p>
      <ul aria-label={t('map:screen.legendLevels')}>
        {shades.map((shade) => (
          <li key={String(shade)}>
            <span class={`swatch shade-${shade}`} aria-hidden="true">
              {shade === 'suppressed' ? t('map:screen.small') : ''}
            </span>
            {t(`map:screen.shade.${shade}`)}
          </li>
        ))}
      </ul>
    </div>
  );
}
