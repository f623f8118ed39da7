// The 12-month trend of one indicator per area: a sparkline per table row (uPlot, loaded as its
// own chunk) and the same numbers as a table, for screen readers and anyone who wants the figures.
import { useEffect, useRef } from 'preact/hooks';
import type { MapCellJson, MapTrendResponse } from '../../domain/mapping';
import { formatNumber, useT } from '../i18n';
import { areaName } from './mapData';
import { monthLabel } from './i18n';

const SIZE = { width: 112, height: 28 };

export function Sparkline({ cells }: { cells: readonly MapCellJson[] | undefined }) {
  const target = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    const element = target.current;
    if (!element || !cells) return undefined;
    let live = true;
    let handle: { destroy(): void } | undefined;
    void import('./sparkline').then(({ drawSparkline }) => {
      if (!live) return;
      handle = drawSparkline(
        element,
        cells.map((cell) => cell.value),
        SIZE,
      );
    });
    return () => {
      live = false;
      handle?.destroy();
    };
  }, [cells]);
  // Decoration only: TrendTable holds the same numbers in words.
  return <span class="sparkline" ref={target} aria-hidden="true" data-testid="sparkline" />;
}

export function cellText(cell: MapCellJson | undefined, small: string): string {
  if (!cell) return formatNumber(0);
  return cell.suppressed || cell.value === null ? small : formatNumber(cell.value);
}

export function TrendTable({
  trend,
  indicatorLabel,
  codes,
}: {
  trend: MapTrendResponse;
  indicatorLabel: string;
  codes: readonly string[];
}) {
  const t = useT();
  const byCode = new Map(trend.series.map((series) => [series.code, series.cells]));
  const small = t('map:screen.small');
  return (
    <details class="trend-table">
      <summary>{t('map:screen.trendTable')}</summary>
      <div class="table-wrap">
        <table class="data compact" data-testid="trend-table">
          <caption>
            {t('map:screen.trendCaption', {
              indicator: indicatorLabel,
              month: monthLabel(trend.to),
            })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('map:screen.area')}</th>
              {trend.months.map((month) => (
                <th scope="col" key={month} class="num">
                  {month}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {codes.map((code) => (
              <tr key={code} data-area={code}>
                <th scope="row">{areaName(code)}</th>
                {trend.months.map((month, index) => (
                  <td key={month} class="num">
                    {cellText(byCode.get(code)?.[index], small)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
