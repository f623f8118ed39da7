// One kabupaten's page of the monthly report, in Bahasa Indonesia whatever the console's language
// (the report goes to the Gugus Tugas and the Dinas PPPA). Laid out for A4 by map.css.
import type { MapIndicatorJson, MapReportResponse } from '../../domain/mapping';
import { COLUMN_INDICATORS } from '../../domain/mapping';
import { areaName } from './mapData';
import { indonesian, monthLabel } from './i18n';
import { changeText, codeLabel, countText, reportTitle, villageWithDistrict } from './reportData';

const number = (n: number) => new Intl.NumberFormat('id-ID').format(n);
const COLUMN_IDS = COLUMN_INDICATORS.map((i) => i.id);

export function ReportPage({
  report,
  indicators,
}: {
  report: MapReportResponse;
  indicators: readonly MapIndicatorJson[];
}) {
  const t = indonesian();
  const lines = new Map(report.indicators.map((line) => [line.id, line]));
  const columns = indicators.filter((i) => COLUMN_IDS.includes(i.id));
  const generated = new Intl.DateTimeFormat('id-ID', {
    dateStyle: 'long',
    timeStyle: 'short',
  }).format(new Date());
  const empty = report.indicators.every(
    (line) => line.current.value === 0 && line.previous.value === 0,
  );
  let group = '';

  return (
    <article
      class="report-page"
      data-regency={report.regency}
      aria-labelledby={`report-${report.regency}`}
    >
      <header>
        <p class="report-kicker">{t('map:report.title')}</p>
        <h2 id={`report-${report.regency}`}>{reportTitle(t, report.regency, report.month)}</h2>
        <p class="report-for">{t('map:report.for')}</p>
        <p class="report-meta">
          {t('map:report.generated', {
            at: generated,
            previous: monthLabel(report.previousMonth, 'id'),
          })}{' '}
          {report.audience === 'viewer'
            ? t('map:report.viewerNote')
            : t('map:report.coordinatorNote')}
        </p>
      </header>
      {empty && <p>{t('map:report.empty')}</p>}

      <table class="data report-indicators" data-testid="report-indicators">
        <caption>{t('map:report.indicators')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('map:report.indicator')}</th>
            <th scope="col">{t('map:report.lampiran')}</th>
            <th scope="col" class="num">
              {monthLabel(report.previousMonth, 'id')}
            </th>
            <th scope="col" class="num">
              {monthLabel(report.month, 'id')}
            </th>
            <th scope="col" class="num">
              {t('map:report.change')}
            </th>
          </tr>
        </thead>
        {indicators.map((indicator) => {
          const line = lines.get(indicator.id);
          if (!line) return null;
          const groupRow =
            indicator.group !== group ? (
              <tr class="group-row">
                <th scope="colgroup" colSpan={5}>
                  {t(`map:group.${indicator.group}`)}
                </th>
              </tr>
            ) : null;
          group = indicator.group;
          return (
            <tbody key={indicator.id} data-indicator={indicator.id}>
              {groupRow}
              <tr class="indicator-row">
                <th scope="row">{t(indicator.labelKey)}</th>
                <td>{indicator.lampiran.join(', ')}</td>
                <td class="num" data-cell="previous">
                  {countText(line.previous, number)}
                </td>
                <td class="num" data-cell="current">
                  {countText(line.current, number)}
                </td>
                <td class="num" data-cell="change">
                  {changeText(line.change, number)}
                </td>
              </tr>
              {line.breakdowns.flatMap((breakdown) => {
                const meta = indicator.breakdowns.find((b) => b.id === breakdown.id);
                return breakdown.cells.map((cell) => (
                  <tr
                    class="breakdown-row"
                    key={`${breakdown.id}/${cell.code}`}
                    data-breakdown={`${breakdown.id}/${cell.code}`}
                  >
                    <th scope="row">
                      {t(meta?.labelKey ?? '')}:{' '}
                      {codeLabel(t, meta?.labelKeyPrefix ?? '', cell.code)}
                    </th>
                    <td />
                    <td class="num" data-cell="previous">
                      {countText(cell.previous, number)}
                    </td>
                    <td class="num" data-cell="current">
                      {countText(cell.current, number)}
                    </td>
                    <td class="num" data-cell="change">
                      {changeText(
                        cell.current.value === null || cell.previous.value === null
                          ? null
                          : cell.current.value - cell.previous.value,
                        number,
                      )}
                    </td>
                  </tr>
                ));
              })}
            </tbody>
          );
        })}
      </table>

      <h3>{t('map:report.risers')}</h3>
      {report.risers.length === 0 ? (
        <p>{t('map:report.risersNone')}</p>
      ) : (
        <dl class="report-risers" data-testid="report-risers">
          {report.risers.map((riser) => (
            <div key={riser.indicator} data-indicator={riser.indicator}>
              <dt>{t(`map:indicator.${riser.indicator}`)}</dt>
              {riser.areas.map((area) => (
                <dd key={area.code} data-area={area.code}>
                  {t('map:report.riser', {
                    area: villageWithDistrict(area.code),
                    previous: number(area.previous),
                    current: number(area.current),
                    change: number(area.change),
                  })}
                </dd>
              ))}
            </div>
          ))}
        </dl>
      )}

      {report.districts.length > 0 && (
        <>
          <h3>
            {t('map:report.districts')}, {monthLabel(report.month, 'id')}
          </h3>
          <table class="data report-districts" data-testid="report-districts">
            <thead>
              <tr>
                <th scope="col">{t('map:screen.level.district')}</th>
                {columns.map((column) => (
                  <th scope="col" key={column.id} class="num vertical">
                    <span>{t(column.labelKey)}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {report.districts.map((row) => (
                <tr key={row.code} data-area={row.code}>
                  <th scope="row">{areaName(row.code)}</th>
                  {columns.map((column) => (
                    <td key={column.id} class="num" data-indicator={column.id}>
                      {countText(row.cells[column.id], number)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </article>
  );
}
