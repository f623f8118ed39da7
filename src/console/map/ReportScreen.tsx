// The monthly report for the Gugus Tugas (#/map-report?regency=&month=): one page per kabupaten
// with every indicator, the change from the previous month, the kecamatan and the desa that rose
// most, always in Bahasa Indonesia. Printed from the browser on A4 (map.css, @media print) or
// downloaded as XLSX built in this browser; the numbers come from GET /map/report, the same sums
// (and the same suppression) as the map table.
import { useEffect, useState } from 'preact/hooks';
import {
  INDICATOR_GROUPS,
  type MapIndicatorJson,
  type MapIndicatorsResponse,
  type MapReportResponse,
} from '../../domain/mapping';
import { errorKey } from '../api';
import { downloadBlob } from '../download';
import { toXlsx } from '../export/xlsx';
import { useT } from '../i18n';
import { navigate, type ScreenProps } from '../router';
import { areaName, indicators, isMonthText, thisMonth } from './mapData';
import { ensureMapWords, indonesian } from './i18n';
import { loadReports, regenciesWithData, reportSheet } from './reportData';
import { ReportPage } from './ReportPage';
import './map.css';

ensureMapWords();

const ALL = 'all';

export function ReportScreen({ route }: ScreenProps) {
  const t = useT();
  const queryMonth = route.query.get('month');
  const month = isMonthText(queryMonth) ? queryMonth : thisMonth();
  const regency = route.query.get('regency') ?? '';
  const [catalogue, setCatalogue] = useState<MapIndicatorsResponse>();
  const [regencies, setRegencies] = useState<string[]>();
  const [reports, setReports] = useState<MapReportResponse[]>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    indicators().then(setCatalogue, (caught: unknown) => setError(errorKey(caught)));
  }, []);
  useEffect(() => {
    let live = true;
    regenciesWithData(month).then(
      (codes) => {
        if (!live) return;
        setRegencies(codes);
        if (regency === '' && codes.length > 0)
          go({ regency: codes.length === 1 ? codes[0]! : ALL });
      },
      (caught: unknown) => live && setError(errorKey(caught)),
    );
    return () => {
      live = false;
    };
  }, [month]);
  const chosen = regency === ALL ? (regencies ?? []) : regency === '' ? [] : [regency];
  const key = `${chosen.join(',')}|${month}`;
  useEffect(() => {
    if (chosen.length === 0) return undefined;
    let live = true;
    setReports(undefined);
    loadReports(chosen, month).then(
      (answer) => live && setReports(answer),
      (caught: unknown) => live && setError(errorKey(caught)),
    );
    return () => {
      live = false;
    };
  }, [key]);

  function go(patch: { regency?: string; month?: string }) {
    const params = new URLSearchParams({ regency, month, ...patch });
    navigate(`/map-report?${params.toString()}`, { replace: true });
  }

  const download = () => {
    if (!reports || !catalogue) return;
    const sheet = reportSheet(reports, catalogue.indicators, indonesian());
    const name = `laporan-pemetaan-${regency === ALL ? 'semua' : regency}-${month}.xlsx`;
    downloadBlob(
      name,
      new Blob([toXlsx(sheet, indonesian()('map:report.sheet')) as Uint8Array<ArrayBuffer>], {
        type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      }),
    );
  };

  const ordered: MapIndicatorJson[] = catalogue
    ? INDICATOR_GROUPS.flatMap((group) => catalogue.indicators.filter((i) => i.group === group))
    : [];

  return (
    <section class="report-screen">
      <div class="report-controls">
        <h1>{t('map:report.screenTitle')}</h1>
        <div class="filters">
          <div>
            <label for="report-regency">{t('map:report.regency')}</label>
            <select
              id="report-regency"
              value={regency}
              onChange={(e) => go({ regency: (e.target as HTMLSelectElement).value })}
            >
              {(regencies ?? []).length > 1 && (
                <option value={ALL}>{t('map:report.allRegencies')}</option>
              )}
              {(regencies ?? []).map((code) => (
                <option key={code} value={code}>
                  {areaName(code)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="report-month">{t('map:report.month')}</label>
            <input
              id="report-month"
              type="month"
              value={month}
              onChange={(e) => {
                const value = (e.target as HTMLInputElement).value;
                if (isMonthText(value)) go({ month: value });
              }}
            />
          </div>
          <button type="button" onClick={() => window.print()} disabled={!reports}>
            {t('map:report.print')}
          </button>
          <button type="button" class="secondary" onClick={download} disabled={!reports}>
            {t('map:report.xlsx')}
          </button>
        </div>
        <p class="muted">{t('map:report.printHint')}</p>
        <p>
          <a href={`#/map?to=${month}`}>{t('map:records.back')}</a>
        </p>
        {error && (
          <p role="alert" class="error">
            {t(error)}
          </p>
        )}
        {regencies?.length === 0 && <p role="status">{t('map:report.noRegency')}</p>}
        {chosen.length > 0 && !reports && !error && (
          <p aria-busy="true">{t('console:common.loading')}</p>
        )}
      </div>
      {reports && catalogue && (
        <div class="report-pages" lang="id" data-testid="report">
          {reports.map((report) => (
            <ReportPage key={report.regency} report={report} indicators={ordered} />
          ))}
        </div>
      )}
    </section>
  );
}
