// The shapes of GET /api/console/map/* (docs/console-api.md, "Map"), shared by the server and the
// console browser app. Query parameters are parsed with these schemas on the server.
import { z } from 'zod';
import { AREA_LEVELS } from './facts';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');
const areaCode = z.string().regex(/^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/, 'a Kemendagri code');

export const mapCellSchema = z.object({
  value: z.number().int().nullable(),
  suppressed: z.boolean(),
});

export const mapTableQuerySchema = z
  .object({
    level: z.enum(AREA_LEVELS),
    parent: z.union([areaCode, z.literal('')]).default(''),
    from: month,
    to: month,
  })
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['from'] });

export const mapTrendQuerySchema = z
  .object({
    /** One area: every column indicator. */
    code: areaCode.optional(),
    /** Or every child area of `parent` at `level`: one indicator. */
    parent: z.union([areaCode, z.literal('')]).optional(),
    level: z.enum(AREA_LEVELS).optional(),
    indicator: z.string().max(64).optional(),
    to: month,
    months: z.coerce.number().int().min(1).max(36).default(12),
  })
  .refine((q) => q.code !== undefined || (q.level !== undefined && q.indicator !== undefined), {
    message: 'give code, or level and indicator (and parent)',
  });

export const mapReportQuerySchema = z.object({
  regency: z.string().regex(/^\d{2}\.\d{2}$/, 'a kabupaten code such as 33.01'),
  month,
});

export const mapRecordsQuerySchema = z
  .object({ code: areaCode, indicator: z.string().min(1).max(120), from: month, to: month })
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['from'] });

export type MapCellJson = z.infer<typeof mapCellSchema>;
export type MapTableQuery = z.infer<typeof mapTableQuerySchema>;
export type MapTrendQuery = z.infer<typeof mapTrendQuerySchema>;
export type MapReportQuery = z.infer<typeof mapReportQuerySchema>;
export type MapRecordsQuery = z.infer<typeof mapRecordsQuerySchema>;

export interface MapIndicatorJson {
  id: string;
  kind: string;
  group: string;
  lampiran: readonly string[];
  labelKey: string;
  unit: 'records' | 'people';
  column: boolean;
  breakdowns: { id: string; labelKey: string; labelKeyPrefix: string; codes: readonly string[] }[];
}

export interface MapIndicatorsResponse {
  indicators: MapIndicatorJson[];
  smallCount: number;
  audience: 'viewer' | 'coordinator';
}

export interface MapRowJson {
  code: string;
  cells: Record<string, MapCellJson>;
}

export interface MapTableResponse {
  level: (typeof AREA_LEVELS)[number];
  parent: string;
  from: string;
  to: string;
  audience: 'viewer' | 'coordinator';
  indicators: string[];
  /** Child areas that have any count in the period; areas without rows have none (0). */
  rows: MapRowJson[];
  /** The parent area itself over the same period (its records include those without a finer code). */
  total: MapRowJson;
}

export interface MapTrendResponse {
  to: string;
  months: string[];
  audience: 'viewer' | 'coordinator';
  /** One series per (area, indicator): cells in `months` order. */
  series: { code: string; indicator: string; cells: MapCellJson[] }[];
}

export interface MapReportIndicatorJson {
  id: string;
  current: MapCellJson;
  previous: MapCellJson;
  /** current − previous, only when both are shown. */
  change: number | null;
  breakdowns: {
    id: string;
    cells: { code: string; current: MapCellJson; previous: MapCellJson }[];
  }[];
}

export interface MapRiserJson {
  indicator: string;
  areas: { code: string; current: number; previous: number; change: number }[];
}

export interface MapReportResponse {
  regency: string;
  month: string;
  previousMonth: string;
  audience: 'viewer' | 'coordinator';
  indicators: MapReportIndicatorJson[];
  /** Kecamatan of the kabupaten this month (column indicators). */
  districts: MapRowJson[];
  /** Per column indicator, the desa whose count rose most from the previous month (top 5). */
  risers: MapRiserJson[];
}

export interface MapRecordsResponse {
  ids: string[];
  /** True when more than the limit matched (the list is the first `ids.length`). */
  more: boolean;
}
