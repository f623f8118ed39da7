// The monthly report's content, built from GET /map/report (the same sums as the map table):
// which kabupaten have records, the words of each line in Bahasa Indonesia, and the XLSX sheet
// (long format: one row per kabupaten × part × area × indicator × breakdown, for pivot tables).
import type { TFunction } from 'i18next';
import type {
  MapCellJson,
  MapIndicatorJson,
  MapReportResponse,
  MapTableResponse,
} from '../../domain/mapping';
import type { ExportTable } from '../export/table';
import { addMonths } from '../../domain/mapping';
import { areaName, loadNames, mapGet } from './mapData';
import { monthLabel } from './i18n';

/** Kabupaten/kota with any count in the 12 months up to `month`, by code. */
export async function regenciesWithData(month: string): Promise<string[]> {
  const from = addMonths(month, -11);
  const provinces = await mapGet<MapTableResponse>('table', {
    level: 'province',
    parent: '',
    from,
    to: month,
  });
  const tables = await Promise.all(
    provinces.rows.map((row) =>
      mapGet<MapTableResponse>('table', { level: 'regency', parent: row.code, from, to: month }),
    ),
  );
  const codes = tables.flatMap((table) => table.rows.map((row) => row.code)).sort();
  await loadNames(codes);
  return codes;
}

export async function loadReports(
  regencies: readonly string[],
  month: string,
): Promise<MapReportResponse[]> {
  const reports = await Promise.all(
    regencies.map((regency) => mapGet<MapReportResponse>('report', { regency, month })),
  );
  // Names of the kecamatan and desa named in the reports.
  await loadNames(
    reports.flatMap((r) => [
      r.regency,
      ...r.districts.map((d) => d.code),
      ...r.risers.flatMap((s) => s.areas.map((a) => a.code)),
    ]),
  );
  return reports;
}

export const SMALL_TEXT = '< 3';

/** A count for the report: the number, or "< 3" where it is withheld. */
export function countText(cell: MapCellJson | undefined, format: (n: number) => string): string {
  if (!cell) return format(0);
  return cell.suppressed || cell.value === null ? SMALL_TEXT : format(cell.value);
}

/** "+4", "−2", "0", or "—" when a month is withheld. */
export function changeText(change: number | null, format: (n: number) => string): string {
  if (change === null) return '—';
  if (change > 0) return `+${format(change)}`;
  if (change < 0) return `−${format(-change)}`;
  return format(0);
}

/** The label of a breakdown code, e.g. `records:options.countries.MY`. */
export function codeLabel(t: TFunction, prefix: string, code: string): string {
  return t(`${prefix}.${code}`, { defaultValue: code });
}

/** A kecamatan's name with its kind, for the desa that rose most: "Tambakreja (Kedungreja)". */
export function villageWithDistrict(code: string): string {
  const district = code.split('.').slice(0, 3).join('.');
  return `${areaName(code)} (${areaName(district)})`;
}

const cellValue = (cell: MapCellJson | undefined): string | number =>
  !cell ? 0 : cell.suppressed || cell.value === null ? SMALL_TEXT : cell.value;

/** The whole report as one sheet (always Bahasa Indonesia). */
export function reportSheet(
  reports: readonly MapReportResponse[],
  catalogue: readonly MapIndicatorJson[],
  t: TFunction,
): ExportTable {
  const byId = new Map(catalogue.map((i) => [i.id, i]));
  const headers = [
    'regency',
    'part',
    'area',
    'indicator',
    'breakdown',
    'lampiran',
    'previous',
    'current',
    'change',
  ].map((key) => t(`map:report.columns.${key}`));
  const rows: (string | number)[][] = [];
  for (const report of reports) {
    const regency = `${areaName(report.regency)} (${report.regency})`;
    for (const line of report.indicators) {
      const definition = byId.get(line.id);
      const label = t(`map:indicator.${line.id}`);
      const lampiran = definition?.lampiran.join(', ') ?? '';
      rows.push([
        regency,
        t('map:report.parts.indicators'),
        areaName(report.regency),
        label,
        '',
        lampiran,
        cellValue(line.previous),
        cellValue(line.current),
        line.change ?? '—',
      ]);
      for (const breakdown of line.breakdowns) {
        const meta = definition?.breakdowns.find((b) => b.id === breakdown.id);
        for (const cell of breakdown.cells)
          rows.push([
            regency,
            t('map:report.parts.indicators'),
            areaName(report.regency),
            label,
            `${t(meta?.labelKey ?? '')}: ${codeLabel(t, meta?.labelKeyPrefix ?? '', cell.code)}`,
            lampiran,
            cellValue(cell.previous),
            cellValue(cell.current),
            cell.previous.value === null || cell.current.value === null
              ? '—'
              : cell.current.value - cell.previous.value,
          ]);
      }
    }
    for (const district of report.districts)
      for (const [id, cell] of Object.entries(district.cells))
        rows.push([
          regency,
          t('map:report.parts.districts'),
          areaName(district.code),
          t(`map:indicator.${id}`),
          '',
          byId.get(id)?.lampiran.join(', ') ?? '',
          '',
          cellValue(cell),
          '',
        ]);
    for (const riser of report.risers)
      for (const area of riser.areas)
        rows.push([
          regency,
          t('map:report.parts.risers'),
          villageWithDistrict(area.code),
          t(`map:indicator.${riser.indicator}`),
          '',
          byId.get(riser.indicator)?.lampiran.join(', ') ?? '',
          area.previous,
          area.current,
          area.change,
        ]);
  }
  return { headers, rows };
}

export function reportTitle(t: TFunction, regency: string, month: string): string {
  return t('map:report.heading', { regency: areaName(regency), month: monthLabel(month, 'id') });
}
