// Every record of the district, opened in memory: filters (kind, kabupaten → kecamatan → desa,
// review state, risk, period, device, problems), search over the opened content, and export of
// one kind to CSV or XLSX built in this browser.
import { useMemo, useState } from 'preact/hooks';
import { RECORD_KINDS, RISK_LEVELS } from '../../domain';
import { api } from '../api';
import { downloadBlob } from '../download';
import { toCsv } from '../export/csv';
import { exportTable } from '../export/table';
import { toXlsx } from '../export/xlsx';
import { formatNumber, useT } from '../i18n';
import { applyFilters, regionOptions, type RecordFilters } from './filters';
import { kindLabel, REVIEW_STATE_ORDER, reviewLabel, riskLabel } from './labels';
import { RecordsTable } from './RecordsTable';
import { useLiveRows } from './useLiveRows';
import { useOpenedRecords } from './useRecords';

const PAGE = 100;

export function RecordsScreen() {
  const t = useT();
  const { set, progress, error } = useOpenedRecords();
  useLiveRows();
  const [filters, setFilters] = useState<RecordFilters>({});
  const [shown, setShown] = useState(PAGE);
  const [exportNote, setExportNote] = useState<string | undefined>();

  const list = set?.list ?? [];
  const filtered = useMemo(() => applyFilters(list, filters), [list, filters]);
  const regions = useMemo(() => regionOptions(list, filters), [list, filters]);
  const devices = useMemo(() => {
    const map = new Map<string, string>();
    for (const item of list) map.set(item.row.deviceId, item.row.deviceLabel);
    return [...map].sort((a, b) => a[1].localeCompare(b[1]));
  }, [list]);

  const change = (patch: Partial<RecordFilters>) => {
    setShown(PAGE);
    setFilters((current) => {
      const next = { ...current, ...patch };
      for (const key of Object.keys(next) as (keyof RecordFilters)[])
        if (next[key] === '' || next[key] === false) delete next[key];
      return next;
    });
  };
  const regionName = (code: string) => set?.regionNames.get(code) ?? code;

  const doExport = async (format: 'csv' | 'xlsx') => {
    if (!filters.kind) return;
    const table = exportTable(filters.kind, filtered);
    const date = new Date().toISOString().slice(0, 10);
    const name = `jejaring-${filters.kind}-${date}.${format}`;
    if (format === 'csv')
      downloadBlob(name, new Blob([toCsv(table)], { type: 'text/csv;charset=utf-8' }));
    else
      downloadBlob(
        name,
        new Blob([toXlsx(table, kindLabel(filters.kind)) as Uint8Array<ArrayBuffer>], {
          type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        }),
      );
    setExportNote(t('console:export.done', { count: table.rows.length }));
    // The audit hears what was exported, never the content.
    await api('POST', '/exports-audit', {
      kind: filters.kind,
      count: table.rows.length,
      format,
    }).catch(() => setExportNote(t('console:export.auditFailed')));
  };

  const select = (
    id: keyof RecordFilters,
    label: string,
    options: [string, string][],
    disabled = false,
  ) => (
    <div>
      <label for={`filter-${id}`}>{label}</label>
      <select
        id={`filter-${id}`}
        value={(filters[id] as string | undefined) ?? ''}
        disabled={disabled}
        onChange={(e) => {
          const value = (e.target as HTMLSelectElement).value;
          if (id === 'regency') change({ regency: value, district: '', village: '' });
          else if (id === 'district') change({ district: value, village: '' });
          else change({ [id]: value });
        }}
      >
        <option value="">{t('console:common.all')}</option>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <section>
      <h1>{t('console:records.title')}</h1>
      {error && (
        <p role="alert" class="error">
          {t(error)}
        </p>
      )}
      {!set && !error && (
        <p aria-busy="true" role="status">
          {progress?.total
            ? t('console:records.opening', {
                done: formatNumber(progress.done),
                total: formatNumber(progress.total),
              })
            : t('console:common.loading')}
        </p>
      )}
      {set && (
        <>
          <div class="filters" role="search">
            <div>
              <label for="filter-text">{t('console:records.search')}</label>
              <input
                id="filter-text"
                type="search"
                value={filters.text ?? ''}
                onInput={(e) => change({ text: (e.target as HTMLInputElement).value })}
              />
            </div>
            {select(
              'kind',
              t('console:records.kind'),
              RECORD_KINDS.map((k) => [k, kindLabel(k)]),
            )}
            {select(
              'regency',
              t('console:records.regency'),
              regions.regencies.map((c) => [c, regionName(c)]),
            )}
            {select(
              'district',
              t('console:records.district'),
              regions.districts.map((c) => [c, regionName(c)]),
            )}
            {select(
              'village',
              t('console:records.village'),
              regions.villages.map((c) => [c, regionName(c)]),
              !filters.district,
            )}
            {select('review', t('console:records.review'), [
              ['none', reviewLabel(undefined)],
              ...REVIEW_STATE_ORDER.map((s): [string, string] => [s, reviewLabel(s)]),
            ])}
            {select(
              'risk',
              t('console:records.risk'),
              RISK_LEVELS.map((l) => [l, riskLabel(l)]),
            )}
            <div>
              <label for="filter-from">{t('console:records.from')}</label>
              <input
                id="filter-from"
                type="month"
                value={filters.from ?? ''}
                onInput={(e) => change({ from: (e.target as HTMLInputElement).value })}
              />
            </div>
            <div>
              <label for="filter-to">{t('console:records.to')}</label>
              <input
                id="filter-to"
                type="month"
                value={filters.to ?? ''}
                onInput={(e) => change({ to: (e.target as HTMLInputElement).value })}
              />
            </div>
            {select('device', t('console:records.device'), devices)}
            <div>
              <label class="inline">
                <input
                  type="checkbox"
                  checked={filters.flagged === true}
                  onChange={(e) => change({ flagged: (e.target as HTMLInputElement).checked })}
                />{' '}
                {t('console:records.flaggedOnly')}
              </label>
            </div>
          </div>
          <div class="toolbar">
            <p role="status">
              {t('console:records.count', {
                count: filtered.length,
                shown: formatNumber(filtered.length),
                total: formatNumber(list.length),
              })}
            </p>
            <button
              type="button"
              class="secondary"
              disabled={!filters.kind}
              onClick={() => void doExport('csv')}
            >
              {t('console:export.csv')}
            </button>
            <button
              type="button"
              class="secondary"
              disabled={!filters.kind}
              onClick={() => void doExport('xlsx')}
            >
              {t('console:export.xlsx')}
            </button>
            {!filters.kind && <span class="muted">{t('console:export.chooseKind')}</span>}
            {exportNote && <span role="status">{exportNote}</span>}
          </div>
          <RecordsTable
            items={filtered.slice(0, shown)}
            testId="records"
            caption={t('console:records.title')}
          />
          {filtered.length > shown && (
            <button type="button" class="secondary" onClick={() => setShown(shown + PAGE * 5)}>
              {t('console:records.more')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
